// Dashboard sign-in for an account's users: the same rules as a portal (IP limit, lockout, single-use
// reset links), on the users table and the dashboard host.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { memberships, oneTimeTokens, users } from "../../../db/schema";
import type { Config } from "../config";
import { type EmailProducer, enqueueEmail } from "../email/enqueue.server";
import { hashPassword, verifyPassword } from "./password";
import { DUMMY_HASH, LINK_TTL_MS, normalizeEmail, spendLink } from "./portal-auth.server";
import { countAttempt } from "./rate-limit.server";
import { createDashboardSession, invalidateUserSessions, type User } from "./sessions.server";
import { newToken, parseToken, secretMatches } from "./tokens";

export type DashboardSignInResult =
  | { ok: true; user: User; token: string; expiresAt: number }
  | { ok: false; error: "signIn.invalid" }
  | { ok: false; error: "signIn.locked" | "signIn.rateLimited"; retryAt: number };

export async function signInUser(
  db: Database,
  config: Config,
  input: { email: string; password: string; ip: string },
  now = Date.now(),
): Promise<DashboardSignInResult> {
  const ip = await countAttempt(
    db,
    `sign-in:ip:${input.ip}`,
    config.signInIpLimit,
    config.signInIpWindowMs,
    now,
  );
  if (!ip.allowed) return { ok: false, error: "signIn.rateLimited", retryAt: ip.retryAt };
  const user = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(input.email)))
    .get();
  if (user?.lockedUntil && user.lockedUntil > now) {
    return { ok: false, error: "signIn.locked", retryAt: user.lockedUntil };
  }
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user?.passwordHash || !valid) {
    if (user) {
      const [counted] = await db
        .update(users)
        .set({
          failedSignIns: sql`${users.failedSignIns} + 1`,
          lockedUntil: sql`case when ${users.failedSignIns} + 1 >= ${config.lockoutThreshold}
            then ${now + config.lockoutMs} else ${users.lockedUntil} end`,
        })
        .where(eq(users.id, user.id))
        .returning({ lockedUntil: users.lockedUntil });
      if (counted?.lockedUntil && counted.lockedUntil > now) {
        return { ok: false, error: "signIn.locked", retryAt: counted.lockedUntil };
      }
    }
    return { ok: false, error: "signIn.invalid" };
  }
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
  const session = await createDashboardSession(
    db,
    { userId: user.id, host: config.dashboardHost },
    now,
  );
  return { ok: true, user, ...session };
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

/** New password from a reset link: the link is spent once, every session of the user ends. */
export async function completeUserPasswordReset(
  db: Database,
  config: Config,
  target: { tokenId: string; user: User },
  password: string,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number } | null> {
  const passwordHash = await hashPassword(password);
  if (!(await spendLink(db, target.tokenId, now))) return null;
  await db.batch([
    db
      .update(users)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(eq(users.id, target.user.id)),
    invalidateUserSessions(db, target.user.id),
  ]);
  return createDashboardSession(db, { userId: target.user.id, host: config.dashboardHost }, now);
}
