// The owner's email address is verified by a single-use link sent at sign-up ("send again" on the
// account's home issues a new one). Following it sets users.email_verified_at, once, and only for
// the address the link was sent to.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { runBatch } from "../../../db/batch";
import type { Database } from "../../../db/client";
import { emailLog, oneTimeTokens, type User, users } from "../../../db/schema";
import { LINK_TTL_MS, spendLinkStatement } from "../auth/links.server";
import { newToken, parseToken, secretMatches } from "../auth/tokens";
import { type EmailProducer, queuedRow } from "../email/enqueue.server";
import type { EmailMessage } from "../email/messages";

const KIND = "dashboard_email_verification";

/**
 * A new verification link for the user's address, as statements for the caller's batch: the link
 * and its queued email-log row land together. `message` goes on the queue after the batch; should
 * that fail, the scheduled sweep finds the queued row and sends a fresh link.
 */
export function verificationEmail(
  db: Database,
  accountId: string,
  user: Pick<User, "id" | "email">,
  now: number,
): { statements: BatchItem<"sqlite">[]; message: EmailMessage } {
  const { id, secretHash, token } = newToken();
  const message: EmailMessage = {
    kind: KIND,
    idempotencyKey: `${KIND}:${id}`,
    accountId,
    userId: user.id,
    token,
  };
  return {
    message,
    statements: [
      db.insert(oneTimeTokens).values({
        id,
        secretHash,
        kind: KIND,
        accountId,
        userId: user.id,
        email: user.email,
        expiresAt: now + LINK_TTL_MS,
        createdAt: now,
      }),
      db.insert(emailLog).values(queuedRow(message, now)),
    ],
  };
}

/** Puts a message whose log row is already written on the queue; the sweep covers a failure. */
export async function sendQueued(producer: EmailProducer, message: EmailMessage): Promise<void> {
  try {
    await producer.env.EMAIL_QUEUE.send(message);
  } catch (error) {
    console.error(`email: queueing ${message.idempotencyKey} failed; the sweep retries`, error);
  }
}

/** "Send again": a new link for a user not verified yet; nothing for one who is. */
export async function resendVerification(
  producer: EmailProducer,
  accountId: string,
  user: Pick<User, "id" | "email" | "emailVerifiedAt">,
  now = Date.now(),
): Promise<void> {
  if (user.emailVerifiedAt !== null) return;
  const { statements, message } = verificationEmail(producer.db, accountId, user, now);
  await runBatch(producer.db, statements);
  await sendQueued(producer, message);
}

/**
 * Follows a verification link: spends it and marks the address verified, in one batch, so of two
 * parallel uses one wins. The address must still be the user's. Null when the link is malformed,
 * unknown, spent, expired or for another address.
 */
export async function verifyEmail(
  db: Database,
  rawToken: string | undefined,
  now = Date.now(),
): Promise<{ email: string } | null> {
  const parsed = parseToken(rawToken);
  if (!parsed) return null;
  const row = await db
    .select({
      id: oneTimeTokens.id,
      secretHash: oneTimeTokens.secretHash,
      userId: users.id,
      email: users.email,
    })
    .from(oneTimeTokens)
    .innerJoin(users, and(eq(users.id, oneTimeTokens.userId), eq(users.email, oneTimeTokens.email)))
    .where(
      and(
        eq(oneTimeTokens.id, parsed.id),
        eq(oneTimeTokens.kind, KIND),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .get();
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
  const [spent] = await db.batch([
    spendLinkStatement(db, row.id, now),
    // Only when the statement above spent the link (it set used_at to this very `now`).
    db
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})` })
      .where(
        and(
          eq(users.id, row.userId),
          eq(users.email, row.email),
          sql`exists (select 1 from ${oneTimeTokens} where ${oneTimeTokens.id} = ${row.id} and ${oneTimeTokens.usedAt} = ${now})`,
        ),
      ),
  ]);
  return spent.length === 1 ? { email: row.email } : null;
}
