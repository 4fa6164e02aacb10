// Reading the email log: what Portico was asked to send for an account, and what became of it.
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { emailLog } from "../../../db/schema";

export type EmailLogEntry = Pick<
  typeof emailLog.$inferSelect,
  | "id"
  | "kind"
  | "portalId"
  | "recipient"
  | "subject"
  | "status"
  | "reason"
  | "providerId"
  | "attempts"
  | "createdAt"
  | "updatedAt"
>;

export type Page<T> = { entries: T[]; nextCursor: string | null };

export type PageOptions = { cursor?: string | null; limit?: number };

export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

/** The columns a list shows; never the rendered body, which holds single-use links. */
export const entryColumns = {
  id: emailLog.id,
  kind: emailLog.kind,
  portalId: emailLog.portalId,
  recipient: emailLog.recipient,
  subject: emailLog.subject,
  status: emailLog.status,
  reason: emailLog.reason,
  providerId: emailLog.providerId,
  attempts: emailLog.attempts,
  createdAt: emailLog.createdAt,
  updatedAt: emailLog.updatedAt,
};

type Position = { createdAt: number; id: string };

/** A cursor names the last entry of a page: `{created_at}.{id}`. */
export function encodeCursor(position: Position): string {
  return `${position.createdAt}.${position.id}`;
}

/** The position a cursor names, or null for a missing or malformed one (the first page). */
export function decodeCursor(cursor: string | null | undefined): Position | null {
  const match = /^(\d{1,16})\.([\w-]{1,100})$/.exec(cursor ?? "");
  if (!match?.[1] || !match[2]) return null;
  return { createdAt: Number(match[1]), id: match[2] };
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_PAGE_SIZE);
}

/** Keyset condition for "older than the cursor" in (created_at, id) order, newest first. */
export function olderThan(cursor: string | null | undefined): SQL | undefined {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  return sql`(${emailLog.createdAt}, ${emailLog.id}) < (${position.createdAt}, ${position.id})`;
}

/** Fetches one more row than the page holds, to know whether there is a next page. */
export function toPage<T extends Position>(rows: T[], limit: number): Page<T> {
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** One account's email log, newest first, a page at a time. */
export async function listEmailLog(
  db: Database,
  accountId: string,
  options: PageOptions = {},
): Promise<Page<EmailLogEntry>> {
  const limit = pageSize(options.limit);
  const rows = await db
    .select(entryColumns)
    .from(emailLog)
    .where(and(eq(emailLog.accountId, accountId), olderThan(options.cursor)))
    .orderBy(desc(emailLog.createdAt), desc(emailLog.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}
