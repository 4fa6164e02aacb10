// The portal's search index: scoped to the account inside the match, kept by indexed lookups, and
// holding nothing but what customers may read.
import { env } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { listTickets, listTicketsQuery } from "../../app/lib/tickets/queries.server";
import { accountKey, searchMatch } from "../../app/lib/tickets/search";
import { createDb } from "../../db/client";
import { ticketMessages, tickets } from "../../db/schema";
import { createAccount, createContact, createTicketFixture } from "../factories";
import { getPage, signInPortal } from "../support/http";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";

type Plan = { detail: string }[];
/** The plan of a statement whose parameters are all left unbound (null). */
const explain = (statement: string) =>
  env.DB.prepare(`explain query plan ${statement}`)
    .bind(...Array.from(statement.matchAll(/\?/g), () => null))
    .all()
    .then((r) => r.results as Plan);

/**
 * Plan lines that read a whole table: a SCAN of a table, or of the FTS index with neither a MATCH
 * (M) nor a rowid (=). Scans of a subquery's own rows (a co-routine) and of a constant are fine.
 */
function fullScans(plan: Plan): string[] {
  const details = plan.map((line) => line.detail);
  const subqueries = details.flatMap((d) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(d)?.[1] ?? []);
  return details
    .filter((detail) => detail.startsWith("SCAN ") && detail !== "SCAN CONSTANT ROW")
    .filter((detail) => !subqueries.includes(detail.slice("SCAN ".length)))
    .filter((detail) => !/VIRTUAL TABLE INDEX \d+:.*[=M]/.test(detail));
}

describe("query plans", () => {
  it("a search reads the FTS index with the account in the match, and no table whole", async () => {
    const query = listTicketsQuery(
      "acc_acme",
      { contactId: "ctc_x", companyId: "cmp_x" },
      { status: "all", sort: "last_activity", terms: ["printer"], limit: 20 },
    );
    const plan = await db.all<{ detail: string }>(sql`explain query plan ${query}`);
    const details = plan.map((line) => line.detail);
    expect(details).toContainEqual(
      expect.stringMatching(/^SCAN ticket_search VIRTUAL TABLE INDEX \d+:M/),
    );
    expect(details).toContainEqual(expect.stringMatching(/^SEARCH d USING INTEGER PRIMARY KEY/));
    expect(fullScans(plan)).toEqual([]);
    // The match itself names the account: the index reads no other account's rows.
    expect(searchMatch("acc_acme", ["printer"])).toMatch(/^\{account\} : "[0-9A-F]+" AND /);
  });

  it("every statement of the index's triggers finds its rows by key", async () => {
    const { results } = await env.DB.prepare(
      "select name, sql from sqlite_master where type = 'trigger' and name like 'ticket_search_%'",
    ).all<{ name: string; sql: string }>();
    expect(results.map((row) => row.name).sort()).toEqual([
      "ticket_search_message_delete",
      "ticket_search_message_insert",
      "ticket_search_message_update",
      "ticket_search_ticket_delete",
      "ticket_search_ticket_insert",
      "ticket_search_ticket_subject",
    ]);
    for (const trigger of results) {
      const body = /\bBEGIN\b([\s\S]*)\bEND\b/.exec(trigger.sql)?.[1] ?? "";
      const statements = body
        .split(";")
        .map((statement) => statement.trim())
        .filter(Boolean)
        // The row's own values become parameters, as SQLite binds them in the trigger.
        .map((statement) => statement.replace(/\b(old|new)\.`?\w+`?/g, "?"));
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const plan = await explain(statement);
        expect({ trigger: trigger.name, statement, scans: fullScans(plan) }).toEqual({
          trigger: trigger.name,
          statement,
          scans: [],
        });
      }
    }
  });
});

describe("search across accounts", () => {
  let passwordHash: string;
  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
  });

  async function portalWith(subject: string) {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId, { passwordHash });
    const ticket = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      subject,
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    return { fixture, contact, ticket, base, cookie };
  }

  it("the index matches one account's rows only", async () => {
    const a = await portalWith("Zanzibar gateway down");
    const b = await portalWith("Zanzibar gateway slow");
    const matched = async (accountId: string) =>
      (
        await env.DB.prepare("select count(*) as n from ticket_search where ticket_search match ?")
          .bind(searchMatch(accountId, ["zanzi"]))
          .first<{ n: number }>()
      )?.n;
    expect(await matched(a.fixture.accountId)).toBe(1);
    expect(await matched(b.fixture.accountId)).toBe(1);
    const { body } = await getPage(`${a.base}/tickets?status=all&q=zanzi`, a.cookie);
    expect(body).toContain("Zanzibar gateway down");
    expect(body).not.toContain("Zanzibar gateway slow");
  });

  it("terms shorter than two characters are no search, and the page says so", async () => {
    const { base, cookie } = await portalWith("Printer on fire");
    for (const q of ["p", "a b", "é ! *"]) {
      const { response, body } = await getPage(
        `${base}/tickets?status=all&q=${encodeURIComponent(q)}`,
        cookie,
      );
      expect(response.status).toBe(200);
      expect(body).toContain("Printer on fire");
      expect(body).toContain('id="q-note"');
      expect(body).toContain("Search words need at least 2 letters or digits");
    }
    const narrowed = await getPage(`${base}/tickets?status=all&q=x%20fire`, cookie);
    expect(narrowed.body).toContain("Printer on fire");
    // The page carries its language's catalog, so the note is looked for as rendered.
    expect(narrowed.body).not.toContain('id="q-note"');
    const missed = await getPage(`${base}/tickets?status=all&q=x%20water`, cookie);
    expect(missed.body).not.toContain("Printer on fire");
  });
});

