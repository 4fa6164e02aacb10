// One sign-in attempt with a password, the same for customers and dashboard users: the per-IP
// limit, the lockout after repeated failures, and a verification that takes as long whether or not
// the address exists. Failures are counted in SQL, so parallel attempts each count once.
import { sql } from "drizzle-orm";
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
  passwordHash: string | null;
  lockedUntil: number | null;
};

export type AttemptFailure =
  | { ok: false; error: "signIn.invalid" }
  | { ok: false; error: "signIn.locked" | "signIn.rateLimited"; retryAt: number };

export async function attemptPassword(
  db: Database,
  config: Config,
  input: { ip: string; password: string; principal: Principal | null },
  now: number,
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
  if (principal?.lockedUntil && principal.lockedUntil > now) {
    return { ok: false, error: "signIn.locked", retryAt: principal.lockedUntil };
  }
  const valid = await verifyPassword(input.password, principal?.passwordHash ?? DUMMY_HASH);
  const table = principal ? sql.raw(principal.table) : null;
  if (!principal || !table || !principal.passwordHash || !valid) {
    if (!principal || !table) return { ok: false, error: "signIn.invalid" };
    const [counted] = await db.all<{ locked_until: number | null }>(sql`
      update ${table} set
        failed_sign_ins = failed_sign_ins + 1,
        locked_until = case when failed_sign_ins + 1 >= ${config.lockoutThreshold}
                            then ${now + config.lockoutMs} else locked_until end
      where id = ${principal.id}
      returning locked_until`);
    const lockedUntil = counted?.locked_until;
    return lockedUntil && lockedUntil > now
      ? { ok: false, error: "signIn.locked", retryAt: lockedUntil }
      : { ok: false, error: "signIn.invalid" };
  }
  return { ok: true };
}

/** After a successful sign-in (or a new password) the failure count starts again. */
export function clearFailures(db: Database, principal: Pick<Principal, "table" | "id">) {
  return db.run(
    sql`update ${sql.raw(principal.table)} set failed_sign_ins = 0, locked_until = null where id = ${principal.id}`,
  );
}
