// One sign-in attempt with a password, the same for customers and dashboard users: the per-IP
// limit, the lockout after repeated failures, and a verification that takes as long whether or not
// the address exists.
//
// The lockout counts first and verifies after: each attempt takes a number in one conditional
// update, and only the first `lockoutThreshold` numbers since the last success (or the last lock's
// end) get a password verification. Parallel guesses therefore get exactly the threshold, never
// more. A right password clears the count (clearFailures); a lock that has ended starts it again.
//
//   count 0 ──attempt──► 1 … threshold-1   verify; wrong → "invalid"
//                        threshold          verify, lock set in the same update; wrong → "locked"
//                        > threshold        no verification → "locked" until the lock ends
//   lock ended ──attempt──► 1              (the old count is forgotten)
//
// An unknown address is counted the same way in `rate_limits`, keyed by its scope and normalized
// address, so it locks exactly like a real one and the answer tells no one which addresses exist.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { Config } from "../config";
import { verifyPassword } from "./password";
import { countAttempt } from "./rate-limit.server";

// Verified when the address is unknown, so the answer takes as long either way.
const DUMMY_HASH =
  "scrypt$16384$8$5$BStIXLXaG10V69lvJ7AX3Q==$ZfO6g8ji3fzJZyS4b5BDMtXWhTFVVGW4aLRv7sgo9wk=";

/** Who is signing in: a row of `contacts` or `users` (both carry the lockout columns). */
export type Principal = {
  table: "contacts" | "users";
  id: string;
  passwordHash?: string | null;
};

/**
 * The address that was typed, normalized, and where it is unique: an account's id for contacts,
 * `users` for the dashboard. Unknown addresses are locked under it.
 */
export type SignInAddress = { scope: string; email: string };

export type AttemptFailure =
  | { ok: false; error: "signIn.invalid" }
  | { ok: false; error: "signIn.locked" | "signIn.rateLimited"; retryAt: number };

type LockoutRule = { threshold: number; lockoutMs: number; now: number };

/**
 * The new count and lock of one counted attempt, from the old ones: the one rule, written once as
 * SQL so it runs inside the single statement that counts (all SET expressions read the old row).
 */
function nextLockout(old: { count: SQL; lockedUntil: SQL }, rule: LockoutRule) {
  const count = sql`(case when ${old.lockedUntil} <= ${rule.now} then 1 else ${old.count} + 1 end)`;
  const lockedUntil = sql`(case
    when ${old.lockedUntil} > ${rule.now} then ${old.lockedUntil}
    when ${count} >= ${rule.threshold} then ${rule.now + rule.lockoutMs}
    else null end)`;
  return { count, lockedUntil };
}

/** Counts one attempt for a known principal; returns the count and lock after it. */
async function countPrincipal(db: Database, principal: Principal, rule: LockoutRule) {
  const next = nextLockout({ count: sql`failed_sign_ins`, lockedUntil: sql`locked_until` }, rule);
  const [row] = await db.all<{ count: number; locked_until: number | null }>(sql`
    update ${sql.raw(principal.table)}
    set failed_sign_ins = ${next.count}, locked_until = ${next.lockedUntil}
    where id = ${principal.id}
    returning failed_sign_ins as count, locked_until`);
  return { count: row?.count ?? 1, lockedUntil: row?.locked_until ?? null };
}

/**
 * Counts one attempt for an unknown address in `rate_limits`. Its row keeps the failure count in
 * `count` and the lock's end in `window_start` (0 while unlocked: the column is NOT NULL).
 */
async function countUnknown(db: Database, address: SignInAddress, rule: LockoutRule) {
  const key = `lockout:${address.scope}:${address.email}`;
  const first = nextLockout({ count: sql`0`, lockedUntil: sql`null` }, rule);
  const next = nextLockout(
    { count: sql`rate_limits.count`, lockedUntil: sql`nullif(rate_limits.window_start, 0)` },
    rule,
  );
  const [row] = await db.all<{ count: number; locked_until: number }>(sql`
    insert into rate_limits (key, window_start, count)
    values (${key}, coalesce(${first.lockedUntil}, 0), ${first.count})
    on conflict (key) do update set
      count = ${next.count}, window_start = coalesce(${next.lockedUntil}, 0)
    returning count, window_start as locked_until`);
  return { count: row?.count ?? 1, lockedUntil: row?.locked_until || null };
}

export async function attemptPassword(
  db: Database,
  config: Config,
  input: { ip: string; password: string; principal: Principal | null; address: SignInAddress },
  now: number,
): Promise<{ ok: true } | AttemptFailure> {
  const { principal } = input;
  return countedAttempt(db, config, input, now, async () => {
    const valid = await verifyPassword(input.password, principal?.passwordHash ?? DUMMY_HASH);
    return Boolean(principal?.passwordHash && valid);
  });
}

/**
 * One counted attempt at any secret of a sign-in (the password, then a two-factor code): the IP
 * limit and the lockout come first, and `verify` runs only for an attempt within the threshold. A
 * wrong code therefore counts towards the same lockout as a wrong password.
 */
export async function countedAttempt(
  db: Database,
  config: Config,
  input: { ip: string; principal: Principal | null; address: SignInAddress },
  now: number,
  verify: () => Promise<boolean>,
): Promise<{ ok: true } | AttemptFailure> {
  const ip = await countAttempt(
    db,
    `sign-in:ip:${input.ip}`,
    config.signInIpLimit,
    config.signInIpWindowMs,
    now,
  );
  if (!ip.allowed) return { ok: false, error: "signIn.rateLimited", retryAt: ip.retryAt };

  const { principal } = input;
  const rule = { threshold: config.lockoutThreshold, lockoutMs: config.lockoutMs, now };
  const counted = principal
    ? await countPrincipal(db, principal, rule)
    : await countUnknown(db, input.address, rule);
  const locked = (): AttemptFailure => ({
    ok: false,
    error: "signIn.locked",
    retryAt: counted.lockedUntil ?? now + config.lockoutMs,
  });
  if (counted.count > config.lockoutThreshold) return locked();

  if (await verify()) return { ok: true };
  return counted.lockedUntil && counted.lockedUntil > now
    ? locked()
    : { ok: false, error: "signIn.invalid" };
}

/** After a successful sign-in (or a new password) the failure count starts again. */
export function clearFailures(db: Database, principal: Pick<Principal, "table" | "id">) {
  return db.run(
    sql`update ${sql.raw(principal.table)} set failed_sign_ins = 0, locked_until = null where id = ${principal.id}`,
  );
}
