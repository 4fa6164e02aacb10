// The step between a right password and the second factor. A challenge is not a session: it lives
// in its own table and cookie, which no guard reads, so holding one opens no page but the code
// form. It lasts a few minutes, is valid only on the dashboard host it was made on, and is spent
// by a conditional delete, so one challenge signs in at most once.
import { and, eq, gt } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { twoFactorChallenges, type User, users } from "../../../db/schema";
import { newToken, parseToken, secretMatches } from "../auth/tokens";

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export async function createChallenge(
  db: Database,
  scope: { userId: string; host: string },
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const { id, secretHash, token } = newToken();
  const expiresAt = now + CHALLENGE_TTL_MS;
  await db
    .insert(twoFactorChallenges)
    .values({ id, secretHash, userId: scope.userId, host: scope.host, expiresAt, createdAt: now });
  return { token, expiresAt };
}

/** The user a challenge cookie stands for, if it is unexpired and was made on this host. */
export async function readChallenge(
  db: Database,
  cookieValue: string | null | undefined,
  host: string,
  now = Date.now(),
): Promise<{ challengeId: string; user: User } | null> {
  const parsed = parseToken(cookieValue);
  if (!parsed) return null;
  const row = await db
    .select({ challenge: twoFactorChallenges, user: users })
    .from(twoFactorChallenges)
    .innerJoin(users, eq(users.id, twoFactorChallenges.userId))
    .where(
      and(
        eq(twoFactorChallenges.id, parsed.id),
        eq(twoFactorChallenges.host, host),
        gt(twoFactorChallenges.expiresAt, now),
      ),
    )
    .get();
  if (!row || !secretMatches(parsed.secret, row.challenge.secretHash)) return null;
  return { challengeId: row.challenge.id, user: row.user };
}

/** Spends the challenge; false when another request already did (or it expired meanwhile). */
export async function spendChallenge(
  db: Database,
  challengeId: string,
  now = Date.now(),
): Promise<boolean> {
  const spent = await db
    .delete(twoFactorChallenges)
    .where(and(eq(twoFactorChallenges.id, challengeId), gt(twoFactorChallenges.expiresAt, now)))
    .returning({ id: twoFactorChallenges.id });
  return spent.length === 1;
}
