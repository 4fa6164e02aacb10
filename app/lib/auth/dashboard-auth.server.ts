// Dashboard sign-in for an account's users: the same rules as a portal (IP limit, lockout, single-use
// reset links), on the users table and the dashboard host.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  memberships,
  oneTimeTokens,
  twoFactorChallenges,
  type User,
  users,
} from "../../../db/schema";
import type { Config } from "../config";
import { type EmailProducer, enqueueEmail } from "../email/enqueue.server";
import { createChallenge, readChallenge, spendChallenge } from "../two-factor/challenge.server";
import { hasTwoFactor, verifySecondFactor } from "../two-factor/two-factor.server";
import { normalizeEmail } from "./addresses";
import {
  type AttemptFailure,
  attemptPassword,
  clearFailures,
  countedAttempt,
} from "./attempt.server";
import { LINK_TTL_MS, spendLink } from "./links.server";
import { hashPassword } from "./password";
import { createDashboardSession, invalidateUserSessions } from "./sessions.server";
import { newToken, parseToken, secretMatches } from "./tokens";

export type DashboardSignInResult =
  | { ok: true; user: User; token: string; expiresAt: number }
  /** The password was right and the user has two-factor on: a challenge, not yet a session. */
  | { ok: "two_factor"; challenge: string; expiresAt: number }
  | AttemptFailure;

export async function signInUser(
  db: Database,
  config: Config,
  input: { email: string; password: string; ip: string },
  now = Date.now(),
): Promise<DashboardSignInResult> {
  const email = normalizeEmail(input.email);
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  const attempt = await attemptPassword(
    db,
    config,
    {
      ip: input.ip,
      password: input.password,
      principal: user ? { table: "users", ...user } : null,
      address: { scope: "users", email },
    },
    now,
  );
  if (!attempt.ok) return attempt;
  if (!user) return { ok: false, error: "signIn.invalid" };
  if (await hasTwoFactor(db, user.id)) {
    // The failure count stays until the second factor is right too: a known password does not
    // buy a fresh round of code guesses.
    const challenge = await createChallenge(
      db,
      { userId: user.id, host: config.dashboardHost },
      now,
    );
    return { ok: "two_factor", challenge: challenge.token, expiresAt: challenge.expiresAt };
  }
  await clearFailures(db, { table: "users", id: user.id });
  const session = await createDashboardSession(
    db,
    { userId: user.id, host: config.dashboardHost },
    now,
  );
  return { ok: true, user, ...session };
}

export type SecondFactorResult =
  | { ok: true; token: string; expiresAt: number }
  | { ok: false; error: "twoFactor.expired" }
  | AttemptFailure;

/**
 * The second step of a sign-in: the code (or a recovery code) for a challenge. A wrong code counts
 * towards the same lockout as a wrong password; the challenge is spent only by a right one.
 */
export async function completeSecondFactor(
  db: Database,
  config: Config,
  input: { challenge: string | null; code: string; ip: string },
  now = Date.now(),
): Promise<SecondFactorResult> {
  const pending = await readChallenge(db, input.challenge, config.dashboardHost, now);
  if (!pending) return { ok: false, error: "twoFactor.expired" };
  const { user } = pending;
  const attempt = await countedAttempt(
    db,
    config,
    {
      ip: input.ip,
      principal: { table: "users", id: user.id },
      address: { scope: "users", email: user.email },
    },
    now,
    () => verifySecondFactor(db, config, user.id, input.code, now),
  );
  if (!attempt.ok) return attempt;
  if (!(await spendChallenge(db, pending.challengeId, now))) {
    return { ok: false, error: "twoFactor.expired" };
  }
  await clearFailures(db, { table: "users", id: user.id });
  const session = await createDashboardSession(
    db,
    { userId: user.id, host: config.dashboardHost },
    now,
  );
  return { ok: true, ...session };
}

/** "Forgot password" on the dashboard: a reset link when the user exists; otherwise nothing. */
export async function requestUserPasswordReset(
  producer: EmailProducer,
  email: string,
  now = Date.now(),
): Promise<void> {
  const [row] = await producer.db
    .select({ user: users, accountId: memberships.accountId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  if (!row) return;
  const { id, secretHash, token } = newToken();
  await producer.db.insert(oneTimeTokens).values({
    id,
    secretHash,
    kind: "dashboard_password_reset",
    userId: row.user.id,
    expiresAt: now + LINK_TTL_MS,
    createdAt: now,
  });
  await enqueueEmail(producer, {
    kind: "dashboard_password_reset",
    idempotencyKey: `dashboard_password_reset:${id}`,
    accountId: row.accountId,
    userId: row.user.id,
    token,
  });
}

export async function checkUserResetLink(
  db: Database,
  rawToken: string | undefined,
  now = Date.now(),
): Promise<{ tokenId: string; user: User } | null> {
  const parsed = parseToken(rawToken);
  if (!parsed) return null;
  const row = await db
    .select({ token: oneTimeTokens, user: users })
    .from(oneTimeTokens)
    .innerJoin(users, eq(users.id, oneTimeTokens.userId))
    .where(
      and(
        eq(oneTimeTokens.id, parsed.id),
        eq(oneTimeTokens.kind, "dashboard_password_reset"),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .get();
  if (!row || !secretMatches(parsed.secret, row.token.secretHash)) return null;
  return { tokenId: row.token.id, user: row.user };
}

/**
 * New password from a reset link: the link is spent once, every session of the user ends. A user
 * with two-factor on gets a sign-in challenge, not a session: the link proves the inbox, not the
 * second factor.
 */
export async function completeUserPasswordReset(
  db: Database,
  config: Config,
  target: { tokenId: string; user: User },
  password: string,
  now = Date.now(),
): Promise<
  | { kind: "session"; token: string; expiresAt: number }
  | { kind: "two_factor"; challenge: string; expiresAt: number }
  | null
> {
  const passwordHash = await hashPassword(password);
  if (!(await spendLink(db, target.tokenId, now))) return null;
  await db.batch([
    db
      .update(users)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(eq(users.id, target.user.id)),
    invalidateUserSessions(db, target.user.id),
    db.delete(twoFactorChallenges).where(eq(twoFactorChallenges.userId, target.user.id)),
  ]);
  const scope = { userId: target.user.id, host: config.dashboardHost };
  if (await hasTwoFactor(db, target.user.id)) {
    const challenge = await createChallenge(db, scope, now);
    return { kind: "two_factor", challenge: challenge.token, expiresAt: challenge.expiresAt };
  }
  return { kind: "session", ...(await createDashboardSession(db, scope, now)) };
}
