// The help desk's queue: an account's tickets as agents see them, filtered, searched and paged by
// keyset, with counts per stage, and the bulk changes agents make to selected tickets. Every
// statement is scoped to the account from the guard; ticket ids from a form only ever narrow it.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketStatus } from "../../../db/schema";
import { auditEntryIfChanged } from "../audit/audit.server";
import { batchStatements, changed } from "../db/statements";
import { searchTerms } from "../tickets/search";
import { QUEUE_SORTS, type QueueSort } from "./queue";
import { helpdeskMatch } from "./search";

export const QUEUE_PAGE_SIZE = 25;

export type QueueFilters = {
  inboxId: string | null;
  /** A user id, "none" for unassigned, or null for anyone. */
  assignee: string | null;
  stage: TicketStatus | null;
  priority: string | null;
  portalId: string | null;
  q: string;
  terms: string[];
  sort: QueueSort;
  cursor: string | null;
};

const pick = <T extends string>(values: readonly T[], raw: string | null): T | null =>
  values.includes(raw as T) ? (raw as T) : null;
const idParam = (raw: string | null) => (raw && /^[a-z0-9_]{1,64}$/.test(raw) ? raw : null);

/** The queue's filters from the URL; "assigned to me" is `assignee=me`. Unknown values are ignored. */
export function queueFilters(url: URL, userId: string): QueueFilters {
  const p = url.searchParams;
  const rawAssignee = p.get("assignee");
  const q = (p.get("q") ?? "").trim().slice(0, 200);
  return {
    inboxId: idParam(p.get("inbox")),
    assignee:
      rawAssignee === "me" ? userId : rawAssignee === "none" ? "none" : idParam(rawAssignee),
    stage: pick(TICKET_STATUSES, p.get("stage")),
    priority: pick(TICKET_PRIORITIES, p.get("priority")),
    portalId: idParam(p.get("portal")),
    q,
    terms: searchTerms(q),
    sort: pick(QUEUE_SORTS, p.get("sort")) ?? "last_activity",
    cursor: p.get("cursor"),
  };
}

export type QueueTicket = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: string | null;
  requesterName: string;
  assigneeName: string | null;
  createdAt: number;
  lastActivityAt: number;
  /** Who wrote last in the thread and when: the queue's "customer replied 5 min ago". */
  last: { by: "contact" | "agent" | "note"; at: number } | null;
};

function decodeCursor(cursor: string | null): { value: number; id: string } | null {
  const match = /^(\d{1,16})_([a-z0-9_]{1,64})$/.exec(cursor ?? "");
  return match ? { value: Number(match[1]), id: match[2] as string } : null;
}

/** Every filter but the stage (the counts per stage use the rest), as SQL on `tickets t`. */
function filterConditions(accountId: string, filters: QueueFilters): SQL[] {
  const conditions: SQL[] = [sql`t.account_id = ${accountId}`];
  if (filters.inboxId) conditions.push(sql`t.inbox_id = ${filters.inboxId}`);
  if (filters.assignee === "none") conditions.push(sql`t.assignee_user_id is null`);
  else if (filters.assignee) conditions.push(sql`t.assignee_user_id = ${filters.assignee}`);
  if (filters.priority) conditions.push(sql`t.priority = ${filters.priority}`);
  if (filters.portalId) conditions.push(sql`t.portal_id = ${filters.portalId}`);
  if (filters.terms.length) {
    // The account is part of the match: the index reads this account's rows only.
    conditions.push(
      sql`t.id in (select d.ticket_id from helpdesk_search
                   join helpdesk_search_docs d on d.id = helpdesk_search.rowid
                   where helpdesk_search match ${helpdeskMatch(accountId, filters.terms)})`,
    );
  }
  return conditions;
}

type Row = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: string | null;
  requester_name: string;
  assignee_name: string | null;
  created_at: number;
  last_activity_at: number;
  last_by: "contact" | "agent" | "note" | null;
  last_at: number | null;
  sort_value: number;
};

/**
 * The statement of one queue page: the page's rows and one more (is there a next page?). Exported
 * so the query-plan test (test/integration/helpdesk-plan.test.ts) explains exactly what runs.
 */
