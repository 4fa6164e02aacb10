import type { Database } from "../../../db/client";
import { emailLog } from "../../../db/schema";
import { parseToken } from "../auth/tokens";
import { newId } from "../db/ids";
import type { EmailMessage } from "./messages";

export type EmailProducer = { db: Database; env: { EMAIL_QUEUE: Queue<EmailMessage> } };

/**
 * What the email log keeps of a message so a stuck email can be sent again: all of it but the link
 * token, which is never stored. A link email keeps only its link's id (the token's public half),
 * so the sweep can void that link and send a new one (app/lib/email/requeue.server.ts).
 */
export function storedEmail(message: EmailMessage): Record<string, string> {
  if (!("token" in message)) return { ...message };
  const { token, ...rest } = message;
  const tokenId = parseToken(token)?.id;
  return tokenId ? { ...rest, tokenId } : rest;
}

/** The queued log row for a message. */
export function queuedRow(message: EmailMessage, now: number): typeof emailLog.$inferInsert {
  return {
    id: newId("eml"),
    idempotencyKey: message.idempotencyKey,
    kind: message.kind,
    accountId: message.accountId,
    portalId: "portalId" in message ? message.portalId : null,
    payload: storedEmail(message),
    status: "queued",
    updatedAt: now,
  };
}

/**
 * The only way the app sends email: record it as queued, then put it on the queue. The email
 * worker decides at send time whether it may go out and what it says; the app never calls Resend.
 * The idempotency key makes repeated calls for the same email (a retried request) one email.
 * Should the queue never deliver it, the scheduled sweep finds the row and queues it again.
 */
export async function enqueueEmail(producer: EmailProducer, message: EmailMessage): Promise<void> {
  await producer.db
    .insert(emailLog)
    .values(queuedRow(message, Date.now()))
    .onConflictDoNothing({ target: emailLog.idempotencyKey });
  // Sent even when the row existed: a request retried after a failed send must still deliver, and
  // the email worker sends nothing for a key it has already sent.
  await producer.env.EMAIL_QUEUE.send(message);
}
