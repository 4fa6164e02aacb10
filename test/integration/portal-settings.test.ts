// A portal's settings tabs: each valid change shows in the portal on the next request (this isolate
// forgets the host at once), lands with its audit entry, and bad input changes nothing.
import { env } from "cloudflare:test";
import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { portalCookieName } from "../../app/lib/auth/cookies";
import { createPortalSession } from "../../app/lib/auth/sessions.server";
import { newId } from "../../app/lib/db/ids";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import {
  type AccountFixture,
  createAccount,
  createContact,
  createEmailLogEntry,
  createLink,
  createTicket,
} from "../factories";
import { accountUrl, createTeam, type Team } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

type Setup = {
  fixture: AccountFixture;
  team: Team;
  portalId: string;
  base: string;
  contactId: string;
  customer: string;
};

/** A fresh account with one live portal, its team, and a signed-in customer with a ticket. */
async function setUp(options: Parameters<typeof createAccount>[1] = {}): Promise<Setup> {
  const fixture = await createAccount(db, options);
  const team = await createTeam(db, fixture);
  const portalId = fixture.portalIds[0] as string;
  const contact = await createContact(db, fixture.accountId, {
    withTicket: { inboxId: fixture.inboxId },
  });
  const { token } = await createPortalSession(db, {
    accountId: fixture.accountId,
    portalId,
    host: fixture.hostname,
    contactId: contact.contactId,
  });
  return {
    fixture,
    team,
    portalId,
    base: `http://${fixture.hostname}/help`,
    contactId: contact.contactId,
    customer: `${portalCookieName(portalId)}=${token}`,
  };
}

const tabUrl = (setup: Setup, tab: string) =>
  accountUrl(setup.team.slug, `/portals/${setup.portalId}/${tab}`);

function save(setup: Setup, tab: string, fields: Record<string, string>, as = setup.team.admin) {
  return postForm(tabUrl(setup, tab), fields, { cookie: as.cookie });
}

async function portalRow(setup: Setup) {
  return db.select().from(s.portals).where(eq(s.portals.id, setup.portalId)).get();
}

async function auditEntries(setup: Setup, action: string) {
  return db
    .select()
    .from(s.auditLog)
    .where(and(eq(s.auditLog.accountId, setup.fixture.accountId), eq(s.auditLog.action, action)))
    .orderBy(desc(s.auditLog.createdAt));
}

/** Every property of the display form as the page sends it, in the given shown order. */
function displayForm(
  list: string[],
  detail: string[],
  extra: Record<string, string> = {},
): Record<string, string> {
  const all = ["number", "status", "priority", "category", "created", "last_activity", "assignee"];
  const fields: Record<string, string> = {
    intent: "save",
    defaultSort: "last_activity",
    listClosedTickets: "on",
  };
  for (const [place, shown] of [
    ["list", list],
    ["detail", detail],
  ] as const) {
    const order = [...shown, ...all.filter((p) => !shown.includes(p))];
    order.forEach((property, index) => {
      fields[`${place}.${property}.position`] = String(index + 1);
      if (shown.includes(property)) fields[`${place}.${property}.shown`] = "on";
    });
  }
  return { ...fields, ...extra };
}

/** The header texts of the portal's ticket table, in order. */
function columns(html: string): string[] {
  const head = html.match(/<thead>([\s\S]*?)<\/thead>/)?.[1] ?? "";
  return [...head.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1] as string);
}

