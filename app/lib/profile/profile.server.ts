// A dashboard user's own account: name, password, sessions, the accounts they belong to and their
// security history. Every query is scoped to the signed-in user; ids from forms never reach
// another user's rows.
import { and, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  accounts,
  memberships,
  oneTimeTokens,
  securityEvents,
  sessions,
  twoFactorChallenges,
  type User,
  users,
} from "../../../db/schema";
import { type AttemptFailure, attemptPassword, countedAttempt } from "../auth/attempt.server";
import { hashPassword, verifyPassword } from "../auth/password";
import type { Config } from "../config";
import {
  disableTwoFactorStatements,
  securityEvent,
  verifySecondFactor,
} from "../two-factor/two-factor.server";

export function userAccounts(db: Database, userId: string) {
  return db
    .select({
      name: accounts.name,
      slug: accounts.slug,
      role: memberships.role,
      requireTwoFactor: accounts.requireTwoFactor,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(accounts.name);
}

/** The user's dashboard sessions that still count, newest first. */
export function userSessions(db: Database, userId: string, now = Date.now()) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(
      and(eq(sessions.userId, userId), eq(sessions.kind, "dashboard"), gt(sessions.expiresAt, now)),
    )
    .orderBy(desc(sessions.createdAt));
}

/** Signs out one of the user's sessions; someone else's id changes nothing. */
export async function endSession(db: Database, userId: string, sessionId: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(eq(sessions.id, sessionId), eq(sessions.userId, userId), eq(sessions.kind, "dashboard")),
    );
}

/**
 * The user's unused reset and email-change links stop working: after a password change or "sign
 * out everywhere", whoever asked for them from a stolen session cannot finish.
 */
function voidUserLinks(db: Database, userId: string, now: number) {
  return db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        inArray(oneTimeTokens.kind, ["dashboard_password_reset", "dashboard_email_change"]),
        isNull(oneTimeTokens.usedAt),
      ),
    );
}

/** "Sign out everywhere": every session of the user ends, this one too. */
export async function endAllSessions(db: Database, userId: string, now = Date.now()) {
  await db.batch([
    voidUserLinks(db, userId, now),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    db.delete(twoFactorChallenges).where(eq(twoFactorChallenges.userId, userId)),
    securityEvent(db, userId, "signed_out_everywhere", now),
  ]);
}

export async function renameUser(db: Database, userId: string, name: string): Promise<void> {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}

/**
 * A new password after checking the current one (counted like a sign-in). The user's other
 * sessions, pending sign-in challenges and unused reset links end; this session stays.
 */
export async function changeUserPassword(
  db: Database,
  config: Config,
  user: User,
  currentSessionId: string,
  input: { current: string; next: string; ip: string },
  now = Date.now(),
): Promise<"changed" | AttemptFailure> {
  const attempt = await attemptPassword(
    db,
    config,
    {
      ip: input.ip,
      password: input.current,
      principal: { table: "users", ...user },
      address: { scope: "users", email: user.email },
    },
    now,
  );
  if (!attempt.ok) return attempt;
  const passwordHash = await hashPassword(input.next);
  await db.batch([
    db
      .update(users)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(eq(users.id, user.id)),
    db.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, currentSessionId))),
    db.delete(twoFactorChallenges).where(eq(twoFactorChallenges.userId, user.id)),
    voidUserLinks(db, user.id, now),
    securityEvent(db, user.id, "password_changed", now),
  ]);
  return "changed";
}

/**
 * Turns two-factor off; it takes the password and a code (or a recovery code), checked as one
 * counted attempt so neither can be guessed past the lockout. The code is checked only after the
 * password is right, so a wrong password spends no code.
 */
export async function disableTwoFactor(
  db: Database,
  config: Config,
  user: User,
  input: { password: string; code: string; ip: string },
  now = Date.now(),
): Promise<"disabled" | AttemptFailure> {
  const attempt = await countedAttempt(
    db,
    config,
    {
      ip: input.ip,
      principal: { table: "users", id: user.id },
      address: { scope: "users", email: user.email },
    },
    now,
    async () =>
      Boolean(user.passwordHash) &&
      (await verifyPassword(input.password, user.passwordHash ?? "")) &&
      (await verifySecondFactor(db, config, user.id, input.code, now)),
  );
  if (!attempt.ok) return attempt;
  await db.batch([
    ...disableTwoFactorStatements(db, user, now),
    db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id)),
  ]);
  return "disabled";
}

/** The user's latest security events, for their profile. */
export function securityHistory(db: Database, userId: string, limit = 20) {
  return db
    .select({ event: securityEvents.event, createdAt: securityEvents.createdAt })
    .from(securityEvents)
    .where(eq(securityEvents.userId, userId))
    .orderBy(desc(securityEvents.createdAt))
    .limit(limit);
}
