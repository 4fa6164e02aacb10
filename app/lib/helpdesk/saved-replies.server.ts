// An account's saved replies: titled texts agents insert into a reply (placeholders.ts fills them).
// Admins and agents manage them; each change is one D1 batch with its audit entry. A duplicate title
// is decided by the UNIQUE index (also when two people save at once), and an edit or delete is a
// conditional statement on the account and id, so a foreign or vanished id changes nothing.
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { type SavedReply, savedReplies } from "../../../db/schema";
import { auditEntry, auditEntryIfChanged, changes } from "../audit/audit.server";
import { isUniqueViolation } from "../db/errors";
import { newId } from "../db/ids";
import { batchStatements, changed } from "../db/statements";
import { noControlCharacters } from "../forms/schemas";
import { fillPlaceholders, type PlaceholderValues } from "./placeholders";

export const SAVED_REPLIES_PAGE_SIZE = 25;
/** How many the ticket page's picker offers, by title. */
export const PICKER_LIMIT = 200;

export const SavedReplySchema = z.object({
  title: z
    .string({ error: "savedReplies.error.title" })
    .trim()
    .min(1, "savedReplies.error.title")
    .max(100, "savedReplies.error.title")
    .refine(noControlCharacters, "form.invalidCharacters"),
  body: z
    .string({ error: "savedReplies.error.body" })
    .trim()
    .min(1, "savedReplies.error.body")
    .max(5000, "savedReplies.error.body")
    .refine(noControlCharacters, "form.invalidCharacters"),
});

export type SavedReplyValues = z.output<typeof SavedReplySchema>;
type Actor = { accountId: string; actorUserId: string };
export type SavedReplyOutcome =
  | { ok: true; id: string }
  | { ok: false; error: "taken" | "missing" };

/** Ids are ours (newId): anything else cannot name a row, and is not sent to the database. */
const ID = /^[a-z0-9_]{1,64}$/;

function after(accountId: string, cursor: string | null | undefined): SQL | undefined {
  if (!cursor || !ID.test(cursor)) return undefined;
  return sql`(${savedReplies.title}, ${savedReplies.id}) > (select r.title, r.id from saved_replies r
    where r.id = ${cursor} and r.account_id = ${accountId})`;
}

/** A page of the account's saved replies by title (keyset: the cursor is the last row's id). */
export async function listSavedReplies(db: Database, accountId: string, cursor?: string | null) {
  const rows = await db
    .select({
      id: savedReplies.id,
      title: savedReplies.title,
      body: savedReplies.body,
      updatedAt: savedReplies.updatedAt,
    })
    .from(savedReplies)
    .where(and(eq(savedReplies.accountId, accountId), after(accountId, cursor)))
    .orderBy(asc(savedReplies.title), asc(savedReplies.id))
    .limit(SAVED_REPLIES_PAGE_SIZE + 1);
  const replies = rows.slice(0, SAVED_REPLIES_PAGE_SIZE);
  const last = replies[replies.length - 1];
  return { replies, nextCursor: rows.length > SAVED_REPLIES_PAGE_SIZE && last ? last.id : null };
}

/** The saved reply with this id in this account, or null (a foreign id is a missing one). */
export async function getSavedReply(
  db: Database,
  accountId: string,
  id: string,
): Promise<SavedReply | null> {
  if (!ID.test(id)) return null;
  const row = await db
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.accountId, accountId), eq(savedReplies.id, id)))
    .get();
  return row ?? null;
}

/** Titles and bodies for the ticket page's picker. */
export function pickerReplies(db: Database, accountId: string) {
  return db
    .select({ id: savedReplies.id, title: savedReplies.title, body: savedReplies.body })
    .from(savedReplies)
    .where(eq(savedReplies.accountId, accountId))
    .orderBy(asc(savedReplies.title), asc(savedReplies.id))
    .limit(PICKER_LIMIT);
}

export async function createSavedReply(
  db: Database,
  actor: Actor,
  values: SavedReplyValues,
  now = Date.now(),
): Promise<SavedReplyOutcome> {
  const id = newId("srp");
  try {
    await db.batch([
      db.insert(savedReplies).values({
        id,
        accountId: actor.accountId,
        ...values,
        createdBy: actor.actorUserId,
        createdAt: now,
        updatedAt: now,
      }),
      auditEntry(
        db,
        { ...actor, action: "saved_reply.create", target: values.title, after: values },
        now,
      ),
    ]);
    return { ok: true, id };
  } catch (error) {
    if (isUniqueViolation(error, "saved_replies")) return { ok: false, error: "taken" };
    throw error;
  }
}

export async function updateSavedReply(
  db: Database,
  actor: Actor,
  reply: SavedReply,
  values: SavedReplyValues,
  now = Date.now(),
): Promise<SavedReplyOutcome> {
  const diff = changes({ title: reply.title, body: reply.body }, values);
  if (Object.keys(diff.after).length === 0) return { ok: true, id: reply.id };
  try {
    const [updated] = await batchStatements(db, [
      db
        .update(savedReplies)
        .set({ ...values, updatedAt: now })
        .where(and(eq(savedReplies.accountId, actor.accountId), eq(savedReplies.id, reply.id))),
      auditEntryIfChanged(
        { ...actor, action: "saved_reply.update", target: values.title, ...diff },
        now,
      ),
    ]);
    return changed(updated) === 1 ? { ok: true, id: reply.id } : { ok: false, error: "missing" };
  } catch (error) {
    if (isUniqueViolation(error, "saved_replies")) return { ok: false, error: "taken" };
    throw error;
  }
}

export async function deleteSavedReply(
  db: Database,
  actor: Actor,
  reply: SavedReply,
  now = Date.now(),
): Promise<boolean> {
  const [deleted] = await batchStatements(db, [
    db
      .delete(savedReplies)
      .where(and(eq(savedReplies.accountId, actor.accountId), eq(savedReplies.id, reply.id))),
    auditEntryIfChanged(
      {
        ...actor,
        action: "saved_reply.delete",
        target: reply.title,
        before: { title: reply.title, body: reply.body },
      },
      now,
    ),
  ]);
  return changed(deleted) === 1;
}

/** One saved reply of the account, filled for this ticket; null for a foreign or missing id. */
export async function filledSavedReply(
  db: Database,
  accountId: string,
  id: string,
  values: PlaceholderValues,
): Promise<string | null> {
  const reply = await getSavedReply(db, accountId, id);
  return reply ? fillPlaceholders(reply.body, values) : null;
}