describe("general", () => {
  let setup: Setup;
  beforeEach(async () => {
    setup = await setUp();
  });

  it("renames the portal and links its knowledge base; the portal shows both at once", async () => {
    expect((await getPage(setup.base)).body).not.toContain("Renamed Help");
    const { response } = await save(setup, "general", {
      intent: "save",
      name: "  Renamed Help  ",
      knowledgeBaseUrl: "https://docs.example.com/kb",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/general?done=saved");
    const home = await getPage(setup.base);
    expect(home.body).toContain("<title>Renamed Help</title>");
    expect(home.body).toContain('href="https://docs.example.com/kb"');
    const [entry] = await auditEntries(setup, "portal.update");
    expect(entry?.actorUserId).toBe(setup.team.admin.userId);
    expect(entry?.details).toEqual({
      before: { name: setup.fixture.name + " help", knowledgeBaseUrl: null },
      after: { name: "Renamed Help", knowledgeBaseUrl: "https://docs.example.com/kb" },
    });
  });

  it.each([
    ["http://docs.example.com/kb", "https://"],
    ["javascript:alert(1)", "https://"],
    ["not a url", "https://"],
  ])(
    "refuses the knowledge-base link %s with the input back, 400, nothing changed",
    async (url) => {
      const before = await portalRow(setup);
      const { response, body } = await save(setup, "general", {
        intent: "save",
        name: "Another name",
        knowledgeBaseUrl: url,
      });
      expect(response.status).toBe(400);
      expect(body).toContain("Enter a full address that starts with https://.");
      expect(body).toContain('value="Another name"');
      expect(await portalRow(setup)).toEqual(before);
      expect(await auditEntries(setup, "portal.update")).toEqual([]);
    },
  );

  it("refuses an empty name", async () => {
    const before = await portalRow(setup);
    const { response, body } = await save(setup, "general", { intent: "save", name: "  " });
    expect(response.status).toBe(400);
    expect(body).toContain("This field is required.");
    expect(await portalRow(setup)).toEqual(before);
  });

  it("saving what is already there writes nothing", async () => {
    const { response } = await save(setup, "general", {
      intent: "save",
      name: `${setup.fixture.name} help`,
    });
    expect(response.headers.get("location")).toContain("done=unchanged");
    expect(await auditEntries(setup, "portal.update")).toEqual([]);
  });

  it("unpublish: the portal is a 404; publish: it serves again; each once in the audit", async () => {
    expect((await getPage(setup.base)).response.status).toBe(200);
    expect((await save(setup, "general", { intent: "unpublish" })).response.status).toBe(302);
    expect((await getPage(setup.base)).response.status).toBe(404);
    expect((await getPage(`${setup.base}/tickets`, setup.customer)).response.status).toBe(404);
    // A second click finds nothing to unpublish: no change, no second entry.
    const again = await save(setup, "general", { intent: "unpublish" });
    expect(again.response.headers.get("location")).toContain("done=unchanged");
    expect(await auditEntries(setup, "portal.unpublish")).toHaveLength(1);

    const tab = await getPage(tabUrl(setup, "general"), setup.team.admin.cookie);
    expect(tab.body).toContain("Publish again");
    expect((await save(setup, "general", { intent: "publish" })).response.status).toBe(302);
    expect((await getPage(setup.base)).response.status).toBe(200);
    const [entry] = await auditEntries(setup, "portal.publish");
    expect(entry?.details).toEqual({
      before: { status: "unpublished" },
      after: { status: "live" },
    });
  });

  it("a draft cannot be published from here: it goes live by the wizard", async () => {
    await db.update(s.portals).set({ status: "draft" }).where(eq(s.portals.id, setup.portalId));
    await save(setup, "general", { intent: "publish" });
    expect((await portalRow(setup))?.status).toBe("draft");
    expect((await getPage(setup.base)).response.status).toBe(404);
    expect(await auditEntries(setup, "portal.publish")).toEqual([]);
  });

  it("deleting asks for the portal's name; a wrong one deletes nothing", async () => {
    const { response, body } = await save(setup, "general", {
      intent: "delete",
      confirmName: "help",
    });
    expect(response.status).toBe(400);
    expect(body).toContain("This is not the portal");
    expect(await portalRow(setup)).toBeDefined();
    expect((await getPage(setup.base)).response.status).toBe(200);
  });

  it("delete: the URL is a 404, members and sessions go, tickets and the email log stay", async () => {
    const { accountId } = setup.fixture;
    const { ticketId } = await createTicket(db, setup.fixture, { contactId: setup.contactId });
    await db.insert(s.portalMembers).values({
      id: newId("pmb"),
      accountId,
      portalId: setup.portalId,
      contactId: setup.contactId,
      inviteStatus: "accepted",
    });
    const groupId = newId("grp");
    await db.insert(s.accessGroups).values({ id: groupId, accountId, name: groupId });
    await db
      .insert(s.portalAccessGroups)
      .values({ accountId, portalId: setup.portalId, accessGroupId: groupId });
    await createLink(
      db,
      { accountId, portalId: setup.portalId, contactId: setup.contactId },
      "password_reset",
    );
    const email = await createEmailLogEntry(db, { accountId, portalId: setup.portalId });

    const page = await getPage(tabUrl(setup, "general"), setup.team.owner.cookie);
    expect(page.body).toContain("Tickets opened through this portal: 1.");
    const { response } = await save(
      setup,
      "general",
      { intent: "delete", confirmName: `${setup.fixture.name} help` },
      setup.team.owner,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `/a/${setup.team.slug}/portals?deleted=${encodeURIComponent(`${setup.fixture.name} help`)}`,
    );

    expect(await portalRow(setup)).toBeUndefined();
    expect((await getPage(setup.base)).response.status).toBe(404);
    const byPortal = eq(s.sessions.portalId, setup.portalId);
    expect(await db.select().from(s.sessions).where(byPortal)).toEqual([]);
    expect(
      await db.select().from(s.portalMembers).where(eq(s.portalMembers.portalId, setup.portalId)),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(s.portalAccessGroups)
        .where(eq(s.portalAccessGroups.portalId, setup.portalId)),
    ).toEqual([]);
    expect(
      await db.select().from(s.oneTimeTokens).where(eq(s.oneTimeTokens.portalId, setup.portalId)),
    ).toEqual([]);
    const ticket = await db.select().from(s.tickets).where(eq(s.tickets.id, ticketId)).get();
    expect(ticket?.portalId).toBeNull();
    expect(
      await db.select().from(s.tickets).where(eq(s.tickets.accountId, accountId)),
    ).toHaveLength(2);
    const log = await db.select().from(s.emailLog).where(eq(s.emailLog.id, email.id)).get();
    expect(log?.portalId).toBeNull();
    const [entry] = await auditEntries(setup, "portal.delete");
    expect(entry?.actorUserId).toBe(setup.team.owner.userId);
    expect(entry?.target).toBe(`${setup.fixture.name} help`);
    // The tab itself is gone with it.
    expect((await getPage(tabUrl(setup, "general"), setup.team.owner.cookie)).response.status).toBe(
      404,
    );
  });
});

describe("ticket display", () => {
  let setup: Setup;
  beforeEach(async () => {
    setup = await setUp();
  });

  it("shows the chosen properties, in order, with the stage labels, on the next list", async () => {
    expect(columns((await getPage(`${setup.base}/tickets`, setup.customer)).body)).toEqual([
      "Subject",
      "Ticket number",
      "Status",
      "Last activity",
    ]);
    const { response } = await save(
      setup,
      "display",
      displayForm(["status", "created", "number"], ["status"], { "stage.new": "Received" }),
    );
    expect(response.status).toBe(302);
    const list = await getPage(`${setup.base}/tickets`, setup.customer);
    expect(columns(list.body)).toEqual(["Subject", "Status", "Created", "Ticket number"]);
    expect(list.body).toContain("Received");
    const row = await portalRow(setup);
    expect(row?.displaySettings).toEqual({
      listProperties: ["status", "created", "number"],
      detailProperties: ["status"],
      stageLabels: { new: "Received" },
      defaultSort: "last_activity",
      listClosedTickets: true,
    });
    const [entry] = await auditEntries(setup, "portal.update");
    expect(Object.keys(entry?.details.after as object)).toEqual(["displaySettings"]);
  });

  it("orders by position numbers; a move button moves one step and saves the rest", async () => {
    await save(
      setup,
      "display",
      displayForm(["number", "status"], ["number"], {
        "list.number.position": "5",
        "list.status.position": "2",
      }),
    );
    expect((await portalRow(setup))?.displaySettings.listProperties).toEqual(["status", "number"]);
    await save(
      setup,
      "display",
      displayForm(["status", "number", "priority"], ["number"], {
        intent: "move:list.priority.up",
        "stage.closed": "Done",
      }),
    );
    const display = (await portalRow(setup))?.displaySettings;
    expect(display?.listProperties).toEqual(["status", "priority", "number"]);
    expect(display?.stageLabels).toEqual({ closed: "Done" });
  });

  it("without closed tickets, the list offers no status filter and shows open tickets only", async () => {
    const fields = displayForm(["number", "status"], ["number"], { defaultSort: "created" });
    delete fields.listClosedTickets;
    await save(setup, "display", fields);
    const list = await getPage(`${setup.base}/tickets`, setup.customer);
    expect(list.body).not.toContain('id="status"');
    expect(list.body).toContain('<option value="created" selected="">');
  });

  it.each([
    ["a position that is no number", { "list.status.position": "abc" }],
    ["a position out of range", { "list.status.position": "0" }],
    ["a stage label too long", { "stage.new": "x".repeat(41) }],
    ["an unknown sort", { defaultSort: "subject" }],
    ["an unknown move", { intent: "move:list.secret.up" }],
  ])("refuses %s: 400, nothing changed", async (_, extra) => {
    const before = await portalRow(setup);
    const { response } = await save(setup, "display", displayForm(["status"], ["status"], extra));
    expect(response.status).toBe(400);
    expect(await portalRow(setup)).toEqual(before);
  });

  it("gives the input back with the message next to the field", async () => {
    const { body } = await save(
      setup,
      "display",
      displayForm(["status"], ["status"], { "stage.new": "x".repeat(41), "stage.closed": "Done" }),
    );
    expect(body).toContain("A label can have at most 40 characters.");
    expect(body).toContain('value="Done"');
    expect(body).toMatch(
      /aria-invalid="true"[^>]*name="stage.new"|name="stage.new"[^>]*aria-invalid="true"/,
    );
  });
});

describe("consent", () => {
  let setup: Setup;
  let registerUrl: string;
  beforeEach(async () => {
    setup = await setUp();
    const token = await createLink(
      db,
      { accountId: setup.fixture.accountId, portalId: setup.portalId, contactId: setup.contactId },
      "registration",
    );
    registerUrl = `${setup.base}/register/${token}`;
  });

  it("shows the text on the registration page; only a text change bumps the version", async () => {
    expect((await getPage(registerUrl)).body).not.toContain("We keep your data safe.");
    await save(setup, "consent", {
      enabled: "on",
      text: "We keep your data safe.",
      requireCheckbox: "on",
    });
    const page = await getPage(registerUrl);
    expect(page.body).toContain("We keep your data safe.");
    expect(page.body).toContain('type="checkbox"');
    expect((await portalRow(setup))?.consentSettings).toEqual({
      enabled: true,
      text: "We keep your data safe.",
      requireCheckbox: true,
      version: 2,
    });

    // The checkbox off, the same text: the version stays.
    await save(setup, "consent", { enabled: "on", text: "We keep your data safe." });
    expect((await portalRow(setup))?.consentSettings).toMatchObject({
      requireCheckbox: false,
      version: 2,
    });
    expect((await getPage(registerUrl)).body).not.toContain('type="checkbox"');

    await save(setup, "consent", { enabled: "on", text: "We keep your data safer." });
    expect((await portalRow(setup))?.consentSettings.version).toBe(3);

    // Off: the notice goes, the text and its version stay.
    await save(setup, "consent", { text: "We keep your data safer." });
    expect((await portalRow(setup))?.consentSettings).toMatchObject({ enabled: false, version: 3 });
    expect((await getPage(registerUrl)).body).not.toContain("We keep your data safer.");
  });

  it("refuses a notice without text: 400, nothing changed", async () => {
    const before = await portalRow(setup);
    const { response, body } = await save(setup, "consent", { enabled: "on", text: " " });
    expect(response.status).toBe(400);
    expect(body).toContain("Write the text customers agree to");
    expect(await portalRow(setup)).toEqual(before);
  });
});

describe("support form", () => {
  let setup: Setup;
  beforeEach(async () => {
    setup = await setUp();
  });

  async function fields() {
    return (await portalRow(setup))?.supportForm ?? [];
  }

  /** The main form as the page sends it, for the stored fields. */
  async function formOf(extra: Record<string, string> = {}) {
    const form: Record<string, string> = { intent: "save" };
    (await fields()).forEach((field, index) => {
      form[`fields[${index}].key`] = field.key;
      form[`fields[${index}].label`] = field.label;
      form[`fields[${index}].position`] = String(index + 1);
      if (field.required) form[`fields[${index}].required`] = "on";
      if (field.options) form[`fields[${index}].options`] = field.options.join("\n");
    });
    return { ...form, ...extra };
  }

  it("adds a choice list under a generated key; the new-ticket form shows it next", async () => {
    const { response } = await save(setup, "form", {
      intent: "add",
      type: "select",
      label: "Product",
      options: "Printer\n\n Scanner \nPrinter",
      required: "on",
    });
    expect(response.status).toBe(302);
    const [field] = await fields();
    expect(field).toMatchObject({
      type: "select",
      label: "Product",
      required: true,
      options: ["Printer", "Scanner"],
    });
    expect(field?.key).toMatch(/^f_[a-z0-9]{8,32}$/);
    const page = await getPage(`${setup.base}/tickets/new`, setup.customer);
    expect(page.body).toContain("Product");
    expect(page.body).toContain(`name="field.${field?.key}"`);
    expect(page.body).toContain('<option value="Scanner">Scanner</option>');
  });

  it("a key typed into the form is never taken", async () => {
    await save(setup, "form", { intent: "add", type: "text", label: "Order", key: "subject" });
    const [field] = await fields();
    expect(field?.key).not.toBe("subject");
    const forged = await save(setup, "form", await formOf({ "fields[0].key": "f_forgedkey1234" }));
    expect(forged.response.status).toBe(400);
    expect(forged.body).toContain("The form changed since this page was loaded.");
    expect((await fields())[0]?.key).toBe(field?.key);
  });

  it.each([
    ["a choice list without options", { type: "select", label: "Product", options: "" }],
    ["no label", { type: "text", label: "" }],
    ["a label too long", { type: "text", label: "x".repeat(101) }],
    ["an unknown type", { type: "file", label: "Upload" }],
  ])("refuses to add %s: 400, nothing changed", async (_, input) => {
    const before = await portalRow(setup);
    const { response } = await save(setup, "form", { intent: "add", ...input });
    expect(response.status).toBe(400);
    expect(await portalRow(setup)).toEqual(before);
  });

  it("one priority field at most; twenty fields at most", async () => {
    await save(setup, "form", { intent: "add", type: "priority", label: "How urgent?" });
    const second = await save(setup, "form", { intent: "add", type: "priority", label: "Again" });
    expect(second.response.status).toBe(400);
    expect(second.body).toContain("The form already has a field of this type.");
    for (let i = (await fields()).length; i < 20; i++) {
      const { response } = await save(setup, "form", {
        intent: "add",
        type: "checkbox",
        label: `Box ${i}`,
      });
      expect(response.status).toBe(302);
    }
    const full = await save(setup, "form", { intent: "add", type: "text", label: "One more" });
    expect(full.response.status).toBe(400);
    expect(await fields()).toHaveLength(20);
  });

  it("edits, orders and moves fields", async () => {
    await save(setup, "form", { intent: "add", type: "text", label: "Order number" });
    await save(setup, "form", { intent: "add", type: "checkbox", label: "Urgent" });
    const [order, urgent] = await fields();
    await save(
      setup,
      "form",
      await formOf({
        "fields[0].label": "Order no.",
        "fields[0].position": "3",
        "fields[1].required": "on",
      }),
    );
    expect((await fields()).map((f) => [f.label, f.required])).toEqual([
      ["Urgent", true],
      ["Order no.", false],
    ]);
    await save(setup, "form", await formOf({ intent: `move:${urgent?.key}.down` }));
    expect((await fields()).map((f) => f.key)).toEqual([order?.key, urgent?.key]);
    const page = await getPage(`${setup.base}/tickets/new`, setup.customer);
    expect(page.body.indexOf("Order no.")).toBeLessThan(page.body.indexOf("Urgent"));
  });

  it("removing a field keeps the answers tickets already have", async () => {
    await save(setup, "form", { intent: "add", type: "text", label: "Order number" });
    const [field] = await fields();
    const key = field?.key as string;
    const created = await postForm(
      `${setup.base}/tickets/new`,
      {
        idempotencyKey: "abcdefgh12",
        subject: "Where is my order?",
        description: "It has not arrived.",
        [`field.${key}`]: "A-1234",
      },
      { cookie: setup.customer },
    );
    expect(created.response.status).toBe(302);
    const ticket = await db
      .select()
      .from(s.tickets)
      .where(
        and(
          eq(s.tickets.accountId, setup.fixture.accountId),
          eq(s.tickets.subject, "Where is my order?"),
        ),
      )
      .get();
    expect(ticket?.customFields).toEqual({ [key]: "A-1234" });

    const { response } = await save(setup, "form", await formOf({ intent: `remove:${key}` }));
    expect(response.status).toBe(302);
    expect(await fields()).toEqual([]);
    const kept = await db
      .select()
      .from(s.tickets)
      .where(eq(s.tickets.id, ticket?.id ?? ""))
      .get();
    expect(kept?.customFields).toEqual({ [key]: "A-1234" });
    const form = await getPage(`${setup.base}/tickets/new`, setup.customer);
    expect(form.body).not.toContain("Order number");
    // A field added later never takes the old key, so old answers are never read as new ones.
    await save(setup, "form", { intent: "add", type: "text", label: "Order number" });
    expect((await fields())[0]?.key).not.toBe(key);
  });
});

describe("branding", () => {
  let setup: Setup;
  beforeEach(async () => {
    setup = await setUp();
  });

  it("sets the accent colour and logo; the portal's head and header show them next", async () => {
    const { response } = await save(setup, "branding", {
      accentColor: "#0F766E",
      logoUrl: "https://cdn.example.com/logo.png",
    });
    expect(response.status).toBe(302);
    const home = await getPage(setup.base);
    expect(home.body).toContain(":root { --accent: #0f766e; }");
    expect(home.body).toContain('src="https://cdn.example.com/logo.png"');
    const [entry] = await auditEntries(setup, "portal.update");
    expect(entry?.details).toEqual({
      before: { logoUrl: null, accentColor: "#1d4ed8" },
      after: { logoUrl: "https://cdn.example.com/logo.png", accentColor: "#0f766e" },
    });
  });

  it.each([
    ["a colour too light on white", { accentColor: "#ffff00" }, "too light on white"],
    ["a colour just under 4.5:1", { accentColor: "#808080" }, "too light on white"],
    ["a colour that is no hex", { accentColor: "red" }, "six hex digits"],
    ["a short hex colour", { accentColor: "#123" }, "six hex digits"],
    [
      "an http logo",
      { accentColor: "#1d4ed8", logoUrl: "http://cdn.example.com/logo.png" },
      "starts with https://",
    ],
  ])("refuses %s: 400, the message, nothing changed", async (_, input, message) => {
    const before = await portalRow(setup);
    const { response, body } = await save(setup, "branding", input);
    expect(response.status).toBe(400);
    expect(body).toContain(message);
    expect(body).toContain(`value="${input.accentColor}"`);
    expect(await portalRow(setup)).toEqual(before);
  });

  it("previews the list and detail pages with branding, display and stage labels", async () => {
    await save(setup, "branding", { accentColor: "#7c2d12" });
    await save(
      setup,
      "display",
      displayForm(["status", "priority"], ["status", "assignee"], {
        "stage.waiting_on_us": "With our team",
      }),
    );
    for (const tab of ["branding", "preview"]) {
      const page = await getPage(tabUrl(setup, tab), setup.team.admin.cookie);
      expect(page.response.status).toBe(200);
      expect(page.body).toContain(".portal-preview { --accent: #7c2d12; }");
      expect(page.body).toContain("With our team");
      expect(page.body).toContain("Cannot sign in on the mobile app");
      expect(page.body).toContain("Assigned to");
    }
  });

  it("a draft can be previewed by an admin while its URL serves nothing", async () => {
    await db.update(s.portals).set({ status: "draft" }).where(eq(s.portals.id, setup.portalId));
    const page = await getPage(tabUrl(setup, "preview"), setup.team.admin.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain(`${setup.fixture.name} help`);
    expect((await getPage(setup.base)).response.status).toBe(404);
  });

  it("previews a Dutch portal in Dutch", async () => {
    const dutch = await setUp({ language: "nl" });
    const page = await getPage(tabUrl(dutch, "preview"), dutch.team.admin.cookie);
    expect(page.body).toContain('lang="nl"');
    expect(page.body).toContain("Ticketnummer");
  });
});
