import { getTableColumns } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";

/** D1 binds at most 100 parameters per statement. */
export const D1_MAX_PARAMETERS = 100;

/** Insert statements for `rows`, each small enough for D1's parameter limit; run them in one batch. */
export function chunkedInsert<T extends SQLiteTable>(
  db: Database,
  table: T,
  rows: T["$inferInsert"][],
): BatchItem<"sqlite">[] {
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(D1_MAX_PARAMETERS / perRow));
  const statements: BatchItem<"sqlite">[] = [];
  for (let start = 0; start < rows.length; start += size) {
    statements.push(db.insert(table).values(rows.slice(start, start + size)));
  }
  return statements;
}

/** Runs statements atomically in one D1 batch (all or nothing). */
export async function runBatch(db: Database, statements: BatchItem<"sqlite">[]): Promise<void> {
  const [first, ...rest] = statements;
  if (!first) return;
  await db.batch([first, ...rest]);
}
