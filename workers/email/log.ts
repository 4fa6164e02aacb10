// The email log as the email worker moves it along: queued → sending → sent | skipped | failed.
// D1 has no interactive transactions, so each step is one conditional statement: whichever delivery
// of a message gets there first wins, and a finished row is never taken again.
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { parseToken } from "../../app/lib/auth/tokens";
import { newId } from "../../app/lib/db/ids";
import { type EmailMessage, isPortalEmail } from "../../app/lib/email/messages";
import { UNFINISHED_EMAIL_STATUSES } from "../../app/lib/email/states";
import type { Database } from "../../db/client";
import { type EmailStatus, emailLog, oneTimeTokens, portalMembers } from "../../db/schema";

export type Claim = { id: string; attempts: number };

/**
 * Records the email when the app's queued row is missing, then takes it for sending and counts the
 * attempt. A `sending` row is taken again: its last attempt may have sent the email and crashed
 * before recording it, which Resend's Idempotency-Key makes safe to repeat. Null when the email is
 * already sent, skipped or failed: a redelivered message does nothing.
 */
export async function claim(
  db: Database,
  message: EmailMessage,
  now: number,
): Promise<Claim | null> {
  const [, claimed] = await db.batch([
    db
      .insert(emailLog)
      .values({
        id: newId("eml"),
        idempotencyKey: message.idempotencyKey,
        kind: message.kind,
        accountId: message.accountId,
        portalId: isPortalEmail(message) ? message.portalId : null,
        status: "queued",
        updatedAt: now,
      })
      .onConflictDoNothing({ target: emailLog.idempotencyKey }),
    db
      .update(emailLog)
      .set({ status: "sending", attempts: sql`${emailLog.attempts} + 1`, updatedAt: now })
      .where(
        and(
          eq(emailLog.idempotencyKey, message.idempotencyKey),
          inArray(emailLog.status, UNFINISHED_EMAIL_STATUSES),
        ),
      )
      .returning({ id: emailLog.id, attempts: emailLog.attempts }),
  ]);
  return claimed[0] ?? null;
}

export type Settlement =
  | {
      status: "sent";
      providerId: string | null;
      recipient: string;
      subject: string;
      reason: string | null;
      /** The rendered parts; stored in dev mode only (they hold single-use links). */
      html: string | null;
      text: string | null;
    }
  | { status: "skipped" | "failed"; reason: string; recipient: string | null }
  /** Back in line for a retry; the reason says what went wrong. */
  | { status: "queued"; reason: string };

/**
 * Moves a `sending` row on (or, with `from`, a row in any of those states). False when another
 * delivery of the same email settled it first.
 */
export async function settle(
  db: Database,
  idempotencyKey: string,
  settlement: Settlement,
  now: number,
  from: readonly EmailStatus[] = ["sending"],
): Promise<boolean> {
  const rows = await db
    .update(emailLog)
    .set({ ...settlement, updatedAt: now })
    .where(and(eq(emailLog.idempotencyKey, idempotencyKey), inArray(emailLog.status, from)))
    .returning({ id: emailLog.id });
  return rows.length > 0;
}

/** For a message that cannot be read: fail its row, if the app recorded one. */
export async function failUnreadable(
  db: Database,
  idempotencyKey: string,
  reason: string,
  now: number,
): Promise<void> {
  await settle(
    db,
    idempotencyKey,
    { status: "failed", reason, recipient: null },
    now,
    UNFINISHED_EMAIL_STATUSES,
  );
}

/**
 * An access-group invite's outcome, on the contact's standing on the portal (the Members tab):
 * sent → invited now, pending; failed → failed. An accepted member is left as they are.
 */
export async function recordInviteOutcome(
  db: Database,
  email: EmailMessage,
  status: "sent" | "failed",
  now: number,
): Promise<void> {
  if (email.kind !== "access_group_invite") return;
  const notAccepted = ne(portalMembers.inviteStatus, "accepted");
  if (status === "failed") {
    await db
      .update(portalMembers)
      .set({ inviteStatus: "failed" })
      .where(
        and(
          eq(portalMembers.accountId, email.accountId),
          eq(portalMembers.portalId, email.portalId),
          eq(portalMembers.contactId, email.contactId),
          notAccepted,
        ),
      );
    return;
  }
  // Sent: the worker has checked the contact against the portal's access groups before sending.
  await db
    .insert(portalMembers)
    .values({
      id: newId("pmb"),
      accountId: email.accountId,
      portalId: email.portalId,
      contactId: email.contactId,
      inviteStatus: "pending",
      invitedAt: now,
    })
    .onConflictDoUpdate({
      target: [portalMembers.portalId, portalMembers.contactId],
      set: { inviteStatus: "pending", invitedAt: now },
      setWhere: and(eq(portalMembers.accountId, email.accountId), notAccepted),
    });
}

/**
 * A registration or password-reset link travels only in its email, so when the email ends without
 * going out (skipped by a rule, failed) nobody holds the link: it is voided rather than left usable
 * for its lifetime — e.g. a member's self-service registration on an access-group portal on a
 * system domain. An invite's link stays: when the rule holds an invite back, the admin is handed
 * that link to pass on (the Members tab, "send invites"). Idempotent, so the caller runs it before
 * settling the row: a crash in between leaves the row to a redelivery that voids again.
 */
export async function voidUndeliveredLink(
  db: Database,
  email: EmailMessage,
  now: number,
): Promise<void> {
  if (email.kind !== "registration" && email.kind !== "password_reset") return;
  const tokenId = parseToken(email.token)?.id;
  if (!tokenId) return;
  await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.id, tokenId),
        eq(oneTimeTokens.accountId, email.accountId),
        eq(oneTimeTokens.contactId, email.contactId),
        eq(oneTimeTokens.kind, email.kind),
        isNull(oneTimeTokens.usedAt),
      ),
    );
}
