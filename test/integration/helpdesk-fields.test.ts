// Custom fields on the agent's ticket page: the answers to the portal's support form, edited with
// the ticket's other fields, validated by the portal's own rules, carrying the version the agent saw.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createTicket } from "../factories";
import { accountUrl, createTeam } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

const SUPPORT_FORM: s.SupportFormField[] = [
  { key: "f_contract", type: "text", label: "Contract number", required: true },
  {
    key: "f_product",
    type: "select",
    label: "Product",
    required: false,
    options: ["Cloud", "On-premises"],
  },
  { key: "f_urgent", type: "checkbox", label: "Production is down", required: false },
  { key: "f_category", type: "category", label: "Topic", required: false, options: ["Billing"] },
];

async function deskTicket(name = "Fields Ltd") {
  const account = await createAccount(db, { name, supportForm: SUPPORT_FORM });
  const team = await createTeam(db, account);
  const contact = await createContact(db, account.accountId, { name: "Robin Requester" });
  const ticket = await createTicket(db, account, { contactId: contact.contactId });
  // An answer given in the portal, and one to a field the form no longer has: kept as it is.
  await db
    .update(s.tickets)
    .set({ customFields: { f_contract: "C-100", f_gone: "kept" } })
    .where(eq(s.tickets.id, ticket.ticketId));
  const url = accountUrl(team.slug, `/tickets/${ticket.number}`);
  return { account, team, ticket, url };
}

const ticketRow = async (id: string) =>
  (await db.select().from(s.tickets).where(eq(s.tickets.id, id)))[0];

const audits = (accountId: string) =>
  db
    .select({ details: s.auditLog.details })
    .from(s.auditLog)
    .where(and(eq(s.auditLog.accountId, accountId), eq(s.auditLog.action, "ticket.update")));

/** What the page's properties form posts when the agent saw version 1 of a fresh ticket. */
const seenAtVersion1 = {
  intent: "fields",
  version: "1",
  seen_status: "new",
  seen_priority: "",
  seen_assigneeUserId: "",
  seen_category: "",
  seen_customFields: JSON.stringify({ f_contract: "C-100", f_gone: "kept" }),
  status: "new",
  priority: "",
  assigneeUserId: "",
  category: "",
};

describe("custom fields on the agent's ticket page", () => {
  it("shows the portal's answers and saves an edit, audited, keeping answers to removed fields", async () => {
    const { team, ticket, url, account } = await deskTicket();
    const page = await getPage(url, team.agent.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain("Contract number");
    expect(page.body).toContain('value="C-100"');
    expect(page.body).toContain("Production is down (optional)");

    const { response } = await postForm(
      url,
      {
        ...seenAtVersion1,
        "field.f_contract": " C-200 ",
        "field.f_product": "Cloud",
        "field.f_urgent": "on",
      },
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(302);
    const row = await ticketRow(ticket.ticketId);
    expect(row?.version).toBe(2);
    expect(row?.customFields).toEqual({
      f_contract: "C-200",
      f_product: "Cloud",
      f_urgent: true,
      f_gone: "kept",
    });
    expect((await audits(account.accountId)).map((entry) => entry.details)).toEqual([
      {
        before: { customFields: { f_contract: "C-100", f_product: null, f_urgent: null } },
        after: { customFields: { f_contract: "C-200", f_product: "Cloud", f_urgent: true } },
      },
    ]);
    const after = await getPage(url, team.agent.cookie);
    expect(after.body).toContain('value="C-200"');
    expect(after.body).toMatch(/<option value="Cloud" selected="">Cloud<\/option>/);
  });

  it("refuses an answer the portal's form would refuse: 400, message by the field, input back, nothing written", async () => {
    const { team, ticket, url, account } = await deskTicket();
    const before = await ticketRow(ticket.ticketId);
    const { response, body } = await postForm(
      url,
      {
        ...seenAtVersion1,
        status: "waiting_on_us",
        "field.f_contract": "",
        "field.f_product": "Mainframe",
      },
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("This field is required.");
    expect(body).toContain("Choose one of the options.");
    // The errors are tied to their fields, and the agent's other input comes back.
    expect(body).toMatch(/id="[^"]*field\.f_contract-error"/);
    expect(body).toMatch(/aria-invalid="true"[^>]*aria-describedby="[^"]*field\.f_product-error"/);
    expect(body).toMatch(/<option value="waiting_on_us" selected="">/);
    expect(await ticketRow(ticket.ticketId)).toEqual(before);
    expect(await audits(account.accountId)).toEqual([]);
  });

  it("a change on an older version answers 409 and names the custom field that changed, by its label", async () => {
    const { team, ticket, url, account } = await deskTicket();
    const first = await postForm(
      url,
      { ...seenAtVersion1, "field.f_contract": "C-300" },
      { cookie: team.admin.cookie },
    );
    expect(first.response.status).toBe(302);
    const second = await postForm(
      url,
      { ...seenAtVersion1, "field.f_contract": "C-999", "field.f_urgent": "on" },
      { cookie: team.agent.cookie },
    );
    expect(second.response.status).toBe(409);
    expect(second.body).toContain("Someone else changed this ticket");
    expect(second.body).toContain("Contract number: C-100 → C-300");
    expect(second.body).not.toContain("Production is down:");
    const row = await ticketRow(ticket.ticketId);
    expect(row?.version).toBe(2);
    expect(row?.customFields).toEqual({ f_contract: "C-300", f_gone: "kept" });
    expect((await audits(account.accountId)).length).toBe(1);
  });

  it("a Globex member gets 404 for an Acme ticket's fields, by either account's address, and nothing changes", async () => {
    const acme = await deskTicket("Acme Fields");
    const globex = await deskTicket("Globex Fields");
    const before = await ticketRow(acme.ticket.ticketId);
    const cookie = globex.team.owner.cookie;
    const fields = { ...seenAtVersion1, "field.f_contract": "LEAK" };
    expect((await postForm(acme.url, fields, { cookie })).response.status).toBe(404);
    // Globex's own address with a number only Acme has.
    const contact = await createContact(db, acme.account.accountId, {
      email: "second@acme.example",
    });
    const second = await createTicket(db, acme.account, { contactId: contact.contactId });
    const secondBefore = await ticketRow(second.ticketId);
    const foreign = accountUrl(globex.team.slug, `/tickets/${second.number}`);
    expect((await getPage(foreign, cookie)).response.status).toBe(404);
    expect((await postForm(foreign, fields, { cookie })).response.status).toBe(404);
    expect(await ticketRow(acme.ticket.ticketId)).toEqual(before);
    expect(await ticketRow(second.ticketId)).toEqual(secondBefore);
    expect(await audits(acme.account.accountId)).toEqual([]);
    expect(await audits(globex.account.accountId)).toEqual([]);
  });
});
