// The owner's account settings page: the settings with their audit entry, bad input given back and
// nothing changed, and deleting the account — every row of it, its portals' hosts at once, nothing
// of any other account.
import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_TABLES } from "../../app/lib/accounts/delete.server";
import { auditEntry } from "../../app/lib/audit/audit.server";
import { createPortalSession } from "../../app/lib/auth/sessions.server";
import { newId } from "../../app/lib/db/ids";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import {
  type AccountFixture,
  addToAccessGroup,
  createAccount,
  createCompany,
  createContact,
  createEmailLogEntry,
  createLink,
  createSavedReplyFixture,
  createTicketFixture,
} from "../factories";
import { storeAttachment } from "../support/attachments";
import { accountUrl, createTeam, DASHBOARD, type Team } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

/** An attribute value as React writes it. */
const escapeHtml = (value: string) =>
  value
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");

/** Every table with an account_id column, read from the database itself (once). */
let tableList: Promise<string[]> | null = null;
function tablesWithAccountId(): Promise<string[]> {
  tableList ??= readTablesWithAccountId();
  return tableList;
}

async function readTablesWithAccountId(): Promise<string[]> {
  const tables = await db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and substr(name, 1, 4) <> '_cf_' order by name`,
  );
  const withAccountId: string[] = [];
  for (const { name } of tables) {
    const columns = await db.all<{ name: string }>(sql.raw(`pragma table_info("${name}")`));
    if (columns.some((column) => column.name === "account_id")) withAccountId.push(name);
  }
  return withAccountId;
}

/** The account's rows in every table that has them, plus its search index, as one value. */
async function rowsOf(accountId: string) {
  const tables = await tablesWithAccountId();
  const [search, account, ...rows] = await Promise.all([
    db.all(
      sql`select rowid, * from ticket_search where account = hex(${accountId}) order by rowid`,
    ),
    db.select().from(s.accounts).where(eq(s.accounts.id, accountId)),
    ...tables.map((table) =>
      db.all(
        sql`select * from ${sql.identifier(table)} where account_id = ${accountId} order by rowid`,
      ),
    ),
  ]);
  const state: Record<string, unknown[]> = { ticket_search: search, accounts: account };
  tables.forEach((table, index) => {
    state[table] = rows[index] ?? [];
  });
  return state;
}

/** An account with a row in every table an account's data lives in. */
async function populatedAccount(name: string): Promise<{ fixture: AccountFixture; team: Team }> {
  const fixture = await createAccount(db, { name });
  const team = await createTeam(db, fixture);
  const portalId = fixture.portalIds[0] as string;
  const companyId = await createCompany(db, fixture.accountId, `${name} customer`);
  const contact = await createContact(db, fixture.accountId, { companyId });
  const scope = { accountId: fixture.accountId, portalId, contactId: contact.contactId };
  await Promise.all([
    db
      .insert(s.contactCompanies)
      .values({ accountId: fixture.accountId, contactId: contact.contactId, companyId }),
    addToAccessGroup(db, scope),
    createLink(db, scope, "registration"),
    createPortalSession(db, { ...scope, host: fixture.hostname }),
    createEmailLogEntry(db, { accountId: fixture.accountId, portalId }),
    createSavedReplyFixture(db, fixture.accountId, { createdBy: team.agent.userId }),
    db.insert(s.teamInvites).values({
      id: newId("inv"),
      secretHash: "0".repeat(64),
      accountId: fixture.accountId,
      email: `invitee-${newId("x")}@team.example`,
      role: "agent",
      invitedByUserId: team.owner.userId,
      expiresAt: Date.now() + 60_000,
    }),
    auditEntry(db, {
      accountId: fixture.accountId,
      actorUserId: team.owner.userId,
      action: "portal.update",
    }),
  ]);
  const importId = newId("imp");
  await db.batch([
    db.insert(s.imports).values({
      id: importId,
      accountId: fixture.accountId,
      fileName: "contacts.csv",
      header: ["Email"],
      mapping: ["email"],
      createdByUserId: team.owner.userId,
    }),
    db
      .insert(s.importRows)
      .values({ importId, rowNumber: 2, accountId: fixture.accountId, data: ["a@b.example"] }),
  ]);
  const { ticketId } = await createTicketFixture(db, {
    accountId: fixture.accountId,
    inboxId: fixture.inboxId,
    contactId: contact.contactId,
    companyId,
    subject: `${name} printer on fire`,
    messages: [
      { body: "It smokes." },
      { body: "Internal: replace it.", visibility: "internal", userId: team.agent.userId },
    ],
  });
  const [message] = await db
    .select({ id: s.ticketMessages.id })
    .from(s.ticketMessages)
    .where(eq(s.ticketMessages.ticketId, ticketId));
  const file = {
    accountId: fixture.accountId,
    ticketId,
    uploader: { contactId: contact.contactId },
  };
  await storeAttachment(db, env.ATTACHMENTS, { ...file, messageId: message?.id ?? null });
  await storeAttachment(db, env.ATTACHMENTS, { ...file, messageId: null });
  return { fixture, team };
}

/** The keys of the account's objects in the attachments bucket. */
async function objectsOf(accountId: string): Promise<string[]> {
  const listed = await env.ATTACHMENTS.list({ prefix: `${accountId}/` });
  return listed.objects.map((object) => object.key);
}

describe("account settings", () => {
  let fixture: AccountFixture;
  let team: Team;
  let url: string;

  beforeAll(async () => {
    fixture = await createAccount(db, { name: "Settings Ltd" });
    team = await createTeam(db, fixture);
    url = accountUrl(team.slug, "/settings");
  });

  const account = () =>
    db.select().from(s.accounts).where(eq(s.accounts.id, fixture.accountId)).get();
  const audit = () =>
    db.select().from(s.auditLog).where(eq(s.auditLog.accountId, fixture.accountId));

  it("shows the owner the settings; admins and agents get 403", async () => {
    const page = await getPage(url, team.owner.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('value="Settings Ltd"');
    expect(page.body).toContain('<option value="Europe/Amsterdam">Europe/Amsterdam</option>');
    expect(page.body).toContain(`value="${team.slug}"`);
    for (const member of [team.admin, team.agent]) {
      expect((await getPage(url, member.cookie)).response.status).toBe(403);
    }
  });

  it("saves name, time zone, sender name and reply-to, with an audit entry of what changed", async () => {
    const before = await account();
    const { response } = await postForm(
      url,
      {
        intent: "settings",
        name: "Settings Ltd",
        timeZone: "Europe/Amsterdam",
        senderName: "Settings Support",
        supportReplyTo: "Help@Settings.example",
      },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/a/${team.slug}/settings?saved`);
    expect(await account()).toMatchObject({
      name: "Settings Ltd",
      slug: before?.slug,
      timeZone: "Europe/Amsterdam",
      senderName: "Settings Support",
      supportReplyTo: "help@settings.example",
    });
    const [entry] = await audit();
    expect(entry).toMatchObject({
      action: "account.update",
      actorUserId: team.owner.userId,
      details: {
        before: { timeZone: "UTC", senderName: null, supportReplyTo: null },
        after: {
          timeZone: "Europe/Amsterdam",
          senderName: "Settings Support",
          supportReplyTo: "help@settings.example",
        },
      },
    });
    const saved = await getPage(`${url}?saved`, team.owner.cookie);
    expect(saved.body).toContain("Settings saved.");
    expect(saved.body).toContain('<option value="Europe/Amsterdam" selected="">');

    // Emptied fields go back to none.
    await postForm(
      url,
      {
        intent: "settings",
        name: "Settings Ltd",
        timeZone: "Europe/Amsterdam",
        senderName: "",
        supportReplyTo: "",
      },
      { cookie: team.owner.cookie },
    );
    expect(await account()).toMatchObject({ senderName: null, supportReplyTo: null });
  });

  it.each([
    [
      "an unknown time zone",
      { timeZone: "Mars/Olympus_Mons" },
      "timeZone",
      "Choose a time zone from the list.",
    ],
    [
      "a bad reply-to address",
      { supportReplyTo: "not an address" },
      "supportReplyTo",
      "Enter a valid email address",
    ],
    [
      "a reply-to with a display name",
      { supportReplyTo: "Help <help@x.example>" },
      "supportReplyTo",
      "Enter a valid email address",
    ],
    [
      "a sender name with quotes",
      { senderName: 'Evil" <ceo@bank.example>' },
      "senderName",
      "The sender name cannot contain quotes",
    ],
    ["no name", { name: "" }, "name", "This field is required."],
  ])(
    "refuses %s: 400, the input back, the message at the field, nothing changed",
    async (_, overrides, field, message) => {
      const before = { account: await account(), audit: await audit() };
      const fields = {
        intent: "settings",
        name: "Renamed Ltd",
        timeZone: "Asia/Tokyo",
        senderName: "Renamed Support",
        supportReplyTo: "renamed@settings.example",
        ...overrides,
      };
      const { response, body } = await postForm(url, fields, { cookie: team.owner.cookie });
      expect(response.status).toBe(400);
      expect(body).toMatch(
        new RegExp(
          `id="settings-${field}-error"[^>]*><li>${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
        ),
      );
      for (const key of ["name", "senderName"] as const) {
        if (fields[key]) expect(body).toContain(`value="${escapeHtml(fields[key])}"`);
      }
      expect({ account: await account(), audit: await audit() }).toEqual(before);
    },
  );
});

describe("deleting an account", () => {
  it("an admin gets 403 and nothing is deleted", async () => {
    const { fixture, team } = await populatedAccount("Admin Tries Ltd");
    const before = await rowsOf(fixture.accountId);
    const { response } = await postForm(
      accountUrl(team.slug, "/settings"),
      { intent: "delete", confirm: "Admin Tries Ltd" },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(403);
    expect(await rowsOf(fixture.accountId)).toEqual(before);
  });

  it("the owner typing the wrong name gets 400 at the field and nothing is deleted", async () => {
    const { fixture, team } = await populatedAccount("Wrong Name Ltd");
    const before = await rowsOf(fixture.accountId);
    const { response, body } = await postForm(
      accountUrl(team.slug, "/settings"),
      { intent: "delete", confirm: "wrong name ltd" },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toMatch(
      /id="delete-confirm-error"[^>]*><li>Type the account&#x27;s name exactly as shown/,
    );
    expect(body).toContain('value="wrong name ltd"');
    expect(await rowsOf(fixture.accountId)).toEqual(before);
  });

  it("the page says what deleting does", async () => {
    const { team, fixture } = await populatedAccount("Explained Ltd");
    const page = await getPage(accountUrl(team.slug, "/settings"), team.owner.cookie);
    for (const text of [
      "Deleting Explained Ltd cannot be undone",
      "every portal of the account stops serving",
      `its system domain ${fixture.hostname} included`,
      "every ticket, contact, company, access group and email log entry of the account is deleted",
      "Teammates keep their Portico user and their other accounts",
      "Type the account&#x27;s name, Explained Ltd, to confirm",
    ]) {
      expect(page.body).toContain(text);
    }
  });

  it("the owner with the right name: every row of the account is gone, its portal 404s, others untouched", async () => {
    const [{ fixture, team }, other] = await Promise.all([
      populatedAccount("Doomed Ltd"),
      populatedAccount("Survivor Ltd"),
    ]);
    // A teammate of the doomed account who also works elsewhere keeps that.
    await db
      .insert(s.memberships)
      .values({ accountId: other.fixture.accountId, userId: team.agent.userId, role: "agent" });
    const portal = `http://${fixture.hostname}/help`;
    expect((await getPage(portal)).response.status).toBe(200);
    const otherBefore = await rowsOf(other.fixture.accountId);
    expect(Object.values(await rowsOf(fixture.accountId)).every((rows) => rows.length > 0)).toBe(
      true,
    );
    expect(await objectsOf(fixture.accountId)).toHaveLength(2);
    const otherObjects = await objectsOf(other.fixture.accountId);
    expect(otherObjects).toHaveLength(2);

    const { response } = await postForm(
      accountUrl(team.slug, "/settings"),
      { intent: "delete", confirm: " Doomed Ltd " },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");

    const after = await rowsOf(fixture.accountId);
    for (const [table, rows] of Object.entries(after)) expect(rows, table).toEqual([]);
    expect((await getPage(portal)).response.status).toBe(404);
    expect((await getPage(accountUrl(team.slug), team.owner.cookie)).response.status).toBe(404);
    expect(await rowsOf(other.fixture.accountId)).toEqual(otherBefore);
    // The files' objects went with their rows; the other account's stay.
    expect(await objectsOf(fixture.accountId)).toEqual([]);
    expect(await objectsOf(other.fixture.accountId)).toEqual(otherObjects);
    // Users stay, signed in, with their other accounts.
    const users = await db.select().from(s.users).where(eq(s.users.id, team.agent.userId));
    expect(users).toHaveLength(1);
    expect((await getPage(accountUrl(other.team.slug), team.agent.cookie)).response.status).toBe(
      200,
    );
    expect((await getPage(`${DASHBOARD}/`, team.owner.cookie)).response.status).toBe(200);
  });

  it("covers every table that has an account_id column", async () => {
    const tables = await tablesWithAccountId();
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((table) => !ACCOUNT_TABLES.includes(table))).toEqual([]);
  });
});
