// The help desk through the app worker: the agents table kept in step with the team, inboxes, the
// queue, the ticket page and its races. Every test makes its own account (test/factories.ts).
import { env, SELF } from "cloudflare:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createTicket, createTicketMessage } from "../factories";
import { accountUrl, createTeam } from "../support/dashboard";
import { formRequest, getPage, postForm, signInPortal } from "../support/http";

const db = createDb(env.DB);

async function newDesk(name = "Desk Ltd") {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  return { account, team };
}

async function auditOf(accountId: string, action: string) {
  return db
    .select({ target: s.auditLog.target, details: s.auditLog.details })
    .from(s.auditLog)
    .where(and(eq(s.auditLog.accountId, accountId), eq(s.auditLog.action, action)));
}

describe("agents", () => {
  it("a removed teammate leaves the agents table's active list, and keeps their name in threads", async () => {
    const { account, team } = await newDesk();
    const { contactId } = await createContact(db, account.accountId, {
      email: "pat@customer.example",
    });
    const { ticketId } = await createTicket(db, account, { contactId });
    await createTicketMessage(db, {
      accountId: account.accountId,
      ticketId,
      body: "We are on it.",
      author: { userId: team.agent.userId },
    });
    const { response } = await postForm(
      accountUrl(team.slug, "/team"),
      { intent: "remove", userId: team.agent.userId },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(302);
    const [row] = await db
      .select()
      .from(s.agents)
      .where(
        and(eq(s.agents.accountId, account.accountId), eq(s.agents.userId, team.agent.userId)),
      );
    expect(row?.displayName).toBe("Alex Agent");
    expect(row?.leftAt).not.toBeNull();
  });
});

describe("inboxes", () => {
  it("creates, renames and archives an inbox, each audited", async () => {
    const { account, team } = await newDesk();
    const url = accountUrl(team.slug, "/inboxes");
    const cookie = team.admin.cookie;
    expect(
      (await postForm(url, { intent: "create", name: "Billing" }, { cookie })).response.status,
    ).toBe(302);
    const [billing] = await db
      .select()
      .from(s.inboxes)
      .where(and(eq(s.inboxes.accountId, account.accountId), eq(s.inboxes.name, "Billing")));
    expect(billing).toBeDefined();
    const id = billing?.id ?? "";
    expect(
      (await postForm(url, { intent: "rename", inboxId: id, name: "Invoices" }, { cookie }))
        .response.status,
    ).toBe(302);
    expect(
      (await postForm(url, { intent: "archive", inboxId: id }, { cookie })).response.status,
    ).toBe(302);
    const [after] = await db.select().from(s.inboxes).where(eq(s.inboxes.id, id));
    expect(after?.name).toBe("Invoices");
    expect(after?.archivedAt).not.toBeNull();
    expect((await auditOf(account.accountId, "inbox.create")).map((e) => e.target)).toEqual([
      "Billing",
    ]);
    expect(await auditOf(account.accountId, "inbox.rename")).toEqual([
      { target: "Invoices", details: { before: { name: "Billing" }, after: { name: "Invoices" } } },
    ]);
    expect((await auditOf(account.accountId, "inbox.archive")).map((e) => e.target)).toEqual([
      "Invoices",
    ]);
  });

  it("refuses a taken name with the input back and 400, changing nothing", async () => {
    const { account, team } = await newDesk();
    const url = accountUrl(team.slug, "/inboxes");
    const before = await db
      .select()
      .from(s.inboxes)
      .where(eq(s.inboxes.accountId, account.accountId));
    const taken = before[0]?.name ?? "";
    const { response, body } = await postForm(
      url,
      { intent: "create", name: taken },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Another inbox already has this name.");
    expect(body).toContain(`value="${taken}"`);
    const after = await db
      .select()
      .from(s.inboxes)
      .where(eq(s.inboxes.accountId, account.accountId));
    expect(after).toEqual(before);
  });

  it("refuses to archive a portal's default inbox and names the portal", async () => {
    const { account, team } = await newDesk();
    const { response, body } = await postForm(
      accountUrl(team.slug, "/inboxes"),
      { intent: "archive", inboxId: account.inboxId },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(400);
    const [portal] = await db
      .select()
      .from(s.portals)
      .where(eq(s.portals.id, account.portalIds[0] ?? ""));
    expect(body).toContain(`it is the default inbox of ${portal?.name}`);
    const [inbox] = await db.select().from(s.inboxes).where(eq(s.inboxes.id, account.inboxId));
    expect(inbox?.archivedAt).toBeNull();
    expect(await auditOf(account.accountId, "inbox.archive")).toEqual([]);
  });

  it("another account's inbox id is a missing one", async () => {
    const acme = await newDesk("Acme Two");
    const globex = await newDesk("Globex Two");
    const { response } = await postForm(
      accountUrl(globex.team.slug, "/inboxes"),
      { intent: "archive", inboxId: acme.account.inboxId },
      { cookie: globex.team.admin.cookie },
    );
    expect(response.status).toBe(400);
    const [inbox] = await db.select().from(s.inboxes).where(eq(s.inboxes.id, acme.account.inboxId));
    expect(inbox?.archivedAt).toBeNull();
    // And Globex's admin cannot open Acme's inbox page at all.
    const page = await getPage(accountUrl(acme.team.slug, "/inboxes"), globex.team.admin.cookie);
    expect(page.response.status).toBe(404);
  });
});

describe("the queue", () => {
  async function deskWithTickets() {
    const desk = await newDesk("Queue Ltd");
    const { contactId } = await createContact(db, desk.account.accountId, {
      email: "quinn@customer.example",
      name: "Quinn Customer",
    });
    const first = await createTicket(db, desk.account, { contactId, subject: "Printer on fire" });
    const second = await createTicket(db, desk.account, { contactId, subject: "Invoice missing" });
    await createTicketMessage(db, {
      accountId: desk.account.accountId,
      ticketId: first.ticketId,
      body: "Escalated to the zebracorn team",
      visibility: "internal",
      author: { userId: desk.team.agent.userId },
    });
    await createTicketMessage(db, {
      accountId: desk.account.accountId,
      ticketId: second.ticketId,
      body: "Any news?",
      author: { contactId },
    });
    return { ...desk, contactId, first, second };
  }

  it("lists the account's tickets with counts per stage and who acted last", async () => {
    const { team } = await deskWithTickets();
    const { response, body } = await getPage(accountUrl(team.slug, "/tickets"), team.agent.cookie);
    expect(response.status).toBe(200);
    expect(body).toContain("Printer on fire");
    expect(body).toContain("Invoice missing");
    expect(body).toContain("New: 2");
    expect(body).toMatch(/Customer replied (now|\d+ seconds? ago)/);
    expect(body).toMatch(/Note added (now|\d+ seconds? ago)/);
  });

  it("searches subjects, public messages and internal notes in the help desk's own index", async () => {
    const { team, account } = await deskWithTickets();
    const note = await getPage(accountUrl(team.slug, "/tickets?q=zebrac"), team.agent.cookie);
    expect(note.body).toContain("Printer on fire");
    expect(note.body).not.toContain("Invoice missing");
    // The portal's index never holds the note.
    const portalHits = await db.all(
      sql`select d.ticket_id from ticket_search join ticket_search_docs d on d.id = ticket_search.rowid
          where ticket_search match ${`{account} : "${[
            ...new TextEncoder().encode(account.accountId),
          ]
            .map((b) => b.toString(16).padStart(2, "0"))
            .join("")
            .toUpperCase()}" AND {text} : "zebracorn"`}`,
    );
    expect(portalHits).toEqual([]);
  });

  it("filters by assignee, including unassigned and assigned to me", async () => {
    const { team, first } = await deskWithTickets();
    await db
      .update(s.tickets)
      .set({ assigneeUserId: team.agent.userId })
      .where(eq(s.tickets.id, first.ticketId));
    const mine = await getPage(accountUrl(team.slug, "/tickets?assignee=me"), team.agent.cookie);
    expect(mine.body).toContain("Printer on fire");
    expect(mine.body).not.toContain("Invoice missing");
    const none = await getPage(accountUrl(team.slug, "/tickets?assignee=none"), team.agent.cookie);
    expect(none.body).not.toContain("Printer on fire");
    expect(none.body).toContain("Invoice missing");
  });

  it("bulk-closes selected tickets of the account only", async () => {
    const acme = await deskWithTickets();
    const globex = await deskWithTickets();
    const request = formRequest(
      accountUrl(acme.team.slug, "/tickets?index"),
      {},
      { cookie: acme.team.agent.cookie },
    );
    const form = new URLSearchParams();
    for (const id of [acme.first.ticketId, acme.second.ticketId, globex.first.ticketId])
      form.append("ticket", id);
    form.append("bulkAction", "close");
    const response = await SELF.fetch(new Request(request, { body: form }));
    expect(response.status).toBe(302);
    const stages = await db
      .select({ id: s.tickets.id, status: s.tickets.status })
      .from(s.tickets)
      .where(
        inArray(s.tickets.id, [acme.first.ticketId, acme.second.ticketId, globex.first.ticketId]),
      );
    const byId = Object.fromEntries(stages.map((row) => [row.id, row.status]));
    expect(byId[acme.first.ticketId]).toBe("closed");
    expect(byId[acme.second.ticketId]).toBe("closed");
    expect(byId[globex.first.ticketId]).toBe("new");
  });

  it("refuses a bulk action without selected tickets: 400, nothing changes", async () => {
    const { team, account } = await deskWithTickets();
    const before = await db
      .select()
      .from(s.tickets)
      .where(eq(s.tickets.accountId, account.accountId));
    const { response, body } = await postForm(
      accountUrl(team.slug, "/tickets?index"),
      { bulkAction: "close" },
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Select at least one ticket.");
    const after = await db
      .select()
      .from(s.tickets)
      .where(eq(s.tickets.accountId, account.accountId));
    expect(after).toEqual(before);
  });

  it("keyset-pages the queue", async () => {
    const desk = await newDesk("Pages Ltd");
    const { contactId } = await createContact(db, desk.account.accountId);
    for (let i = 0; i < 27; i++)
      await createTicket(db, desk.account, { contactId, subject: `Paged ${i}` });
    const first = await getPage(
      accountUrl(desk.team.slug, "/tickets?sort=created"),
      desk.team.agent.cookie,
    );
    const next = /href="([^"]*cursor=[^"]*)"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await getPage(
      `${accountUrl(desk.team.slug)}${next?.replace(`/a/${desk.team.slug}`, "")}`,
      desk.team.agent.cookie,
    );
    const rows = (body: string) =>
      [...body.matchAll(/data-ticket="(\d+)"/g)].map((m) => Number(m[1]));
    const all = [...rows(first.body), ...rows(second.body)];
    expect(rows(first.body)).toHaveLength(25);
    expect(new Set(all).size).toBe(27);
  });
});

describe("the ticket page", () => {
  const PASSWORD = "correct horse battery";

  async function deskTicket() {
    const desk = await newDesk("Ticket Ltd");
    const contact = await createContact(db, desk.account.accountId, {
      name: "Robin Requester",
      passwordHash: await hashPassword(PASSWORD),
    });
    const ticket = await createTicket(db, desk.account, {
      contactId: contact.contactId,
      subject: "Cannot log in",
    });
    const url = accountUrl(desk.team.slug, `/tickets/${ticket.number}`);
    return { ...desk, contact, ticket, url };
  }

  const ticketRow = async (id: string) =>
    (await db.select().from(s.tickets).where(eq(s.tickets.id, id)))[0];

  it("another account's member gets 404 for the ticket, by either account's address", async () => {
    const acme = await deskTicket();
    const globex = await newDesk("Globex Desk");
    const cookie = globex.team.owner.cookie;
    expect((await getPage(acme.url, cookie)).response.status).toBe(404);
    const own = accountUrl(globex.team.slug, `/tickets/${acme.ticket.number}`);
    expect((await getPage(own, cookie)).response.status).toBe(404);
    const posted = await postForm(own, { intent: "note", body: "leak" }, { cookie });
    expect(posted.response.status).toBe(404);
    const messages = await db
      .select()
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.ticketId, acme.ticket.ticketId));
    expect(messages).toEqual([]);
  });

  it("a reply waits on the contact and queues the agent-replied email; a note stays internal", async () => {
    const { team, url, ticket, account, contact } = await deskTicket();
    const cookie = team.agent.cookie;
    expect(
      (await postForm(url, { intent: "reply", body: "Try resetting it." }, { cookie })).response
        .status,
    ).toBe(302);
    expect((await ticketRow(ticket.ticketId))?.status).toBe("waiting_on_contact");
    expect(
      (await postForm(url, { intent: "note", body: "SECRET-NOTE-42" }, { cookie })).response.status,
    ).toBe(302);
    expect((await ticketRow(ticket.ticketId))?.status).toBe("waiting_on_contact");
    const emails = await db
      .select({ kind: s.emailLog.kind })
      .from(s.emailLog)
      .where(eq(s.emailLog.accountId, account.accountId));
    expect(emails.map((e) => e.kind)).toEqual(["agent_replied"]);

    const page = await getPage(url, cookie);
    expect(page.body).toContain("SECRET-NOTE-42");
    expect(page.body).toContain('data-visibility="internal"');

    // The customer sees the reply, under the agent's first name, and never the note.
    const base = `http://${account.hostname}/help`;
    const portalCookie = await signInPortal(base, contact.email, PASSWORD);
    for (const path of [`/tickets/${ticket.number}`, `/tickets/${ticket.number}.data`]) {
      const { body } = await getPage(`${base}${path}`, portalCookie);
      expect(body).toContain("Try resetting it.");
      expect(body).not.toContain("SECRET-NOTE-42");
    }
  });

  it("refuses an empty reply with 400 and changes nothing", async () => {
    const { team, url, ticket } = await deskTicket();
    const { response, body } = await postForm(
      url,
      { intent: "reply", body: "  " },
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Write a message of at most 20,000 characters.");
    const messages = await db
      .select()
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.ticketId, ticket.ticketId));
    expect(messages).toEqual([]);
  });

  it("a change made on an older version shows what changed instead of overwriting", async () => {
    const { team, url, ticket, account } = await deskTicket();
    const seen = {
      intent: "fields",
      version: "1",
      seen_status: "new",
      seen_priority: "",
      seen_assigneeUserId: "",
      seen_category: "",
    };
    const first = await postForm(
      url,
      {
        ...seen,
        status: "waiting_on_us",
        priority: "high",
        assigneeUserId: team.admin.userId,
        category: "",
      },
      { cookie: team.admin.cookie },
    );
    expect(first.response.status).toBe(302);
    const second = await postForm(
      url,
      { ...seen, status: "closed", priority: "low", assigneeUserId: "", category: "" },
      { cookie: team.agent.cookie },
    );
    expect(second.response.status).toBe(409);
    expect(second.body).toContain("Someone else changed this ticket");
    expect(second.body).toContain("Stage: New → Waiting on us");
    expect(second.body).toContain("Priority: — → High");
    const row = await ticketRow(ticket.ticketId);
    expect(row).toMatchObject({ status: "waiting_on_us", priority: "high", version: 2 });
    expect((await auditOf(account.accountId, "ticket.update")).length).toBe(1);
  });

  it("30 parallel replies and notes from agents and the customer: 30 messages, none lost", async () => {
    const { team, url, ticket, account, contact } = await deskTicket();
    const base = `http://${account.hostname}/help`;
    const portalCookie = await signInPortal(base, contact.email, PASSWORD);
    const requests = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? postForm(
            `${base}/tickets/${ticket.number}`,
            { intent: "reply", body: `customer ${i}` },
            { cookie: portalCookie },
          )
        : postForm(
            url,
            { intent: i % 3 === 1 ? "reply" : "note", body: `agent ${i}` },
            {
              cookie: i % 2 ? team.agent.cookie : team.admin.cookie,
            },
          ),
    );
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.response.status).filter((status) => status !== 302)).toEqual([]);
    const messages = await db
      .select({ body: s.ticketMessages.body })
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.ticketId, ticket.ticketId));
    expect(new Set(messages.map((m) => m.body)).size).toBe(30);
  });
});

