// The help desk's queue on an account of 10 000 tickets: every statement the queue page issues reads
// one index range that starts with the account and the inbox (or the assignee), in the sort's order,
// so a page costs a page whatever the account's size. The statements are the queue's own
// (queueListQuery / stageCountsQuery, the builders listQueue and stageCounts run), built from URLs
// by the page's own queueFilters, and explained as they are.
import { env } from "cloudflare:test";
import { type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  listQueue,
  QUEUE_PAGE_SIZE,
  type QueueFilters,
  queueFilters,
  queueListQuery,
  stageCounts,
  stageCountsQuery,
} from "../../app/lib/helpdesk/queue.server";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createManyTickets } from "../factories";
import { createTeam } from "../support/dashboard";

const db = createDb(env.DB);
const TICKETS = 10_000;

type PlanLine = { id: number; parent: number; detail: string };
type Ticket = Awaited<ReturnType<typeof createManyTickets>>[number];

const plan = (query: SQL) => db.all<PlanLine>(sql`explain query plan ${query}`);

/** Rows D1 reports reading for the statement, as drizzle would send it. */
async function rowsRead(query: SQL): Promise<number> {
  const { sql: text, params } = new SQLiteAsyncDialect().sqlToQuery(query);
  const result = await env.DB.prepare(text)
    .bind(...params)
    .all();
  return result.meta.rows_read;
}

let desk: {
  accountId: string;
  me: string;
  colleague: string;
  inbox: string;
  otherInbox: string;
  portal: string;
  tickets: Ticket[];
};

beforeAll(async () => {
  const account = await createAccount(db, { name: "Busy Desk", slugs: ["help", "shop"] });
  const team = await createTeam(db, account);
  const otherInbox = "inb_busy_other";
  await db
    .insert(s.inboxes)
    .values({ id: otherInbox, accountId: account.accountId, name: "Sales" });
  const contacts = await Promise.all(
    [1, 2, 3].map((n) =>
      createContact(db, account.accountId, { email: `c${n}@busy.example` }).then(
        (contact) => contact.contactId,
      ),
    ),
  );
  const started = Date.now();
  const tickets = await createManyTickets(db, account.accountId, {
    count: TICKETS,
    inboxIds: [account.inboxId, otherInbox],
    assigneeUserIds: [team.agent.userId, team.admin.userId, null],
    portalIds: [...account.portalIds, null],
    contactIds: contacts,
  });
  console.info(`helpdesk-plan: ${TICKETS} tickets inserted in ${Date.now() - started} ms`);
  desk = {
    accountId: account.accountId,
    me: team.agent.userId,
    colleague: team.admin.userId,
    inbox: account.inboxId,
    otherInbox,
    portal: account.portalIds[0] as string,
    tickets,
  };
}, 120_000);

/** The queue's filters for a query string, as the page reads them, for the signed-in agent. */
const filtersOf = (query: string): QueueFilters =>
  queueFilters(new URL(`https://dashboard.example/a/busy/tickets?${query}`), desk.me);

/** Every view the queue page offers: the inbox or assignee it starts from, and one more filter. */
function views(): [string, string][] {
  const { inbox, colleague, portal } = desk;
  const starts: [string, string][] = [
    ["inbox", `inbox=${inbox}`],
    ["assigned to me", "assignee=me"],
    ["unassigned", "assignee=none"],
    ["a colleague's", `assignee=${colleague}`],
  ];
  const narrowing: [string, string][] = [
    ["", ""],
    ["stage", "stage=waiting_on_us"],
    ["priority", "priority=high"],
    ["portal", `portal=${portal}`],
  ];
  const combined: [string, string][] = [
    ["inbox, assigned to me", `inbox=${inbox}&assignee=me`],
    ["inbox, unassigned", `inbox=${inbox}&assignee=none`],
    // The page's first view, "All inboxes": the whole account, in order (see leading()).
    ["all inboxes", ""],
    ["all inboxes, stage", "stage=new"],
    ["all inboxes, portal", `portal=${portal}`],
  ];
  return [
    ...starts.flatMap(([label, query]) =>
      narrowing.map(([more, extra]): [string, string] => [
        more ? `${label}, ${more}` : label,
        extra ? `${query}&${extra}` : query,
      ]),
    ),
    ...combined,
  ];
}

/** The plan's reads of tickets, and what they start with. */
function ticketReads(lines: PlanLine[]) {
  return lines.filter((line) => /^(SEARCH|SCAN) t\b/.test(line.detail));
}

/**
 * The index columns a view must lead with: the account and the inbox or the assignee; "All
 * inboxes" with neither has only the account to start from (its own indexes, in the sort's order).
 */
