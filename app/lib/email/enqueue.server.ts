import type { Database } from "../../../db/client";
import { emailLog } from "../../../db/schema";
import { newId } from "../db/ids";
import type { EmailMessage } from "./messages";

export type EmailProducer = { db: Database; env: { EMAIL_QUEUE: Queue<EmailMessage> } };

/**
 * The only way the app sends email: record it as queued, then put it on the queue. The email
 * worker decides at send time whether it may go out and what it says; the app never calls Resend.
 * The idempotency key makes repeated calls for the same email (a retried request) one email.
 */
export async function enqueueEmail(producer: EmailProducer, message: EmailMessage): Promise<void> {
  await producer.db
    .insert(emailLog)
    .values({
      id: newId("eml"),
      idempotencyKey: message.idempotencyKey,
      kind: message.kind,
      accountId: message.accountId,
      portalId: "portalId" in message ? message.portalId : null,
      status: "queued",
      updatedAt: Date.now(),
    })
    .onConflictDoNothing({ target: emailLog.idempotencyKey });
  // Sent even when the row existed: a request retried after a failed send must still deliver, and
  // the email worker sends nothing for a key it has already sent.
  await producer.env.EMAIL_QUEUE.send(message);
}
