// Rows that nothing reads any more, deleted a bounded number at a time. Each table has an index on
// the column the purge compares, so a run reads only what it deletes.
import { sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/client";
import { oneTimeTokens, rateLimits, sessions, twoFactorChallenges } from "../../../db/schema";

/** Deletes at most `limit` rows whose `column` is at or before `now`; returns how many. */
async function purgeUntil(
  db: Database,
  table: SQLiteTable,
  column: SQLiteColumn,
  now: number,
  limit: number,
): Promise<number> {
  const result = await db.run(
    sql`delete from ${table} where rowid in (select rowid from ${table} where ${column} <= ${now} limit ${limit})`,
  );
  return result.meta.changes ?? 0;
}

/** Sessions past their expiry: validation already refuses them (app/lib/auth/sessions.server.ts). */
export function purgeSessions(db: Database, now: number, limit: number): Promise<number> {
  return purgeUntil(db, sessions, sessions.expiresAt, now, limit);
}

/**
 * Links past their expiry, used or not. Every check of a link asks for `used_at IS NULL`, so a used
 * link is read by nothing; it stays until its expiry (a day for portal links) so support can still
 * see when it was used, and goes with the expired ones.
 */
export function purgeLinks(db: Database, now: number, limit: number): Promise<number> {
  return purgeUntil(db, oneTimeTokens, oneTimeTokens.expiresAt, now, limit);
}

/** Rate-limit counters whose window has ended: the next attempt starts a new window anyway. */
export function purgeRateLimits(db: Database, now: number, limit: number): Promise<number> {
  return purgeUntil(db, rateLimits, rateLimits.windowEndsAt, now, limit);
}

/** Sign-in challenges past their few minutes: the second step already refuses them. */
export function purgeChallenges(db: Database, now: number, limit: number): Promise<number> {
  return purgeUntil(db, twoFactorChallenges, twoFactorChallenges.expiresAt, now, limit);
}
