// The portal's ticket list costs one page, whatever the account's size: each arm of its UNION reads
// an index already in the list's order and stops after a page, and the merge sorts those rows only.
import { env } from "cloudflare:test";
import { type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { SORTS, STATUS_FILTERS } from "../../app/lib/tickets/list-params";
import {
  type ListOptions,
  listTickets,
  listTicketsQuery,
} from "../../app/lib/tickets/queries.server";
import type { TicketViewer } from "../../app/lib/tickets/visibility";
import { createDb } from "../../db/client";
import { createAccount, createCompany, createContact } from "../factories";

const db = createDb(env.DB);
const dialect = new SQLiteAsyncDialect();
const LIMIT = 20;

type PlanLine = { id: number; parent: number; detail: string };

async function plan(query: SQL): Promise<PlanLine[]> {
  return db.all<PlanLine>(sql`explain query plan ${query}`);
}

/** Rows D1 reports reading for the statement (Drizzle's own calls drop the meta). */
async function rowsRead(query: SQL): Promise<number> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await env.DB.prepare(text)
    .bind(...params)
    .all();
  return result.meta.rows_read;
}

/** `count` tickets in one statement: requested by `contactId` or `colleagueId` in turn, a quarter closed. */
async function addTickets(
  account: { accountId: string; inboxId: string },
  people: { contactId: string; colleagueId: string; companyId: string },
  count: number,
) {
  await env.DB.prepare(
    `with recursive seq(i) as (select 1 union all select i + 1 from seq where i < ?1)
     insert into tickets (id, account_id, number, subject, status, requester_contact_id, company_id,
       inbox_id, source, created_at, last_activity_at)
     select ?2 || '_' || i, ?2, i, 'Question ' || i,
       case i % 4 when 0 then 'closed' when 1 then 'new' when 2 then 'waiting_on_us' else 'waiting_on_contact' end,
       case when i % 2 = 1 then ?3 else ?4 end, ?5, ?6, 'portal', 1000000 + i * 7, 2000000 + (i * 13) % 5000
     from seq`,
  )
    .bind(
      count,
      account.accountId,
      people.contactId,
      people.colleagueId,
      people.companyId,
      account.inboxId,
    )
    .run();
}

async function companyAccount(tickets: number) {
  const account = await createAccount(db, { ticketPermission: "company" });
  const companyId = await createCompany(db, account.accountId);
  const { contactId } = await createContact(db, account.accountId, { companyId });
  const { contactId: colleagueId } = await createContact(db, account.accountId, { companyId });
  await addTickets(account, { contactId, colleagueId, companyId }, tickets);
  return { accountId: account.accountId, viewer: { contactId, companyId } as TicketViewer };
}

const OPTIONS: ListOptions[] = STATUS_FILTERS.flatMap((status) =>
  SORTS.flatMap((sort) =>
    [null, "2001234_x"].map((cursor) => ({ status, sort, cursor, limit: LIMIT })),
  ),
);

describe("the list's plan", () => {
  const viewers: [string, TicketViewer][] = [
    ["own tickets", { contactId: "ctc_x", companyId: null }],
    ["company tickets", { contactId: "ctc_x", companyId: "cmp_x" }],
  ];
  it.each(viewers)("%s: every arm reads its own index in the list's order", async (_, viewer) => {
    for (const options of OPTIONS) {
      const lines = await plan(listTicketsQuery("acc_x", viewer, options));
      const label = `${options.status} by ${options.sort}${options.cursor ? " after a cursor" : ""}`;
      const reads = lines.filter((line) => / tickets\b/.test(line.detail));
      const column = options.sort === "created" ? "created" : "activity";
      const arms = (viewer.companyId ? 2 : 1) * (options.status === "all" ? 2 : 1);
      expect(reads.length, label).toBe(arms);
      for (const read of reads) {
        // Equality on account, viewer and closed-or-not, then the sort column: the index range
        // is already in order, so the arm's LIMIT stops the read after one page.
        expect(read.detail, label).toMatch(
          new RegExp(
            `^SEARCH tickets USING INDEX tickets_(requester|company)_${column}_idx ` +
              `\\(account_id=\\? AND (requester_contact_id|company_id)=\\? AND <expr>=\\?` +
              (options.cursor ? ` AND \\(\\w+,id\\)<\\(\\?,\\?\\)\\)$` : `\\)$`),
          ),
        );
        // Nothing sorts the arm's rows: a temporary B-tree beside the read would sort all of them.
        const siblings = lines.filter((line) => line.parent === read.parent);
        expect(
          siblings.map((line) => line.detail),
          label,
        ).not.toContainEqual(expect.stringMatching(/TEMP B-TREE/));
      }
    }
  });
});

describe("rows read by a page", () => {
  let small: Awaited<ReturnType<typeof companyAccount>>;
  let large: Awaited<ReturnType<typeof companyAccount>>;
  beforeAll(async () => {
    small = await companyAccount(100);
    large = await companyAccount(2000);
  });

  it("do not grow with the account", async () => {
    for (const options of OPTIONS.filter((o) => !o.cursor)) {
      const label = `${options.status} by ${options.sort}`;
      const atSmall = await rowsRead(listTicketsQuery(small.accountId, small.viewer, options));
      const atLarge = await rowsRead(listTicketsQuery(large.accountId, large.viewer, options));
      // Each arm reads at most a page and one row ("all" has four arms in company mode); D1
      // counts those rows again as the merge removes duplicates and sorts them.
      const arms = options.status === "all" ? 4 : 2;
      expect(atLarge, label).toBeLessThanOrEqual(3 * arms * (LIMIT + 1));
      expect(atLarge, label).toBe(atSmall);
    }
  });

  it("pages through every visible ticket once, in order", async () => {
    for (const options of OPTIONS.filter((o) => !o.cursor)) {
      const seen: number[] = [];
      const values: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await listTickets(db, small.accountId, small.viewer, { ...options, cursor });
        for (const ticket of page.items) {
          seen.push(ticket.number);
          values.push(options.sort === "created" ? ticket.createdAt : ticket.lastActivityAt);
        }
        cursor = page.nextCursor;
      } while (cursor);
      // Tickets 1..100, a quarter (every fourth) closed.
      const expected = Array.from({ length: 100 }, (_, i) => i + 1).filter((n) =>
        options.status === "all" ? true : options.status === "closed" ? n % 4 === 0 : n % 4 !== 0,
      );
      const label = `${options.status} by ${options.sort}`;
      expect(
        [...seen].sort((a, b) => a - b),
        label,
      ).toEqual(expected);
      expect(values, label).toEqual([...values].sort((a, b) => b - a));
    }
  });
});
