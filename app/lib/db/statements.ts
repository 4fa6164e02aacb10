// Conditional writes — `INSERT … SELECT … WHERE` the state still holds, an audit entry `WHERE
// changes() > 0` — are raw SQL with parameters, which drizzle's D1 batch cannot bind. This runs
// drizzle queries and such SQL together in one D1 batch (one transaction, all or nothing) and
// answers D1's own results: `meta.changes` is how many rows each statement wrote, `results` what a
// `RETURNING` returned.
import { is, SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/client";

const dialect = new SQLiteSyncDialect();

export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

export function batchStatements(db: Database, statements: Statement[]): Promise<D1Result[]> {
  const client = db.$client;
  return client.batch(
    statements.map((statement) => {
      const query = is(statement, SQL) ? dialect.sqlToQuery(statement) : statement.toSQL();
      return client.prepare(query.sql).bind(...query.params);
    }),
  );
}

/** Rows the statement wrote. */
export function changed(result: D1Result | undefined): number {
  return result?.meta.changes ?? 0;
}
