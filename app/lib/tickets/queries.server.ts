// Portal reads of tickets. Every function takes the account and the viewer from visibility.ts, so
// a ticket outside them does not exist here: same answer as a number that was never used.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { TicketStatus } from "../../../db/schema";
import {
  type AttachmentRow,
  publicAttachmentsQuery,
  type ShownAttachment,
  shownAttachments,
} from "../attachments/store.server";
import { batchStatements } from "../db/statements";
import type { TicketFacts } from "./display";
import type { Sort, StatusFilter } from "./list-params";
import { searchMatch } from "./search";
import type { TicketViewer } from "./visibility";

/** A ticket as the portal's queries read it; pages get display.ts's projection of it. */
export type TicketSummary = TicketFacts & { id: string };

export type TicketList = { items: TicketSummary[]; nextCursor: string | null };

type Row = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: string | null;
  category: string | null;
  created_at: number;
  last_activity_at: number;
  assignee_name: string | null;
  sort_value: number;
};

function toSummary(row: Row): TicketSummary {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    category: row.category,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    assigneeName: firstName(row.assignee_name),
  };
}

/** Agents appear to customers by first name only. */
export function firstName(name: string | null): string | null {
  return name ? (name.trim().split(/\s+/)[0] ?? null) : null;
}

/** A cursor names the last row shown: its sort value and id (keyset pagination). */
function encodeCursor(value: number, id: string): string {
  return `${value}_${id}`;
}

function decodeCursor(cursor: string | null | undefined): { value: number; id: string } | null {
  const match = /^(\d{1,16})_([a-z0-9_]{1,64})$/.exec(cursor ?? "");
  return match ? { value: Number(match[1]), id: match[2] as string } : null;
}

export type ListOptions = {
  status: StatusFilter;
  sort: Sort;
  /** Search terms (search.ts); none is no search. */
  terms?: string[];
  cursor?: string | null;
  limit: number;
};

/**
 * Whether a ticket is closed, as the list indexes in db/schema.ts hold it: the status filter is an
 * equality on this expression, so each index range is already in the list's order. Spelled exactly
 * as in the indexes, or SQLite does not recognise it.
 */
const IS_CLOSED = sql.raw("(status = 'closed')");

/** The statuses a filter shows, as values of IS_CLOSED; "all" reads both ranges and merges them. */
const CLOSED_VALUES: Record<StatusFilter, number[]> = { open: [0], closed: [1], all: [0, 1] };

/**
 * visibility.ts's viewer in SQL: the tickets they requested, plus their company's when it has one.
 * Each part is one index prefix; a ticket in both is the same row.
 */
function visibleParts(accountId: string, viewer: TicketViewer): SQL[] {
  const own = sql`account_id = ${accountId} and requester_contact_id = ${viewer.contactId}`;
  return viewer.companyId
    ? [own, sql`account_id = ${accountId} and company_id = ${viewer.companyId}`]
    : [own];
}

/**
 * The list's query, one page and one row more; exported so a test can read its plan.
 *
 * Keyset pagination through a UNION: each arm (part of visibility × closed or not) takes its own
 * ORDER BY, cursor and LIMIT, so it reads at most limit + 1 rows of an index in that order
 * (db/schema.ts: account, requester or company, IS_CLOSED, sort column, id). The merge then sorts
 * those few rows and keeps limit + 1. Rows read depend on the page size, not the account's size.
 */
export function listTicketsQuery(accountId: string, viewer: TicketViewer, options: ListOptions) {
  const column = sql.raw(options.sort === "created" ? "created_at" : "last_activity_at");
  const limit = options.limit + 1;
  const conditions: SQL[] = [];
  const cursor = decodeCursor(options.cursor);
  if (cursor) conditions.push(sql`(${column}, id) < (${cursor.value}, ${cursor.id})`);
  if (options.terms?.length) {
    // The account is part of the match itself: the index reads this account's rows only.
    conditions.push(
      sql`id in (select d.ticket_id from ticket_search
                 join ticket_search_docs d on d.id = ticket_search.rowid
                 where ticket_search match ${searchMatch(accountId, options.terms)})`,
    );
  }
  const extra = conditions.length ? sql` and ${sql.join(conditions, sql` and `)}` : sql``;
  const arms = visibleParts(accountId, viewer).flatMap((part) =>
    CLOSED_VALUES[options.status].map(
      (closed) => sql`select * from (
        select id, account_id, number, subject, status, priority, category, created_at,
               last_activity_at, assignee_user_id
        from tickets
        where ${part} and ${IS_CLOSED} = ${closed}${extra}
        order by ${column} desc, id desc
        limit ${limit})`,
    ),
  );
  // UNION, not UNION ALL: a ticket both requested by the viewer and of their company is one row.
  return sql`
    select t.id, t.number, t.subject, t.status, t.priority, t.category, t.created_at,
           t.last_activity_at, u.display_name as assignee_name, t.${column} as sort_value
    from (${sql.join(arms, sql` union `)}) t
    left join agents u on u.account_id = t.account_id and u.user_id = t.assignee_user_id
    order by t.${column} desc, t.id desc
    limit ${limit}`;
}