describe("a ticket opened by an agent", () => {
  it("opens a ticket for a contact of the account with source agent, once per form", async () => {
    const { account, team } = await newDesk("Opened Ltd");
    const contact = await createContact(db, account.accountId, { email: "olly@customer.example" });
    const fields = {
      idempotencyKey: "key_once",
      contactEmail: "Olly@Customer.example",
      inboxId: account.inboxId,
      portalId: account.portalIds[0] ?? "",
      subject: "We noticed a problem",
      body: "Your export failed last night.",
    };
    const url = accountUrl(team.slug, "/tickets/new");
    const first = await postForm(url, fields, { cookie: team.agent.cookie });
    const again = await postForm(url, fields, { cookie: team.agent.cookie });
    expect(first.response.status).toBe(302);
    expect(again.response.headers.get("location")).toBe(first.response.headers.get("location"));
    const rows = await db
      .select()
      .from(s.tickets)
      .where(eq(s.tickets.accountId, account.accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: "agent",
      requesterContactId: contact.contactId,
      subject: "We noticed a problem",
    });
    // The contact hears of it once, as of a reply: the repeat found the first ticket.
    const emails = await db
      .select({ kind: s.emailLog.kind, payload: s.emailLog.payload })
      .from(s.emailLog)
      .where(eq(s.emailLog.accountId, account.accountId));
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      kind: "agent_replied",
      payload: { ticketId: rows[0]?.id, portalId: account.portalIds[0] },
    });
  });

  it("a ticket opened from no portal, or for a contact who turned replies off, emails nobody", async () => {
    const { team, account } = await newDesk("Acme Quiet");
    await createContact(db, account.accountId, { email: "noportal@customer.example" });
    const quiet = await createContact(db, account.accountId, { email: "quiet@customer.example" });
    await db
      .update(s.contacts)
      .set({ notifyOnAgentReply: false })
      .where(eq(s.contacts.id, quiet.contactId));
    const url = accountUrl(team.slug, "/tickets/new");
    for (const [key, contactEmail, portalId] of [
      ["key_noportal", "noportal@customer.example", ""],
      ["key_quiet", "quiet@customer.example", account.portalIds[0] ?? ""],
    ] as const) {
      const { response } = await postForm(
        url,
        {
          idempotencyKey: key,
          contactEmail,
          inboxId: account.inboxId,
          portalId,
          subject: "Heads up",
          body: "Nothing to do.",
        },
        { cookie: team.agent.cookie },
      );
      expect(response.status).toBe(302);
    }
    const emails = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.accountId, account.accountId));
    expect(emails).toEqual([]);
  });

  it("refuses another account's contact: 400 with the input back, nothing written", async () => {
    const acme = await newDesk("Acme Three");
    const globex = await newDesk("Globex Three");
    await createContact(db, acme.account.accountId, { email: "only-acme@customer.example" });
    const { response, body } = await postForm(
      accountUrl(globex.team.slug, "/tickets/new"),
      {
        idempotencyKey: "key_foreign",
        contactEmail: "only-acme@customer.example",
        inboxId: globex.account.inboxId,
        portalId: "",
        subject: "Hello",
        body: "Hi",
      },
      { cookie: globex.team.agent.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("No contact of this account has this email address.");
    expect(body).toContain('value="only-acme@customer.example"');
    const rows = await db
      .select()
      .from(s.tickets)
      .where(eq(s.tickets.accountId, globex.account.accountId));
    expect(rows).toEqual([]);
  });
});
