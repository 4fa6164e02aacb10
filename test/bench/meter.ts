// Counts what a request costs in D1: round trips, and the rows each statement read and wrote.
//
// The runtime's D1 binding sends every call (`all`, `raw`, `run`, `first`, one whole `batch`) as one
// request to the database service behind it, and the answer carries D1's `meta` for each statement.
// So the meter sits on that transport: one fetch is one round trip, whatever the API call was, and
// rows read are known even for Drizzle's selects (which use `raw()` and drop the meta).

export type Statement = { sql: string; params: unknown[] };

export type Trip = {
  statements: Statement[];
  /** D1's `meta.rows_read` summed over the trip's statements. */
  rowsRead: number;
  rowsWritten: number;
};

type D1Meta = { rows_read?: number; rows_written?: number };
type Fetcher = { fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> };

function statementsOf(body: BodyInit | null | undefined): Statement[] {
  if (typeof body !== "string") return [];
  const parsed = JSON.parse(body) as
    | { sql: string; params?: unknown[] }
    | { sql: string; params?: unknown[] }[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((s) => ({
    sql: s.sql,
    params: s.params ?? [],
  }));
}

function metaOf(answer: unknown): D1Meta[] {
  const results = Array.isArray(answer) ? answer : [answer];
  return results.map((result) => (result as { meta?: D1Meta } | null)?.meta ?? {});
}

/** A D1 binding that behaves like `d1` and records each round trip in `trips`. */
export function meteredD1(d1: D1Database): { d1: D1Database; trips: Trip[] } {
  const inner = (d1 as unknown as { fetcher?: Fetcher }).fetcher;
  if (!inner) throw new Error("the D1 binding has no fetcher: the runtime's D1 shim changed shape");
  const trips: Trip[] = [];
  const fetcher: Fetcher = {
    async fetch(input, init) {
      const statements = statementsOf(init?.body);
      const response = await inner.fetch(input, init);
      const metas = metaOf(await response.clone().json());
      trips.push({
        statements,
        rowsRead: metas.reduce((sum, meta) => sum + (meta.rows_read ?? 0), 0),
        rowsWritten: metas.reduce((sum, meta) => sum + (meta.rows_written ?? 0), 0),
      });
      return response;
    },
  };
  // The binding's own class around the metered transport: prepare, bind, batch behave as before.
  const D1 = d1.constructor as new (fetcher: Fetcher) => D1Database;
  return { d1: new D1(fetcher), trips };
}
