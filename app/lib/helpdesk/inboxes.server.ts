// The account's inboxes: the queues tickets land in. Each change is one D1 batch with its audit entry;
// archiving is a conditional UPDATE that holds only while no portal uses the inbox as its default,
// so a portal switched to it at the same moment can never be left pointing at an archived inbox.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type Inbox, inboxes, portals } from "../../../db/schema";
import { auditEntry, auditEntryIfChanged } from "../audit/audit.server";
import { isUniqueViolation } from "../db/errors";
import { newId } from "../db/ids";
import { batchStatements, changed } from "../db/statements";

export type InboxRow = Pick<Inbox, "id" | "name" | "archivedAt"> & { defaultFor: string[] };

type By = { accountId: string; actorUserId: string; now?: number };

/** The account's inboxes, open ones first, each with the portals that use it as their default. */
export async function listInboxes(db: Database, accountId: string): Promise<InboxRow[]> {
  const [rows, users] = await Promise.all([
    db
      .select({ id: inboxes.id, name: inboxes.name, archivedAt: inboxes.archivedAt })
      .from(inboxes)
      .where(eq(inboxes.accountId, accountId))
      .orderBy(sql`${inboxes.archivedAt} is not null`, asc(inboxes.name)),
    db
      .select({ inboxId: portals.defaultInboxId, name: portals.name })
      .from(portals)
      .where(eq(portals.accountId, accountId))
      .orderBy(asc(portals.name)),
  ]);
  return rows.map((row) => ({
    ...row,
    defaultFor: users.filter((portal) => portal.inboxId === row.id).map((portal) => portal.name),
  }));
}

/** The open inboxes, for pickers (the queue, a new ticket). */
export function openInboxes(db: Database, accountId: string) {
  return db
    .select({ id: inboxes.id, name: inboxes.name })
    .from(inboxes)
    .where(and(eq(inboxes.accountId, accountId), isNull(inboxes.archivedAt)))
    .orderBy(asc(inboxes.name));
}

export async function findInbox(db: Database, accountId: string, id: string) {
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.accountId, accountId), eq(inboxes.id, id)));
  return row ?? null;
}

export type InboxOutcome =
  | { ok: true }
  | { ok: false; error: "inboxes.error.taken" | "inboxes.error.missing" }
  | { ok: false; error: "inboxes.error.inUse"; portals: string[] };

export async function createInbox(db: Database, by: By, name: string): Promise<InboxOutcome> {
  const now = by.now ?? Date.now();
  try {
    await db.batch([
      db
        .insert(inboxes)
        .values({ id: newId("inb"), accountId: by.accountId, name, createdAt: now }),
      auditEntry(db, { ...by, action: "inbox.create", target: name, after: { name } }, now),
    ]);
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error, "inboxes")) return { ok: false, error: "inboxes.error.taken" };
    throw error;
  }
}

export async function renameInbox(
  db: Database,
  by: By,
  id: string,
  name: string,
): Promise<InboxOutcome> {
  const inbox = await findInbox(db, by.accountId, id);
  if (!inbox) return { ok: false, error: "inboxes.error.missing" };
  if (inbox.name === name) return { ok: true };
  try {
    await batchStatements(db, [
      db
        .update(inboxes)
        .set({ name })
        .where(and(eq(inboxes.accountId, by.accountId), eq(inboxes.id, id))),
      auditEntryIfChanged(
        {
          ...by,
          action: "inbox.rename",
          target: name,
          before: { name: inbox.name },
          after: { name },
        },
        by.now,
      ),
    ]);
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error, "inboxes")) return { ok: false, error: "inboxes.error.taken" };
    throw error;
  }
}

/** Archives the inbox unless a portal uses it as its default; then names those portals. */
export async function archiveInbox(db: Database, by: By, id: string): Promise<InboxOutcome> {
  const inbox = await findInbox(db, by.accountId, id);
  if (!inbox) return { ok: false, error: "inboxes.error.missing" };
  if (inbox.archivedAt !== null) return { ok: true };
  const now = by.now ?? Date.now();
  const [archived] = await batchStatements(db, [
    db
      .update(inboxes)
      .set({ archivedAt: now })
      .where(
        and(
          eq(inboxes.accountId, by.accountId),
          eq(inboxes.id, id),
          isNull(inboxes.archivedAt),
          sql`not exists (select 1 from ${portals} where ${portals.accountId} = ${by.accountId} and ${portals.defaultInboxId} = ${id})`,
        ),
      ),
    auditEntryIfChanged(
      {
        ...by,
        action: "inbox.archive",
        target: inbox.name,
        before: { archived: false },
        after: { archived: true },
      },
      now,
    ),
  ]);
  if (changed(archived) === 1) return { ok: true };
  const users = await db
    .select({ name: portals.name })
    .from(portals)
    .where(and(eq(portals.accountId, by.accountId), eq(portals.defaultInboxId, id)))
    .orderBy(asc(portals.name));
  return { ok: false, error: "inboxes.error.inUse", portals: users.map((portal) => portal.name) };
}
