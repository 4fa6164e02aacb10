// The help desk through the app worker: the agents table kept in step with the team, inboxes, the
// queue, the ticket page and its races. Every test makes its own account (test/factories.ts).
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createTicket, createTicketMessage } from "../factories";
import { accountUrl, createTeam } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

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
    const { contactId } = await createContact(db, account.accountId, { email: "pat@customer.example" });
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