export function queueListQuery(accountId: string, filters: QueueFilters): SQL {
  const column = sql.raw(filters.sort === "created" ? "created_at" : "last_activity_at");
  const conditions = filterConditions(accountId, filters);
  if (filters.stage) conditions.push(sql`t.status = ${filters.stage}`);
  const cursor = decodeCursor(filters.cursor);
  if (cursor) conditions.push(sql`(t.${column}, t.id) < (${cursor.value}, ${cursor.id})`);
  return sql`
    select t.id, t.number, t.subject, t.status, t.priority, t.created_at, t.last_activity_at,
           c.name as requester_name, a.display_name as assignee_name, t.${column} as sort_value,
           (select case when m.author_contact_id is not null then 'contact'
                        when m.visibility = 'internal' then 'note' else 'agent' end
            from ticket_messages m where m.account_id = t.account_id and m.ticket_id = t.id
            order by m.created_at desc, m.id desc limit 1) as last_by,
           (select max(m.created_at) from ticket_messages m
            where m.account_id = t.account_id and m.ticket_id = t.id) as last_at
    from tickets t
    join contacts c on c.id = t.requester_contact_id and c.account_id = t.account_id
    left join agents a on a.account_id = t.account_id and a.user_id = t.assignee_user_id
    where ${sql.join(conditions, sql` and `)}
    order by t.${column} desc, t.id desc
    limit ${QUEUE_PAGE_SIZE + 1}`;
}

/** One page of the queue (newest first by the sort) and its keyset cursor. */
export async function listQueue(
  db: Database,
  accountId: string,
  filters: QueueFilters,
): Promise<{ items: QueueTicket[]; nextCursor: string | null }> {
  const rows = await db.all<Row>(queueListQuery(accountId, filters));
  const page = rows.slice(0, QUEUE_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      number: row.number,
      subject: row.subject,
      status: row.status,
      priority: row.priority,
      requesterName: row.requester_name,
      assigneeName: row.assignee_name,
      createdAt: row.created_at,
      lastActivityAt: row.last_activity_at,
      last: row.last_by && row.last_at !== null ? { by: row.last_by, at: row.last_at } : null,
    })),
    nextCursor: rows.length > QUEUE_PAGE_SIZE && last ? `${last.sort_value}_${last.id}` : null,
  };
}

/** The statement of the counts per stage (exported for the query-plan test, as above). */
export function stageCountsQuery(accountId: string, filters: QueueFilters): SQL {
  return sql`
    select t.status, count(*) as count from tickets t
    where ${sql.join(filterConditions(accountId, filters), sql` and `)}
    group by t.status`;
}

/** How many tickets of each stage the other filters hold. */
export async function stageCounts(
  db: Database,
  accountId: string,
  filters: QueueFilters,
): Promise<Record<TicketStatus, number>> {
  const rows = await db.all<{ status: TicketStatus; count: number }>(
    stageCountsQuery(accountId, filters),
  );
  const counts = Object.fromEntries(TICKET_STATUSES.map((stage) => [stage, 0])) as Record<
    TicketStatus,
    number
  >;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export type BulkChange =
  | { kind: "assign"; assigneeUserId: string | null }
  | { kind: "stage"; stage: TicketStatus }
  | { kind: "close" };

/**
 * One change to the selected tickets of this account, in one batch with its audit entry. Ids of
 * another account's tickets match nothing; an assignee must be an active agent of the account.
 * Returns how many tickets changed.
 */
export async function bulkChange(
  db: Database,
  by: { accountId: string; actorUserId: string; now?: number },
  ticketIds: string[],
  change: BulkChange,
): Promise<number> {
  const now = by.now ?? Date.now();
  const ids = sql.join(
    ticketIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const set =
    change.kind === "assign"
      ? sql`assignee_user_id = ${change.assigneeUserId}`
      : change.kind === "close"
        ? sql`status = 'closed', closed_at = coalesce(closed_at, ${now})`
        : sql`status = ${change.stage}, closed_at = ${change.stage === "closed" ? sql`coalesce(closed_at, ${now})` : null}`;
  const assigneeOk =
    change.kind === "assign" && change.assigneeUserId
      ? sql` and exists (select 1 from agents where account_id = ${by.accountId} and user_id = ${change.assigneeUserId} and left_at is null)`
      : sql``;
  const [updated] = await batchStatements(db, [
    sql`update tickets set ${set}, version = version + 1, last_activity_at = ${now}
        where account_id = ${by.accountId} and id in (${ids})${assigneeOk}`,
    auditEntryIfChanged(
      {
        ...by,
        action: "ticket.bulk_update",
        target: `${ticketIds.length}`,
        after:
          change.kind === "assign"
            ? { assignee: change.assigneeUserId }
            : { stage: change.kind === "close" ? "closed" : change.stage },
      },
      now,
    ),
  ]);
  return changed(updated);
}

/** The account's active agents, for the assignee pickers. */
export function activeAgents(db: Database, accountId: string) {
  return db.all<{ user_id: string; display_name: string }>(sql`
    select user_id, display_name from agents
    where account_id = ${accountId} and left_at is null order by display_name`);
}