function leading(filters: QueueFilters): RegExp {
  if (!filters.inboxId && !filters.assignee)
    return /^SEARCH t USING (COVERING )?INDEX \w+ \(account_id=\?(\)| AND )/;
  const inbox = /^SEARCH t USING (COVERING )?INDEX \w+ \(account_id=\? AND inbox_id=\?/;
  const assignee = /^SEARCH t USING (COVERING )?INDEX \w+ \(account_id=\? AND assignee_user_id=\?/;
  if (filters.inboxId && filters.assignee) return new RegExp(`${inbox.source}|${assignee.source}`);
  return filters.inboxId ? inbox : assignee;
}

/** The plans as measured, for docs/performance.md. */
const measured: string[] = [];

describe("the queue's plans on 10 000 tickets", () => {
  it("each page, first and after a cursor, reads an index range in the sort's order: no scan, no sort", async () => {
    for (const [label, query] of views()) {
      for (const sort of ["last_activity", "created"]) {
        for (const cursor of [null, "1700000000500_tkt_x"]) {
          const filters = filtersOf(`${query}&sort=${sort}${cursor ? `&cursor=${cursor}` : ""}`);
          const lines = await plan(queueListQuery(desk.accountId, filters));
          const view = `${label} by ${sort}${cursor ? " after a cursor" : ""}`;
          // The whole plan in each message, so a failure shows what the planner chose instead.
          const name = `${view}: ${lines.map((line) => line.detail).join(" · ")}`;
          const reads = ticketReads(lines);
          expect(reads.length, name).toBe(1);
          const [read] = reads as [PlanLine];
          expect(read.detail, name).toMatch(leading(filters));
          const column = sort === "created" ? "created_at" : "last_activity_at";
          if (cursor) expect(read.detail, name).toContain(`(${column},id)<(?,?)`);
          expect(
            lines.map((line) => line.detail),
            name,
          ).not.toContainEqual(expect.stringMatching(/TEMP B-TREE|^SCAN (t|tickets)\b/));
          measured.push(`${view}: ${read.detail}`);
        }
      }
    }
  });

  it("the counts per stage read the same ranges, grouped in the index's order", async () => {
    for (const [label, query] of views()) {
      const filters = filtersOf(query);
      const lines = await plan(stageCountsQuery(desk.accountId, filters));
      const reads = ticketReads(lines);
      expect(reads.length, label).toBe(1);
      const [read] = reads as [PlanLine];
      expect(read.detail, label).toMatch(leading(filters));
      expect(
        lines.map((line) => line.detail),
        label,
      ).not.toContainEqual(expect.stringMatching(/TEMP B-TREE|^SCAN (t|tickets)\b/));
      measured.push(`counts, ${label}: ${lines.map((line) => line.detail).join(" · ")}`);
    }
    console.info(`helpdesk-plan:\n${measured.join("\n")}`);
  });
});

/** The tickets a view holds, in the queue's order, computed from the rows as inserted. */
function expected(filters: QueueFilters): Ticket[] {
  const column = filters.sort === "created" ? "createdAt" : "lastActivityAt";
  return desk.tickets
    .filter(
      (ticket) =>
        (!filters.inboxId || ticket.inboxId === filters.inboxId) &&
        (filters.assignee === null ||
          (filters.assignee === "none"
            ? ticket.assigneeUserId === null
            : ticket.assigneeUserId === filters.assignee)) &&
        (!filters.stage || ticket.status === filters.stage) &&
        (!filters.priority || ticket.priority === filters.priority) &&
        (!filters.portalId || ticket.portalId === filters.portalId),
    )
    .sort((a, b) => b[column] - a[column] || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

describe("the queue's pages on 10 000 tickets", () => {
  it("the first page and the next keyset page hold the right tickets, and the counts are right", async () => {
    for (const [label, query] of views()) {
      for (const sort of ["last_activity", "created"]) {
        const name = `${label} by ${sort}`;
        const filters = filtersOf(`${query}&sort=${sort}`);
        const all = expected(filters);
        const first = await listQueue(db, desk.accountId, filters);
        expect(
          first.items.map((item) => item.id),
          name,
        ).toEqual(all.slice(0, QUEUE_PAGE_SIZE).map((ticket) => ticket.id));
        expect(first.nextCursor, name).not.toBeNull();
        const next = await listQueue(db, desk.accountId, {
          ...filters,
          cursor: first.nextCursor,
        });
        expect(
          next.items.map((item) => item.id),
          `${name}, next page`,
        ).toEqual(all.slice(QUEUE_PAGE_SIZE, 2 * QUEUE_PAGE_SIZE).map((ticket) => ticket.id));
      }
      const filters = filtersOf(query);
      const counts = await stageCounts(db, desk.accountId, filters);
      const all = expected({ ...filters, stage: null });
      for (const stage of s.TICKET_STATUSES) {
        expect(counts[stage], `${label}: ${stage}`).toBe(
          all.filter((ticket) => ticket.status === stage).length,
        );
      }
    }
  });
});

describe("rows read on 10 000 tickets", () => {
  it("a page of a view without further filters reads about a page, first or after a cursor", async () => {
    const report: string[] = [];
    for (const [label, query] of views().filter(([name]) => !name.includes(","))) {
      for (const sort of ["last_activity", "created"]) {
        const filters = filtersOf(`${query}&sort=${sort}`);
        const first = await rowsRead(queueListQuery(desk.accountId, filters));
        const { nextCursor } = await listQueue(db, desk.accountId, filters);
        const next = await rowsRead(
          queueListQuery(desk.accountId, { ...filters, cursor: nextCursor }),
        );
        report.push(`${label} by ${sort}: first page ${first} rows, next page ${next} rows`);
        // 26 tickets, each with its requester and assignee looked up: never the view's thousands.
        expect(first, `${label} by ${sort}`).toBeLessThanOrEqual(4 * (QUEUE_PAGE_SIZE + 1));
        expect(next, `${label} by ${sort}, next page`).toBeLessThanOrEqual(
          4 * (QUEUE_PAGE_SIZE + 1),
        );
      }
      const counts = await rowsRead(stageCountsQuery(desk.accountId, filtersOf(query)));
      report.push(`counts, ${label}: ${counts} rows`);
    }
    console.info(`helpdesk-plan rows read:\n${report.join("\n")}`);
  });
});
