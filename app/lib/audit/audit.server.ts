// The audit log: who changed what in an account, before → after, when. Every admin write adds its
// entry in the same D1 batch as the change itself (`audited`), so a change is never without its
// entry and an entry never without its change.
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { runBatch } from "../../../db/batch";
import type { Database } from "../../../db/client";
import { type AuditEntry, auditLog, users } from "../../../db/schema";
import { newId } from "../db/ids";
import { decodeCursor, type Page, pageSize, toPage } from "../email/log.server";

export type AuditValues = Record<string, unknown>;

export type AuditInput = {
  accountId: string;
  /** Null for what Portico does by itself (a scheduled task). */
  actorUserId: string | null;
  /** `area.verb`, e.g. `portal.update`, `team.invite`; the page filters on it. */
  action: string;
  /** What was changed, for people: a portal's name, a teammate's email. */
  target?: string | null;
  before?: AuditValues;
  after?: AuditValues;
};

/** Only the fields that differ, on both sides: the entry says what changed, not everything. */
export function changes(
  before: AuditValues,
  after: AuditValues,
): { before: AuditValues; after: AuditValues } {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = { before: {} as AuditValues, after: {} as AuditValues };
  for (const key of keys) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    if (key in before) changed.before[key] = before[key];
    if (key in after) changed.after[key] = after[key];
  }
  return changed;
}

export function auditEntry(db: Database, input: AuditInput, now = Date.now()) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    accountId: input.accountId,
    actorUserId: input.actorUserId,
    action: input.action,
    target: input.target ?? null,
    details: { before: input.before ?? {}, after: input.after ?? {} },
    createdAt: now,
  });
}

/**
 * The entry for a conditional write (`UPDATE … WHERE` a state still holds): placed right after that
 * statement in the same batch (app/lib/db/statements.ts), it is written only when the statement
 * changed a row (SQLite's `changes()` counts the batch's previous statement), so a write that lost
 * a race leaves no entry.
 */
export function auditEntryIfChanged(input: AuditInput, now = Date.now()): SQL {
  const details = JSON.stringify({ before: input.before ?? {}, after: input.after ?? {} });
  return sql`insert into ${auditLog}
    (id, account_id, actor_user_id, action, target, details, created_at)
    select ${newId("aud")}, ${input.accountId}, ${input.actorUserId}, ${input.action},
      ${input.target ?? null}, ${details}, ${now}
    where changes() > 0`;
}

/** Runs the change's statements and its audit entry in one batch: both land, or neither. */
export async function audited(
  db: Database,
  input: AuditInput,
  statements: BatchItem<"sqlite">[],
  now = Date.now(),
): Promise<void> {
  await runBatch(db, [...statements, auditEntry(db, input, now)]);
}

/**
 * For a change that may find nothing to change (a state that moved on, a row already gone): the
 * entry is written first, only where `when` holds — the same condition as the statements' WHERE —
 * and the statements follow in the same batch. D1 runs a batch alone, so a lost race leaves neither
 * a change nor an entry. Returns the statements' results (e.g. an UPDATE's RETURNING rows).
 */
export async function auditedIf(
  db: Database,
  input: AuditInput,
  when: SQL,
  statements: BatchItem<"sqlite">[],
  now = Date.now(),
): Promise<unknown[]> {
  const details = JSON.stringify({ before: input.before ?? {}, after: input.after ?? {} });
  // Every column, in the table's order (drizzle inserts a raw select into all of them).
  const entry = db.insert(auditLog).select(
    sql`select ${newId("aud")}, ${input.accountId}, ${input.actorUserId}, ${input.action},
      ${input.target ?? null}, ${details}, ${now} where ${when}`,
  );
  const [, ...results] = await db.batch([entry, ...statements]);
  return results;
}

export type AuditRow = Pick<AuditEntry, "id" | "action" | "target" | "createdAt"> & {
  actorName: string | null;
  before: AuditValues;
  after: AuditValues;
};

export type AuditFilter = { action?: string | null; actorUserId?: string | null };

function olderThan(cursor: string | null | undefined): SQL | undefined {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  return sql`(${auditLog.createdAt}, ${auditLog.id}) < (${position.createdAt}, ${position.id})`;
}

/** One account's audit log, newest first, a page at a time, optionally for one action or actor. */
export async function listAudit(
  db: Database,
  accountId: string,
  filter: AuditFilter & { cursor?: string | null; limit?: number } = {},
): Promise<Page<AuditRow>> {
  const limit = pageSize(filter.limit);
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.accountId, accountId),
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
        olderThan(filter.cursor),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  // Names come from the directory in a query of their own: tenant and directory data never join.
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
  const names = new Map(
    actorIds.length
      ? (
          await db
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(inArray(users.id, actorIds))
        ).map((user) => [user.id, user.name])
      : [],
  );
  const page = toPage(rows, limit);
  return {
    nextCursor: page.nextCursor,
    entries: page.entries.map((row) => ({
      id: row.id,
      action: row.action,
      target: row.target,
      createdAt: row.createdAt,
      actorName: row.actorUserId ? (names.get(row.actorUserId) ?? null) : null,
      before: (row.details.before as AuditValues | undefined) ?? {},
      after: (row.details.after as AuditValues | undefined) ?? {},
    })),
  };
}

/** The actions recorded for an account, for the page's filter. */
export async function auditActions(db: Database, accountId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.accountId, accountId))
    .orderBy(auditLog.action);
  return rows.map((row) => row.action);
}
