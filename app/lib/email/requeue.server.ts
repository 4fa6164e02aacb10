// No email left behind. A log row left `queued` or `sending` (the workers stopped mid-send, a queue
// message was lost, an enqueue failed after its row was written) would never go out. The scheduled
// sweep finds such rows once they are older than the staleness window and takes each with one
// conditional UPDATE, so of two sweeps, or a sweep and a consumer that just claimed the row, only
// one acts on it (decision 005):
//
//   queued/sending, stale ──► taken too often already? ──► failed ("stuck: gave up…")
//          │
//          ├─ a notification ──► queued again, same idempotency key: the claim in the email worker
//          │                     and Resend's Idempotency-Key keep it to one email
//          │
//          └─ a link email ──► failed ("replaced by a new link"), its link voided, a fresh link
//                              issued and a new email queued under a new key (docs/decisions/004)
//
// Each run takes at most `batchSize` rows; the requeue count carries over to a replacement, so an
// email that keeps getting stuck ends `failed`.
import { and, asc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { emailLog, oneTimeTokens, teamInvites } from "../../../db/schema";
import { newToken } from "../auth/tokens";
import { queuedRow } from "./enqueue.server";
import {
  type EmailMessage,
  EmailMessageSchema,
  isLinkEmail,
  LINK_EMAIL_KINDS,
  type LinkEmailKind,
} from "./messages";
import { UNFINISHED_EMAIL_STATUSES } from "./states";

export type RequeueOptions = {
  db: Database;
  queue: Queue<EmailMessage>;
  now: number;
  /** A row unchanged for this long is stuck; longer than the email worker's longest retry delay. */
  staleMs: number;
  /** Rows taken per run, at most. */
  batchSize: number;
  /** A row found stuck this often already is failed instead. */
  maxRequeues: number;
};

export type RequeueResult = { requeued: number; relinked: number; failed: number };

type Taken = {
  id: string;
  idempotencyKey: string;
  kind: string;
  status: string;
  payload: Record<string, string> | null;
  requeues: number;
};

export async function requeueStuckEmails(options: RequeueOptions): Promise<RequeueResult> {
  const { db, now, batchSize, maxRequeues } = options;
  const cutoff = now - options.staleMs;
  const stuck = (requeued: "under" | "at", limit: number) =>
    db
      .select({ id: emailLog.id })
      .from(emailLog)
      .where(
        and(
          inArray(emailLog.status, UNFINISHED_EMAIL_STATUSES),
          lt(emailLog.updatedAt, cutoff),
          requeued === "under"
            ? lt(emailLog.requeues, maxRequeues)
            : sql`${emailLog.requeues} >= ${maxRequeues}`,
        ),
      )
      .orderBy(asc(emailLog.updatedAt))
      .limit(limit);

  // One statement each: the selection and the update happen together, so a row is taken once.
  const gaveUp = await db
    .update(emailLog)
    .set({
      status: "failed",
      reason: `stuck: not sent after ${maxRequeues} tries to queue it again`,
      updatedAt: now,
    })
    .where(inArray(emailLog.id, stuck("at", batchSize)))
    .returning({ id: emailLog.id });

  const linkKinds = sql.join(
    LINK_EMAIL_KINDS.map((kind) => sql`${kind}`),
    sql`, `,
  );
  const taken: Taken[] =
    gaveUp.length >= batchSize
      ? []
      : await db
          .update(emailLog)
          .set({
            requeues: sql`${emailLog.requeues} + 1`,
            updatedAt: now,
            // Link emails leave the unfinished states at once: a late copy of the old message finds
            // the row failed and sends nothing, whatever happens to the replacement.
            status: sql`case when ${emailLog.payload} is null or ${emailLog.kind} in (${linkKinds}) then 'failed' else 'queued' end`,
            reason: sql`case
              when ${emailLog.payload} is null then 'stuck: nothing stored to send it again'
              when ${emailLog.kind} in (${linkKinds}) then 'stuck: replaced by a new link'
              else 'stuck in ' || ${emailLog.status} || ': queued again' end`,
          })
          .where(inArray(emailLog.id, stuck("under", batchSize - gaveUp.length)))
          .returning({
            id: emailLog.id,
            idempotencyKey: emailLog.idempotencyKey,
            kind: emailLog.kind,
            status: emailLog.status,
            payload: emailLog.payload,
            requeues: emailLog.requeues,
          });

  const result: RequeueResult = { requeued: 0, relinked: 0, failed: gaveUp.length };
  const again: EmailMessage[] = [];
  for (const row of taken) {
    if (!row.payload) {
      result.failed += 1;
    } else if (isLinkEmail(row.kind)) {
      if (await replaceLink(options, { ...row, kind: row.kind }, row.payload)) result.relinked += 1;
      else result.failed += 1;
    } else {
      const parsed = EmailMessageSchema.safeParse(row.payload);
      if (parsed.success) again.push(parsed.data);
      else {
        await fail(db, row.id, "stuck: its stored message is unreadable", now);
        result.failed += 1;
      }
    }
  }
  if (again.length > 0) {
    // If this throws, the rows stay queued and the next run takes them again.
    await options.queue.sendBatch(again.map((body) => ({ body })));
    result.requeued = again.length;
  }
  return result;
}

function fail(db: Database, id: string, reason: string, now: number) {
  return db
    .update(emailLog)
    .set({ status: "failed", reason, updatedAt: now })
    .where(eq(emailLog.id, id));
}

/**
 * A stuck link email: its link is voided and a new email with a fresh link goes out. The old email
 * may have reached the recipient (a `sending` row), so a second email is possible, but never two
 * working links. False when the link is gone, used or voided meanwhile: nothing is sent.
 */
async function replaceLink(
  options: RequeueOptions,
  row: Taken & { kind: LinkEmailKind },
  payload: Record<string, string>,
): Promise<boolean> {
  const { db, now } = options;
  const { tokenId, ...rest } = payload;
  if (row.kind === "dashboard_invite") return replaceInviteLink(options, row, payload);
  const [old] = tokenId
    ? await db
        .select()
        .from(oneTimeTokens)
        .where(and(eq(oneTimeTokens.id, tokenId), eq(oneTimeTokens.kind, row.kind)))
    : [];
  if (!old || old.usedAt !== null) {
    await fail(db, row.id, "stuck: its link is gone, used or replaced; not sent again", now);
    return false;
  }
  const fresh = newToken();
  const parsed = EmailMessageSchema.safeParse({
    ...rest,
    idempotencyKey: `${row.kind}:${fresh.id}`,
    token: fresh.token,
  });
  if (!parsed.success) {
    await fail(db, row.id, "stuck: its stored message is unreadable", now);
    return false;
  }
  const message = parsed.data;
  await db.batch([
    db
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(and(eq(oneTimeTokens.id, old.id), isNull(oneTimeTokens.usedAt))),
    db.insert(oneTimeTokens).values({
      ...old,
      id: fresh.id,
      secretHash: fresh.secretHash,
      // As long as the old link was meant to last, from now.
      expiresAt: now + (old.expiresAt - old.createdAt),
      usedAt: null,
      createdAt: now,
    }),
    db.insert(emailLog).values({ ...queuedRow(message, now), requeues: row.requeues }),
    db
      .update(emailLog)
      .set({ reason: `stuck: replaced by a new link (${message.idempotencyKey})` })
      .where(eq(emailLog.id, row.id)),
  ]);
  // If this throws, the new row stays queued and a later run takes it.
  await options.queue.send(message);
  return true;
}

/**
 * A stuck teammate invitation: the invitation itself is the link (app/lib/team/invites.server.ts),
 * so it gets a new id and secret in place — the old link stops working, the expiry stays — while it
 * is still open and still the one the stuck email named (a resend meanwhile changed its id). Should
 * it be accepted, revoked or resent between the read and the batch, the new email finds no such
 * invitation and the email worker skips it.
 */
async function replaceInviteLink(
  options: RequeueOptions,
  row: Taken,
  payload: Record<string, string>,
): Promise<boolean> {
  const { db, now } = options;
  const { tokenId, ...rest } = payload;
  const open = and(
    eq(teamInvites.id, tokenId ?? ""),
    eq(teamInvites.accountId, rest.accountId ?? ""),
    isNull(teamInvites.acceptedAt),
    isNull(teamInvites.revokedAt),
    gt(teamInvites.expiresAt, now),
  );
  const [old] = tokenId
    ? await db.select({ id: teamInvites.id }).from(teamInvites).where(open)
    : [];
  if (!old) {
    await fail(db, row.id, "stuck: its link is gone, used or replaced; not sent again", now);
    return false;
  }
  const fresh = newToken();
  const parsed = EmailMessageSchema.safeParse({
    ...rest,
    idempotencyKey: `dashboard_invite:${fresh.id}`,
    token: fresh.token,
  });
  if (!parsed.success) {
    await fail(db, row.id, "stuck: its stored message is unreadable", now);
    return false;
  }
  const message = parsed.data;
  await db.batch([
    db.update(teamInvites).set({ id: fresh.id, secretHash: fresh.secretHash }).where(open),
    db.insert(emailLog).values({ ...queuedRow(message, now), requeues: row.requeues }),
    db
      .update(emailLog)
      .set({ reason: `stuck: replaced by a new link (${message.idempotencyKey})` })
      .where(eq(emailLog.id, row.id)),
  ]);
  // If this throws, the new row stays queued and a later run takes it.
  await options.queue.send(message);
  return true;
}
