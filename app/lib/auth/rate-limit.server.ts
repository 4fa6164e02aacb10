import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/**
 * Counts one attempt against `key` in a fixed window and says whether it is within `limit`.
 * The counter is one upsert, so parallel attempts each count exactly once.
 */
export async function countAttempt(
  db: Database,
  key: string,
  limit: number,
  windowMs: number,
  now = Date.now(),
): Promise<{ allowed: boolean; retryAt: number }> {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  // window_ends_at tells the scheduled purge when the row is of no more use.
  const [row] = await db.all<{ count: number }>(sql`
    insert into rate_limits (key, window_start, window_ends_at, count)
    values (${key}, ${windowStart}, ${windowStart + windowMs}, 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
      window_start = excluded.window_start,
      window_ends_at = excluded.window_ends_at
    returning count`);
  return { allowed: (row?.count ?? 1) <= limit, retryAt: windowStart + windowMs };
}

/** The client's address as Cloudflare's edge reports it; the key of every per-IP limit. */
export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP") ?? "unknown";
}
