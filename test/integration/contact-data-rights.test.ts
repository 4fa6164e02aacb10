// A contact's data rights through the app worker: the JSON export of what the account holds about
// them, and deletion — after which their name and addresses appear on no portal page, no dashboard
// page and in no export, while their tickets stay with the account under "Deleted contact".
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import {
  createAccount,
  createCompany,
  createContact,
  createEmailLogEntry,
  createTicket,
  createTicketMessage,
} from "../factories";
import { accountUrl, createMember, createTeam } from "../support/dashboard";
import { getPage, postForm, signInPortal } from "../support/http";
import { postFormSettled } from "../support/settled";

const db = createDb(env.DB);
const PASSWORD = "orchard ladder 77";
const NAME = "Vera Vanish";
const EMAIL = "vera@victim.example";
const MEMBERSHIP = "vera.sso@victim.example";

function mentions(body: string): string[] {
  return [NAME, EMAIL, MEMBERSHIP].filter((text) => body.includes(text));
}

describe("a contact's data rights", () => {
  let account: Awaited<ReturnType<typeof createAccount>>;
  let team: Awaited<ReturnType<typeof createTeam>>;
  let url: (path?: string) => string;
  let base: string;
  let contactId: string;
  let companyId: string;
  let ticketId: string;
  let messageId: string;
  let victimCookie: string;
  let colleagueCookie: string;
  let ticketNumber: number;

  beforeAll(async () => {
    account = await createAccount(db, { name: "Rights Ltd", ticketPermission: "company" });
    team = await createTeam(db, account);
    url = (path = "") => accountUrl(team.slug, path);
    base = `http://${account.hostname}/help`;
    const passwordHash = await hashPassword(PASSWORD);
    companyId = await createCompany(db, account.accountId, "Shared Co");
    const victim = await createContact(db, account.accountId, {
      name: "Vera Before",
      email: EMAIL,
      membershipEmail: MEMBERSHIP,
      companyId,
      passwordHash,
      properties: { region: "EU" },
    });
    contactId = victim.contactId;
    const colleague = await createContact(db, account.accountId, {
      name: "Colin Colleague",
      companyId,
      passwordHash,
      withTicket: { inboxId: account.inboxId },
    });
    ({ ticketId, number: ticketNumber } = await createTicket(db, account, {
      contactId,
      subject: `Broken widget at ${NAME}'s desk`,
    }));
    await db.update(s.tickets).set({ companyId }).where(eq(s.tickets.id, ticketId));
    ({ messageId } = await createTicketMessage(db, {
      accountId: account.accountId,
      ticketId,
      body: `zanzibar details from ${NAME}, reach me at ${MEMBERSHIP}`,
      author: { contactId },
    }));
    await createTicketMessage(db, {
      accountId: account.accountId,
      ticketId,
      body: "We are on it.",
      author: { userId: team.agent.userId },
    });
    await db.insert(s.portalMembers).values({
      id: `pmb_${contactId}`,
      accountId: account.accountId,
      portalId: account.portalIds[0] ?? "",
      contactId,
      inviteStatus: "accepted",
      acceptedAt: Date.now(),
      consentVersion: 3,
      consentedAt: Date.now(),
    });
    await createEmailLogEntry(db, {
      accountId: account.accountId,
      recipient: MEMBERSHIP,
      subject: `Welcome, ${NAME}`,
      html: `<p>Hello ${NAME}</p>`,
      text: `Hello ${NAME}`,
    });
    // The name comes in through the dashboard, so the audit log holds it too.
    const rename = await postForm(
      url(`/contacts/${contactId}`),
      {
        intent: "save",
        name: NAME,
        email: EMAIL,
        membershipEmail: MEMBERSHIP,
        companyId,
        properties: "region = EU",
      },
      { cookie: team.admin.cookie },
    );
    expect(rename.response.status).toBe(302);
    victimCookie = await signInPortal(base, MEMBERSHIP, PASSWORD);
    colleagueCookie = await signInPortal(base, colleague.email, PASSWORD);
  });

  it("exports the contact's data as JSON, for admins only, audited", async () => {
    const agent = await getPage(url(`/contacts/${contactId}/export`), team.agent.cookie);
    expect(agent.response.status).toBe(403);
    const { response, body } = await getPage(
      url(`/contacts/${contactId}/export`),
      team.admin.cookie,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const data = JSON.parse(body);
    expect(data.profile).toMatchObject({
      name: NAME,
      email: EMAIL,
      membershipEmail: MEMBERSHIP,
      company: "Shared Co",
      properties: { region: "EU" },
    });
    expect(data.tickets).toHaveLength(1);
    expect(data.tickets[0]).toMatchObject({
      number: ticketNumber,
      subject: `Broken widget at ${NAME}'s desk`,
    });
    expect(data.tickets[0].messages.map((m: { from: string }) => m.from)).toEqual([
      "contact",
      "team",
    ]);
    expect(data.consents).toEqual([
      expect.objectContaining({ portal: "Rights Ltd help", version: 3 }),
    ]);
    expect(data.memberships.portals).toEqual([
      expect.objectContaining({ portal: "Rights Ltd help", inviteStatus: "accepted" }),
    ]);
    const entries = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.target, contactId), eq(s.auditLog.action, "contact.export")));
    expect(entries).toHaveLength(1);
  });

  it("before deletion, the pages show the contact (so the checks below can fail)", async () => {
    const detail = await getPage(`${base}/tickets/${ticketNumber}`, colleagueCookie);
    expect(detail.response.status).toBe(200);
    expect(mentions(detail.body)).toContain(NAME);
    const audit = await getPage(url("/audit"), team.admin.cookie);
    expect(mentions(audit.body).length).toBeGreaterThan(0);
    const search = await getPage(`${base}/tickets?status=all&q=zanzibar`, colleagueCookie);
    expect(search.body).toContain("Broken widget");
    // Their name is findable in both search indexes through the subject.
    const byName = await getPage(`${base}/tickets?status=all&q=vanish`, colleagueCookie);
    expect(byName.body).toContain("Broken widget");
    const desk = await getPage(url("/tickets?q=vanish"), team.agent.cookie);
    expect(desk.body).toContain("Broken widget");
  });

  it("refuses a deletion without the exact confirmation, changing nothing", async () => {
    const before = await db.select().from(s.contacts).where(eq(s.contacts.id, contactId));
    const { response, body } = await postForm(
      url(`/contacts/${contactId}`),
      { intent: "delete", confirm: "someone@else.example" },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Type the contact&#x27;s email exactly.");
    expect(await db.select().from(s.contacts).where(eq(s.contacts.id, contactId))).toEqual(before);
  });

  // Storage is per test, so deletion and what it leaves behind are checked in one test.
  it("deletes: tickets stay under the placeholder, their words redacted, sessions ended, log masked; then no portal page, dashboard page or export names the contact", async () => {
    const exported = await getPage(url(`/contacts/${contactId}/export`), team.admin.cookie);
    expect(exported.response.status).toBe(200);
    const { response } = await postForm(
      url(`/contacts/${contactId}`),
      { intent: "delete", confirm: EMAIL },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);
    expect(await db.select().from(s.contacts).where(eq(s.contacts.id, contactId))).toEqual([]);
    const [ticket] = await db.select().from(s.tickets).where(eq(s.tickets.id, ticketId));
    const [placeholder] = await db
      .select()
      .from(s.contacts)
      .where(eq(s.contacts.id, ticket?.requesterContactId ?? ""));
    expect(placeholder).toMatchObject({ name: "Deleted contact", placeholder: true });
    expect(ticket?.subject).toBe(`Ticket #${ticketNumber}`);
    const [message] = await db
      .select()
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.id, messageId));
    expect(message?.body).not.toContain("zanzibar");
    expect(message?.authorContactId).toBe(placeholder?.id);
    const sessions = await db.select().from(s.sessions).where(eq(s.sessions.contactId, contactId));
    expect(sessions).toEqual([]);
    const [logged] = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.accountId, account.accountId));
    expect(logged).toMatchObject({ recipient: "***@victim.example", html: null, text: null });
    expect(logged?.subject).toBe("Welcome, Deleted contact");
    const addresses = await db
      .select()
      .from(s.contactAddresses)
      .where(eq(s.contactAddresses.contactId, contactId));
    expect(addresses).toEqual([]);
    const audit = await db.select().from(s.auditLog).where(eq(s.auditLog.target, contactId));
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      "contact.delete",
      "contact.export",
      "contact.update",
    ]);
    for (const entry of audit.filter((e) => e.action !== "contact.delete")) {
      expect(entry.details).toEqual({ redacted: true });
    }
    // The address is free for a new contact, and a second deletion finds nothing.
    const again = await postForm(
      url(`/contacts/${contactId}`),
      { intent: "delete", confirm: EMAIL },
      { cookie: team.admin.cookie },
    );
    expect(again.response.status).toBe(404);

    const portalPages = [
      `${base}/tickets?status=all`,
      `${base}/tickets/${ticketNumber}`,
      `${base}/tickets?status=all&q=zanzibar`,
      `${base}/tickets?status=all&q=vanish`,
    ];
    for (const page of portalPages) {
      const { response, body } = await getPage(page, colleagueCookie);
      expect(response.status, page).toBe(200);
      expect(mentions(body), page).toEqual([]);
    }
    // Neither search index holds their words or their subject any more.
    for (const q of ["zanzibar", "vanish", "widget"]) {
      const portal = await getPage(`${base}/tickets?status=all&q=${q}`, colleagueCookie);
      expect(portal.body, q).toContain("No tickets match your search.");
      const desk = await getPage(url(`/tickets?q=${q}`), team.agent.cookie);
      expect(desk.body, q).toContain("No tickets match.");
    }
    // The redacted subject is what is indexed now.
    const redacted = await getPage(url("/tickets?q=ticket"), team.agent.cookie);
    expect(redacted.body).toContain(`Ticket #${ticketNumber}`);
    // Their own session is over.
    const own = await getPage(`${base}/tickets`, victimCookie);
    expect(own.response.status).toBe(302);
    const dashboardPages = [
      "",
      "/contacts",
      "/contacts?q=vera",
      `/companies/${companyId}`,
      "/companies",
      "/audit",
      "/email-log",
      `/portals/${account.portalIds[0]}/members`,
      "/contacts/export",
      "/tickets",
      `/tickets/${ticketNumber}`,
      "/tickets?q=vanish",
    ];
    for (const page of dashboardPages) {
      const { response, body } = await getPage(url(page), team.owner.cookie);
      expect(response.status, page).toBe(200);
      expect(mentions(body), page).toEqual([]);
    }
    const gone = await getPage(url(`/contacts/${contactId}`), team.owner.cookie);
    expect(gone.response.status).toBe(404);
    const exportedAfter = await getPage(url(`/contacts/${contactId}/export`), team.owner.cookie);
    expect(exportedAfter.response.status).toBe(404);
    // The placeholder is nobody: no registration link is issued for it.
    await postFormSettled(`${base}/register`, { email: "deleted-contact@placeholder.invalid" });
    const links = await db
      .select()
      .from(s.oneTimeTokens)
      .where(eq(s.oneTimeTokens.contactId, placeholder?.id ?? ""));
    expect(links).toEqual([]);
    // The placeholder is never listed as a contact.
    const list = await getPage(url("/contacts"), team.owner.cookie);
    expect(list.body).not.toContain(">Deleted contact<");
    expect(list.body).not.toContain("placeholder.invalid");
  });

  it("another account cannot export or delete the contact", async () => {
    const other = await createAccount(db, { name: "Prying Ltd" });
    const outsider = await createMember(db, other.accountId, "owner");
    const { contactId: target } = await createContact(db, account.accountId, {
      name: "Still Here",
      email: "still@victim.example",
    });
    const otherSlug = (
      await db.select().from(s.accounts).where(eq(s.accounts.id, other.accountId))
    )[0]?.slug;
    const exported = await getPage(
      accountUrl(otherSlug ?? "", `/contacts/${target}/export`),
      outsider.cookie,
    );
    expect(exported.response.status).toBe(404);
    expect(exported.body).not.toContain("Still Here");
    const deleted = await postForm(
      accountUrl(otherSlug ?? "", `/contacts/${target}`),
      { intent: "delete", confirm: "still@victim.example" },
      { cookie: outsider.cookie },
    );
    expect(deleted.response.status).toBe(404);
    const rows = await db.select().from(s.contacts).where(eq(s.contacts.id, target));
    expect(rows).toHaveLength(1);
  });
});