export async function listTickets(
  db: Database,
  accountId: string,
  viewer: TicketViewer,
  options: ListOptions,
): Promise<TicketList> {
  const rows = await db.all<Row>(listTicketsQuery(accountId, viewer, options));
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.sort_value, last.id) : null,
  };
}

/** The id of the ticket with this number, when the viewer may see it: a scalar subquery. */
export function visibleTicketId(accountId: string, viewer: TicketViewer, number: number): SQL {
  const parts = visibleParts(accountId, viewer).map((part) => sql`(${part})`);
  return sql`(select id from tickets
              where account_id = ${accountId} and number = ${number}
                and (${sql.join(parts, sql` or `)}))`;
}

function ticketStatement(db: Database, accountId: string, viewer: TicketViewer, number: number) {
  return db.all<Row>(sql`
    select t.id, t.number, t.subject, t.status, t.priority, t.category, t.created_at,
           t.last_activity_at, u.display_name as assignee_name
    from tickets t
    left join agents u on u.account_id = t.account_id and u.user_id = t.assignee_user_id
    where t.account_id = ${accountId} and t.id = ${visibleTicketId(accountId, viewer, number)}`);
}

/** One ticket by its number, when the viewer may see it; otherwise null. */
export async function getVisibleTicket(
  db: Database,
  accountId: string,
  viewer: TicketViewer,
  number: number,
): Promise<TicketSummary | null> {
  const [row] = await ticketStatement(db, accountId, viewer, number);
  return row ? toSummary(row) : null;
}

export type PublicMessage = {
  id: string;
  body: string;
  createdAt: number;
  author: { kind: "contact" | "agent"; name: string };
};

/**
 * A ticket the viewer may see, its public thread (oldest first) and the files of that thread, or
 * null: one batch, so the page makes one round trip for its data. Each row of the first statement
 * is the ticket and one message; a ticket without public messages is one row with no message.
 * Internal notes and their files are filtered here, in SQL, and nowhere else.
 */
export async function ticketWithThread(
  db: Database,
  accountId: string,
  viewer: TicketViewer,
  number: number,
): Promise<{
  ticket: TicketSummary;
  messages: PublicMessage[];
  attachments: ShownAttachment[];
} | null> {
  const visible = visibleTicketId(accountId, viewer, number);
  const [thread, files] = await batchStatements(db, [
    sql`
    select t.id, t.number, t.subject, t.status, t.priority, t.category, t.created_at,
           t.last_activity_at, u.display_name as assignee_name,
           m.id as message_id, m.body as message_body, m.created_at as message_created_at,
           c.name as contact_name, mu.display_name as user_name
    from tickets t
    left join agents u on u.account_id = t.account_id and u.user_id = t.assignee_user_id
    left join ticket_messages m
      on m.account_id = t.account_id and m.ticket_id = t.id and m.visibility = 'public'
    left join contacts c on c.id = m.author_contact_id and c.account_id = m.account_id
    left join agents mu on mu.account_id = m.account_id and mu.user_id = m.author_user_id
    where t.account_id = ${accountId} and t.id = ${visible}
    order by m.created_at, m.id`,
    publicAttachmentsQuery(accountId, visible),
  ]);
  const rows = (thread?.results ?? []) as (Row & {
    message_id: string | null;
    message_body: string;
    message_created_at: number;
    contact_name: string | null;
    user_name: string | null;
  })[];
  const [first] = rows;
  if (!first) return null;
  return {
    ticket: toSummary(first),
    messages: rows.flatMap((row) =>
      row.message_id
        ? [
            {
              id: row.message_id,
              body: row.message_body,
              createdAt: row.message_created_at,
              author: row.contact_name
                ? { kind: "contact" as const, name: row.contact_name }
                : { kind: "agent" as const, name: firstName(row.user_name) ?? "" },
            },
          ]
        : [],
    ),
    attachments: shownAttachments((files?.results ?? []) as AttachmentRow[]),
  };
}
