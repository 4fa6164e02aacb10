// Attachments' rows in D1 and objects in R2, kept in step:
//
//   upload ──► pending row (only while the account stays under its storage cap) ──► R2 object
//   message batch ──► the same batch turns the message's pending rows attached
//   sweep (scheduled) ──► pending rows older than N minutes: row deleted, then its object
//
// The row comes before the object, so every object has a row the sweep can find; the message's
// batch attaches only rows still pending, and the sweep deletes only rows still pending (with
// RETURNING), so an attached file's object is never swept and a message never names a missing file.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { newId } from "../db/ids";
import type { DetectedType } from "./detect";

/** Who uploaded a file: a portal contact or a dashboard user. */
export type Uploader = { contactId: string } | { userId: string };

/** A file stored and pending: what the form's action hands to its message's batch. */
export type StoredFile = {
  id: string;
  objectKey: string;
  fileName: string;
  size: number;
  mime: string;
};

/** An attachment as pages show it. */
export type ShownAttachment = {
  id: string;
  messageId: string;
  fileName: string;
  size: number;
  mime: string;
};

/** Object keys carry no user input: the account, the ticket and a random id. */
export function objectKeyFor(accountId: string, ticketId: string): string {
  return `${accountId}/${ticketId}/${newId("obj")}`;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Stores one file: its pending row first, written only while the account's stored total plus this
 * file stays within `capBytes` (one INSERT … SELECT … WHERE, so two uploads at once cannot both
 * pass the cap), then its object. "storage_full" when the cap refused it; nothing is then stored.
 */
export async function storeFile(
  deps: { db: Database; bucket: R2Bucket },
  input: {
    accountId: string;
    ticketId: string;
    uploader: Uploader;
    fileName: string;
    bytes: Uint8Array<ArrayBuffer>;
    type: DetectedType;
    capBytes: number;
    now?: number;
  },
): Promise<StoredFile | "storage_full"> {
  const { db, bucket } = deps;
  const id = newId("att");
  const objectKey = objectKeyFor(input.accountId, input.ticketId);
  const size = input.bytes.byteLength;
  const checksum = await sha256Hex(input.bytes);
  const contactId = "contactId" in input.uploader ? input.uploader.contactId : null;
  const userId = "userId" in input.uploader ? input.uploader.userId : null;
  const now = input.now ?? Date.now();
  const inserted = await db.all<{ id: string }>(sql`
    insert into attachments (id, account_id, ticket_id, status, object_key, file_name, size, mime,
      kind, checksum, uploader_contact_id, uploader_user_id, created_at)
    select ${id}, ${input.accountId}, ${input.ticketId}, 'pending', ${objectKey}, ${input.fileName},
      ${size}, ${input.type.mime}, ${input.type.kind}, ${checksum}, ${contactId}, ${userId}, ${now}
    where (select coalesce(sum(size), 0) from attachments where account_id = ${input.accountId})
      + ${size} <= ${input.capBytes}
    returning id`);
  if (inserted.length === 0) return "storage_full";
  try {
    await bucket.put(objectKey, input.bytes, {
      httpMetadata: { contentType: input.type.mime },
      sha256: checksum,
    });
  } catch (error) {
    await discardFiles(deps, input.accountId, [{ id, objectKey }]);
    throw error;
  }
  return { id, objectKey, fileName: input.fileName, size, mime: input.type.mime };
}

/**
 * Removes pending files of a form that was not saved (bad input, a limit passed): rows still
 * pending, then their objects. The sweep does the same later for whatever this misses.
 */
export async function discardFiles(
  deps: { db: Database; bucket: R2Bucket },
  accountId: string,
  files: Pick<StoredFile, "id" | "objectKey">[],
): Promise<void> {
  if (files.length === 0) return;
  const ids = sql.join(
    files.map((file) => sql`${file.id}`),
    sql`, `,
  );
  const deleted = await deps.db.all<{ object_key: string }>(sql`
    delete from attachments
    where account_id = ${accountId} and status = 'pending' and id in (${ids})
    returning object_key`);
  if (deleted.length > 0) await deps.bucket.delete(deleted.map((row) => row.object_key));
}

/**
 * The statement that attaches pending files to a message, for the message's own batch. Only rows
 * of this account and ticket, still pending, and only when the message row exists (a repeated
 * new-ticket form inserts none: its files stay pending and the sweep removes them).
 */
export function attachStatement(
  target: { accountId: string; ticketId: string; messageId: string },
  files: Pick<StoredFile, "id">[],
): SQL | null {
  if (files.length === 0) return null;
  const ids = sql.join(
    files.map((file) => sql`${file.id}`),
    sql`, `,
  );
  return sql`
    update attachments set status = 'attached', message_id = ${target.messageId}
    where account_id = ${target.accountId} and ticket_id = ${target.ticketId}
      and status = 'pending' and id in (${ids})
      and exists (select 1 from ticket_messages m
                  where m.id = ${target.messageId} and m.account_id = ${target.accountId}
                    and m.ticket_id = ${target.ticketId})`;
}

/** Pending uploads older than `olderThan` ms, rows and objects; returns how many. */
export async function sweepPendingFiles(
  deps: { db: Database; bucket: R2Bucket },
  now: number,
  olderThan: number,
  limit: number,
): Promise<number> {
  const deleted = await deps.db.all<{ object_key: string }>(sql`
    delete from attachments
    where rowid in (select rowid from attachments
                    where status = 'pending' and created_at <= ${now - olderThan} limit ${limit})
      and status = 'pending'
    returning object_key`);
  // R2 deletes at most 1000 keys per call.
  for (let start = 0; start < deleted.length; start += 1000) {
    await deps.bucket.delete(deleted.slice(start, start + 1000).map((row) => row.object_key));
  }
  return deleted.length;
}

/** Bytes the account stores, pending uploads included. */
export async function storedBytes(db: Database, accountId: string): Promise<number> {
  const [row] = await db.all<{ total: number }>(
    sql`select coalesce(sum(size), 0) as total from attachments where account_id = ${accountId}`,
  );
  return row?.total ?? 0;
}

export type AttachmentRow = {
  id: string;
  message_id: string;
  file_name: string;
  size: number;
  mime: string;
};

function toShown(row: AttachmentRow): ShownAttachment {
  return {
    id: row.id,
    messageId: row.message_id,
    fileName: row.file_name,
    size: row.size,
    mime: row.mime,
  };
}

/**
 * The attached files of a ticket's public messages, as a statement for the portal page's batch.
 * `ticketId` is SQL that names the ticket the viewer may see (queries.server.ts), so a ticket they
 * may not see has no files here; files of internal notes are left out by the join, in SQL.
 */
export function publicAttachmentsQuery(accountId: string, ticketId: SQL): SQL {
  return sql`
    select a.id, a.message_id, a.file_name, a.size, a.mime
    from attachments a
    join ticket_messages m
      on m.id = a.message_id and m.account_id = a.account_id and m.visibility = 'public'
    where a.account_id = ${accountId} and a.ticket_id = ${ticketId} and a.status = 'attached'
    order by a.created_at, a.id`;
}

export function shownAttachments(rows: AttachmentRow[]): ShownAttachment[] {
  return rows.map(toShown);
}

/** Every attached file of a ticket, notes' included: the dashboard's thread. */
export async function ticketAttachments(
  db: Database,
  accountId: string,
  ticketId: string,
): Promise<ShownAttachment[]> {
  const rows = await db.all<AttachmentRow>(sql`
    select id, message_id, file_name, size, mime from attachments
    where account_id = ${accountId} and ticket_id = ${ticketId} and status = 'attached'
    order by created_at, id`);
  return rows.map(toShown);
}

/** A file as its download needs it. */
export type DownloadableFile = {
  objectKey: string;
  fileName: string;
  size: number;
  mime: string;
  checksum: string;
};

type DownloadRow = {
  object_key: string;
  file_name: string;
  size: number;
  mime: string;
  checksum: string;
};

function toDownloadable(row: DownloadRow | undefined): DownloadableFile | null {
  return row
    ? {
        objectKey: row.object_key,
        fileName: row.file_name,
        size: row.size,
        mime: row.mime,
        checksum: row.checksum,
      }
    : null;
}

/**
 * A file a portal viewer may download: attached to a public message of a ticket of this number
 * that the viewer may see (`visibleTicket` from queries.server.ts). Anything else is null, the
 * same for a foreign, a guessed, a pending or a note's file.
 */
export async function portalDownload(
  db: Database,
  accountId: string,
  visibleTicket: SQL,
  attachmentId: string,
): Promise<DownloadableFile | null> {
  const [row] = await db.all<DownloadRow>(sql`
    select a.object_key, a.file_name, a.size, a.mime, a.checksum
    from attachments a
    join ticket_messages m
      on m.id = a.message_id and m.account_id = a.account_id and m.visibility = 'public'
    where a.account_id = ${accountId} and a.id = ${attachmentId} and a.status = 'attached'
      and a.ticket_id = ${visibleTicket}`);
  return toDownloadable(row);
}

/** A file of this account's ticket with this number (agents see notes' files too), or null. */
export async function agentDownload(
  db: Database,
  accountId: string,
  ticketNumber: number,
  attachmentId: string,
): Promise<DownloadableFile | null> {
  const [row] = await db.all<DownloadRow>(sql`
    select a.object_key, a.file_name, a.size, a.mime, a.checksum
    from attachments a
    join tickets t on t.id = a.ticket_id and t.account_id = a.account_id
    where a.account_id = ${accountId} and a.id = ${attachmentId} and a.status = 'attached'
      and t.number = ${ticketNumber}`);
  return toDownloadable(row);
}