describe("no portal search ever matches an internal note", () => {
  type Step =
    | { add: string; visibility: "public" | "internal" }
    | { set: { body?: string; visibility?: "public" | "internal" } }
    | { deleteMessage: true }
    | { subject: string };

  it.each([
    ["inserted internal", [{ add: "SECRETWORD", visibility: "internal" }], false],
    [
      "made internal after being public",
      [{ add: "SECRETWORD", visibility: "public" }, { set: { visibility: "internal" } }],
      false,
    ],
    [
      "edited while internal",
      [{ add: "harmless", visibility: "internal" }, { set: { body: "SECRETWORD" } }],
      false,
    ],
    [
      "made internal, then edited",
      [
        { add: "harmless", visibility: "public" },
        { set: { visibility: "internal" } },
        { set: { body: "SECRETWORD" } },
      ],
      false,
    ],
    [
      "edited and made internal at once",
      [
        { add: "harmless", visibility: "public" },
        { set: { body: "SECRETWORD", visibility: "internal" } },
      ],
      false,
    ],
    [
      "internal while the ticket's subject changes",
      [{ add: "SECRETWORD", visibility: "internal" }, { subject: "A new subject" }],
      false,
    ],
    [
      "public, then deleted",
      [{ add: "SECRETWORD", visibility: "public" }, { deleteMessage: true }],
      false,
    ],
    [
      "public, edited away",
      [{ add: "SECRETWORD", visibility: "public" }, { set: { body: "harmless" } }],
      false,
    ],
    // The controls: public text is found, including a note that was made public.
    ["public", [{ add: "SECRETWORD", visibility: "public" }], true],
    [
      "made public after being internal",
      [{ add: "SECRETWORD", visibility: "internal" }, { set: { visibility: "public" } }],
      true,
    ],
  ] as [string, Step[], boolean][])("%s", async (_, steps, found) => {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId);
    const { ticketId } = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      subject: "Printer on fire",
      messages: [{ body: "Public words stay findable" }],
    });
    let messageId = "";
    for (const step of steps) {
      if ("add" in step) {
        messageId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
        await db.insert(ticketMessages).values({
          id: messageId,
          accountId: fixture.accountId,
          ticketId,
          visibility: step.visibility,
          authorContactId: contact.contactId,
          body: step.add,
        });
      } else if ("set" in step) {
        await db.update(ticketMessages).set(step.set).where(eq(ticketMessages.id, messageId));
      } else if ("deleteMessage" in step) {
        await db.delete(ticketMessages).where(eq(ticketMessages.id, messageId));
      } else {
        await db
          .update(tickets)
          .set({ subject: step.subject })
          .where(and(eq(tickets.accountId, fixture.accountId), eq(tickets.id, ticketId)));
      }
    }
    const search = (q: string) =>
      listTickets(
        db,
        fixture.accountId,
        { contactId: contact.contactId, companyId: null },
        { status: "all", sort: "last_activity", terms: [q], limit: 20 },
      ).then((list) => list.items.length);
    expect(await search("secretword")).toBe(found ? 1 : 0);
    expect(await search("findable")).toBe(1);
    // The index holds exactly the ticket's subject and its public messages.
    const counts = await env.DB.prepare(
      `select (select count(*) from ticket_search_docs where account_id = ?1) as docs,
              (select count(*) from ticket_search where ticket_search match ?2) as rows,
              (select count(*) from ticket_messages where account_id = ?1 and visibility = 'public') + 1
                as public`,
    )
      .bind(fixture.accountId, `{account} : "${accountKey(fixture.accountId)}"`)
      .first<{ docs: number; rows: number; public: number }>();
    expect(counts).toEqual({ docs: counts?.public, rows: counts?.public, public: counts?.public });
  });

  it("deleting a ticket takes its subject and messages out of the index", async () => {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId);
    const { ticketId } = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      messages: [{ body: "one" }, { body: "two" }, { body: "note", visibility: "internal" }],
    });
    await db.delete(ticketMessages).where(eq(ticketMessages.ticketId, ticketId));
    await db.delete(tickets).where(eq(tickets.id, ticketId));
    const left = await env.DB.prepare(
      "select count(*) as n from ticket_search_docs where account_id = ?",
    )
      .bind(fixture.accountId)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});
