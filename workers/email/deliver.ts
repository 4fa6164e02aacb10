// One queue message, start to finish. Every path ends in exactly one ack() or retry():
//
//   claim the log row ──► already finished? ──► ack (a redelivery sends nothing)
//          │
//          ▼
//   prepare from D1 ──► skip (a rule) / fail (missing data) ──► void its link*, record, ack
//          │
//          ▼
//   send (Resend, or the dev mailbox) ──► sent ──► record, ack
//                                     ├─► permanent error ──► failed, ack
//                                     └─► transient error ──► queued + retry with back-off,
//                                                             or, on the last attempt, failed + retry
//                                                             (which moves it to the dead-letter queue)
//
// * A registration or reset link that no email carries is voided whenever the email ends unsent
//   (log.ts, voidUndeliveredLink); an invite's link is kept for the admin to hand on.
import type { Resend } from "resend";
import { EmailMessageSchema } from "../../app/lib/email/messages";
import { DEV_MAILBOX_PROVIDER_ID, UNFINISHED_EMAIL_STATUSES } from "../../app/lib/email/states";
import type { Database } from "../../db/client";
import type { EmailConfig } from "./config";
import { claim, failUnreadable, recordInviteOutcome, settle, voidUndeliveredLink } from "./log";
import { type OutgoingEmail, prepareEmail } from "./prepare";
import { type SendOutcome, sendWithResend } from "./resend";

export type DeliveryDeps = {
  db: Database;
  config: EmailConfig;
  /** Null when RESEND_API_KEY is not set. */
  resend: Resend | null;
  now: () => number;
};

/** Cloudflare Queues delays a message by at most 12 hours. */
const MAX_DELAY_SECONDS = 43_200;

/** Exponential back-off: base, 2 × base, 4 × base… for attempts 1, 2, 3… */
export function retryDelaySeconds(attempt: number, baseSeconds: number): number {
  return Math.min(Math.round(baseSeconds * 2 ** Math.max(attempt - 1, 0)), MAX_DELAY_SECONDS);
}

/** The queue gives up after max_retries retries, so delivery max_retries + 1 is the last. */
export function isLastAttempt(message: Message, config: EmailConfig): boolean {
  return message.attempts > config.maxRetries;
}

export async function deliver(message: Message<unknown>, deps: DeliveryDeps): Promise<void> {
  const { db, config, now } = deps;
  const parsed = EmailMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // A producer bug; no retry can fix it.
    const reason = `unreadable message: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`;
    console.error(`email: ${reason}`);
    const key = idempotencyKeyOf(message.body);
    if (key) await failUnreadable(db, key, reason, now());
    message.ack();
    return;
  }
  const email = parsed.data;
  const key = email.idempotencyKey;

  const claimed = await claim(db, email, now());
  if (!claimed) {
    message.ack();
    return;
  }

  const prepared = await prepareEmail(db, email, config, now());
  if (prepared.outcome !== "send") {
    await voidUndeliveredLink(db, email, now());
    await settle(
      db,
      key,
      {
        status: prepared.outcome === "skip" ? "skipped" : "failed",
        reason: prepared.reason,
        recipient: prepared.recipient,
      },
      now(),
    );
    if (prepared.outcome === "fail") await recordInviteOutcome(db, email, "failed", now());
    message.ack();
    return;
  }

  const outgoing = prepared.email;
  const outcome = await send(outgoing, key, deps);
  switch (outcome.kind) {
    case "sent": {
      await settle(
        db,
        key,
        {
          status: "sent",
          providerId: outcome.providerId,
          recipient: outgoing.to,
          subject: outgoing.subject,
          reason: outcome.note,
          html: config.devMode ? outgoing.html : null,
          text: config.devMode ? outgoing.text : null,
        },
        now(),
      );
      await recordInviteOutcome(db, email, "sent", now());
      message.ack();
      return;
    }
    case "permanent": {
      await voidUndeliveredLink(db, email, now());
      await settle(
        db,
        key,
        { status: "failed", reason: outcome.reason, recipient: outgoing.to },
        now(),
      );
      await recordInviteOutcome(db, email, "failed", now());
      message.ack();
      return;
    }
    case "transient":
      if (isLastAttempt(message, config)) await voidUndeliveredLink(db, email, now());
      await retryLater(message, deps, { key, reason: outcome.reason, recipient: outgoing.to });
      if (isLastAttempt(message, config)) await recordInviteOutcome(db, email, "failed", now());
      return;
  }
}

async function send(email: OutgoingEmail, key: string, deps: DeliveryDeps): Promise<SendOutcome> {
  if (deps.resend) return sendWithResend(deps.resend, email, key);
  if (deps.config.devMode) return { kind: "sent", providerId: DEV_MAILBOX_PROVIDER_ID, note: null };
  // Production without a key is a broken deployment, not a mailbox: say so loudly and keep the
  // email queued, so it goes out once the secret is set (or fails visibly after the last attempt).
  const reason = "configuration error: RESEND_API_KEY is not set";
  console.error(`email: ${reason}`);
  return { kind: "transient", reason };
}

/**
 * A transient failure: back in line with a growing delay, or, on the last attempt, recorded as
 * failed and handed to the queue once more, which moves it to the dead-letter queue.
 */
export async function retryLater(
  message: Message<unknown>,
  deps: DeliveryDeps,
  failure: { key: string; reason: string; recipient: string | null },
): Promise<void> {
  const { db, config, now } = deps;
  const { key, reason, recipient } = failure;
  if (isLastAttempt(message, config)) {
    // Also from `queued`: the attempt may have failed before it could take the row.
    await settle(
      db,
      key,
      {
        status: "failed",
        reason: `${reason} (gave up after ${message.attempts} attempts)`,
        recipient,
      },
      now(),
      UNFINISHED_EMAIL_STATUSES,
    );
    message.retry();
    return;
  }
  await settle(db, key, { status: "queued", reason: `will retry: ${reason}` }, now());
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts, config.retryBaseSeconds) });
}

export function idempotencyKeyOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("idempotencyKey" in body)) return null;
  const key = body.idempotencyKey;
  return typeof key === "string" && key !== "" ? key : null;
}
