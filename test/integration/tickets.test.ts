import { env } from "cloudflare:test";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { defaultDisplaySettings } from "../../app/lib/portals/defaults";
import { createDb } from "../../db/client";
import { accounts, emailLog, portals, ticketMessages, tickets } from "../../db/schema";
import { DEMO_INTERNAL_NOTE_MARKERS, DEMO_PASSWORD } from "../../db/seed";
import {
  createAccount,
  createCompany,
  createContact,
  createTicketFixture,
  createUser,
} from "../factories";
import { getPage, postForm, signInPortal } from "../support/http";

const db = createDb(env.DB);
const SUPPORT = "http://acme.portico-sites.localhost/support";
const PORTAL = "http://help.acme.localhost/portal";
const HILFE = "http://globex.portico-sites.localhost/hilfe";
const PASSWORD = "correct horse battery";

/** Ticket numbers linked from a list page. */
function listedNumbers(html: string, slug: string): number[] {
  const numbers = [...html.matchAll(new RegExp(`href="/${slug}/tickets/(\\d+)"`, "g"))].map((m) =>
    Number(m[1]),
  );
  return [...new Set(numbers)].sort((a, b) => a - b);
}

const slugOf = (base: string) => new URL(base).pathname.slice(1);
const masked = (html: string) => html.replace(/nonce="[^"]+"/g, "").replace(/'nonce-[^']+'/g, "");

let passwordHash: string;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  cookies.jan = await signInPortal(PORTAL, "jan.portal@klant.example", DEMO_PASSWORD);
  cookies.eva = await signInPortal(PORTAL, "eva@klant.example", DEMO_PASSWORD);
  cookies.sam = await signInPortal(SUPPORT, "sam@solo.example", DEMO_PASSWORD);
  cookies.max = await signInPortal(HILFE, "max@kunde.example", DEMO_PASSWORD);
});

describe("who sees which demo ticket", () => {
  it.each([
    ["jan", PORTAL, [1, 2, 3, 5]],
    ["eva", PORTAL, [1, 2, 3, 5]],
    ["sam", SUPPORT, [4]],
    ["max", HILFE, [1, 2]],
  ] as const)("%s on %s sees exactly %j", async (who, base, expected) => {
    const { body } = await getPage(`${base}/tickets?status=all`, cookies[who]);
    expect(listedNumbers(body, slugOf(base))).toEqual(expected);
    for (const number of expected) {
      expect((await getPage(`${base}/tickets/${number}`, cookies[who])).response.status).toBe(200);
    }
  });

  it.each([
    ["sam", SUPPORT, [1, 2, 3, 5, 99]],
    ["jan", PORTAL, [4, 6, 99]],
    ["max", HILFE, [3, 4, 5, 99]],
  ] as const)(
    "%s gets the same 404 for others' and unknown numbers",
    async (who, base, numbers) => {
      const unknown = await getPage(`${base}/tickets/123456`, cookies[who]);
      expect(unknown.response.status).toBe(404);
      for (const number of numbers) {
        const { response, body } = await getPage(`${base}/tickets/${number}`, cookies[who]);
        expect(response.status).toBe(404);
        expect(masked(body)).toBe(masked(unknown.body));
      }
    },
  );

  it("sends signed-out visitors to sign in", async () => {
    const { response } = await getPage(`${PORTAL}/tickets/1`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      "/portal/sign-in?redirectTo=%2Fportal%2Ftickets%2F1",
    );
  });

  it("shows the portal's customer-facing stage labels", async () => {
    const { body } = await getPage(`${PORTAL}/tickets?status=all`, cookies.jan);
    expect(body).toContain("In behandeling");
    expect(body).toContain("Afgerond");
  });
});

describe("internal notes never reach a customer", () => {
  it.each([
    ["jan", PORTAL, [1, 2, 3, 5]],
    ["sam", SUPPORT, [4]],
    ["max", HILFE, [1, 2]],
  ] as const)("no page or data response for %s contains a marker", async (who, base, numbers) => {
    const urls = [
      `${base}/tickets?status=all`,
      `${base}/tickets.data?status=all`,
      ...numbers.flatMap((n) => [`${base}/tickets/${n}`, `${base}/tickets/${n}.data`]),
    ];
    for (const url of urls) {
      const { response, body } = await getPage(url, cookies[who]);
      expect(response.status).toBe(200);
      for (const marker of DEMO_INTERNAL_NOTE_MARKERS) expect(body).not.toContain(marker);
    }
  });

  it("search does not find words of internal notes", async () => {
    const { body } = await getPage(`${PORTAL}/tickets?status=all&q=escaleren`, cookies.jan);
    expect(listedNumbers(body, "portal")).toEqual([]);
  });
});

describe("search", () => {
  it("finds words from subjects and public messages", async () => {
    const bySubject = await getPage(`${PORTAL}/tickets?status=all&q=factuuradres`, cookies.jan);
    expect(listedNumbers(bySubject.body, "portal")).toEqual([3]);
    const byMessage = await getPage(
      `${PORTAL}/tickets?status=all&q=collega%27s%20kantoor`,
      cookies.jan,
    );
    expect(listedNumbers(byMessage.body, "portal")).toEqual([1]);
  });

  it("never finds tickets the contact may not see", async () => {
    const { body } = await getPage(`${SUPPORT}/tickets?status=all&q=VPN`, cookies.sam);
    expect(listedNumbers(body, "support")).toEqual([]);
  });

  it("treats search syntax as plain text", async () => {
    for (const q of ['"', "NEAR(a b)", "subject:x OR *", "'; drop table tickets; --"]) {
      const { response } = await getPage(
        `${PORTAL}/tickets?q=${encodeURIComponent(q)}`,
        cookies.jan,
      );
      expect(response.status).toBe(200);
    }
  });
});

describe("permission modes on factory tenants", () => {
  it("company_filtered: only contacts matching the filter see the company's tickets", async () => {
    const fixture = await createAccount(db, {
      ticketPermission: "company_filtered",
      permissionFilter: [{ property: "portal_manager", value: "true" }],
    });
    const companyId = await createCompany(db, fixture.accountId);
    const inbox = { inboxId: fixture.inboxId };
    const manager = await createContact(db, fixture.accountId, {
      companyId,
      passwordHash,
      properties: { portal_manager: "true" },
      withTicket: null,
    });
    const colleague = await createContact(db, fixture.accountId, { companyId, passwordHash });
    const a = await createTicketFixture(db, {
      accountId: fixture.accountId,
      ...inbox,
      contactId: manager.contactId,
      companyId,
    });
    const b = await createTicketFixture(db, {
      accountId: fixture.accountId,
      ...inbox,
      contactId: colleague.contactId,
      companyId,
    });
    const base = `http://${fixture.hostname}/help`;
    const managerCookie = await signInPortal(base, manager.email, PASSWORD);
    const colleagueCookie = await signInPortal(base, colleague.email, PASSWORD);
    expect(
      listedNumbers((await getPage(`${base}/tickets?status=all`, managerCookie)).body, "help"),
    ).toEqual([a.number, b.number]);
    expect(
      listedNumbers((await getPage(`${base}/tickets?status=all`, colleagueCookie)).body, "help"),
    ).toEqual([b.number]);
    expect((await getPage(`${base}/tickets/${a.number}`, colleagueCookie)).response.status).toBe(
      404,
    );
  });
});

describe("working on a ticket", () => {
  async function setup() {
    const fixture = await createAccount(db);
    const { userId: agent } = await createUser(db, fixture.accountId, { name: "Alex Agent" });
    const contact = await createContact(db, fixture.accountId, { passwordHash });
    const ticket = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      status: "waiting_on_contact",
      messages: [
        { body: "My printer is on fire" },
        { body: "Please unplug it <b>now</b>", userId: agent },
        { body: "NOTE-SHOULD-NOT-SHOW", visibility: "internal", userId: agent },
      ],
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    return { fixture, contact, ticket, base, cookie, url: `${base}/tickets/${ticket.number}` };
  }

  it("shows the public thread oldest first, agents by first name, HTML as text", async () => {
    const { url, cookie } = await setup();
    const { body } = await getPage(url, cookie);
    expect(body.indexOf("My printer is on fire")).toBeLessThan(body.indexOf("Please unplug it"));
    expect(body).toContain("Alex, support team");
    expect(body).not.toContain("Alex Agent");
    expect(body).toContain("Please unplug it &lt;b&gt;now&lt;/b&gt;");
    expect(body).not.toContain("NOTE-SHOULD-NOT-SHOW");
  });

  it("a reply lands on the thread and the ticket waits on the support team", async () => {
    const { url, cookie, ticket } = await setup();
    const { response } = await postForm(
      url,
      { intent: "reply", body: "It stopped, thanks" },
      { cookie },
    );
    expect(response.status).toBe(302);
    const [row] = await db.select().from(tickets).where(eq(tickets.id, ticket.ticketId));
    expect(row?.status).toBe("waiting_on_us");
    expect((await getPage(url, cookie)).body).toContain("It stopped, thanks");
  });

  it("closes and reopens", async () => {
    const { url, cookie, ticket } = await setup();
    await postForm(url, { intent: "close" }, { cookie });
    let [row] = await db.select().from(tickets).where(eq(tickets.id, ticket.ticketId));
    expect(row?.status).toBe("closed");
    await postForm(url, { intent: "reopen" }, { cookie });
    [row] = await db.select().from(tickets).where(eq(tickets.id, ticket.ticketId));
    expect(row?.status).toBe("waiting_on_us");
  });

  it.each([
    ["empty", ""],
    ["only spaces", "   "],
    ["20 001 characters", "x".repeat(20_001)],
    ["NUL", "a\u0000b"],
  ])("refuses a %s reply and stores nothing", async (_, body) => {
    const { url, cookie, ticket } = await setup();
    const before = await db
      .select({ n: count() })
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ticket.ticketId));
    const { response } = await postForm(url, { intent: "reply", body }, { cookie });
    expect(response.status).toBe(400);
    const after = await db
      .select({ n: count() })
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ticket.ticketId));
    expect(after).toEqual(before);
  });

  it("another contact's ticket cannot be replied to or closed", async () => {
    const { url, ticket, fixture } = await setup();
    const other = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const otherCookie = await signInPortal(
      `http://${fixture.hostname}/help`,
      other.email,
      PASSWORD,
    );
    expect(
      (await postForm(url, { intent: "reply", body: "hi" }, { cookie: otherCookie })).response
        .status,
    ).toBe(404);
    expect(
      (await postForm(url, { intent: "close" }, { cookie: otherCookie })).response.status,
    ).toBe(404);
    const [row] = await db.select().from(tickets).where(eq(tickets.id, ticket.ticketId));
    expect(row?.status).toBe("waiting_on_contact");
  });
});

describe("the support form", () => {
  const supportForm = [
    {
      key: "category",
      type: "category" as const,
      label: "Topic",
      required: true,
      options: ["Billing", "Bug"],
    },
    { key: "priority", type: "priority" as const, label: "Urgency", required: false },
    { key: "browser", type: "text" as const, label: "Browser", required: false },
    { key: "agree", type: "checkbox" as const, label: "Contact me by phone", required: false },
  ];

  async function setup() {
    const fixture = await createAccount(db, { supportForm });
    const companyId = await createCompany(db, fixture.accountId);
    const contact = await createContact(db, fixture.accountId, {
      passwordHash,
      companyId,
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    return { fixture, contact, companyId, base, cookie };
  }

  it("creates one ticket in the default inbox, even when submitted twice", async () => {
    const { fixture, contact, companyId, base, cookie } = await setup();
    const fields = {
      idempotencyKey: "frm_abcdefgh12345678",
      subject: "Invoice is wrong",
      description: "The total is off by 10 euro.",
      "field.category": "Billing",
      "field.priority": "high",
      "field.browser": "Firefox",
      "field.agree": "on",
    };
    const [first, second] = await Promise.all([
      postForm(`${base}/tickets/new`, fields, { cookie }),
      postForm(`${base}/tickets/new`, fields, { cookie }),
    ]);
    expect(first.response.status).toBe(302);
    expect(second.response.headers.get("location")).toBe(first.response.headers.get("location"));
    const rows = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.accountId, fixture.accountId), eq(tickets.source, "portal")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subject: "Invoice is wrong",
      inboxId: fixture.inboxId,
      source: "portal",
      requesterContactId: contact.contactId,
      companyId,
      category: "Billing",
      priority: "high",
      customFields: { browser: "Firefox", agree: true },
    });
    const thread = await db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, rows[0]?.id ?? ""));
    expect(thread.map((m) => m.body)).toEqual(["The total is off by 10 euro."]);
    const emails = await db
      .select()
      .from(emailLog)
      .where(and(eq(emailLog.accountId, fixture.accountId), eq(emailLog.kind, "ticket_received")));
    expect(emails).toHaveLength(1);
    const page = await getPage(
      `http://${fixture.hostname}${first.response.headers.get("location")}`,
      cookie,
    );
    expect(page.body).toContain("We received your ticket.");
  });

  it.each([
    ["no subject", { subject: "" }, "This field is required."],
    ["a 201-character subject", { subject: "x".repeat(201) }, "at most 200 characters"],
    [
      "a 20 001-character description",
      { description: "x".repeat(20_001) },
      "at most 20,000 characters",
    ],
    ["an unknown category", { "field.category": "Hacking" }, "Choose one of the options."],
    ["an unknown priority", { "field.priority": "whenever" }, "Choose one of the options."],
    ["no category", { "field.category": "" }, "This field is required."],
  ])("refuses %s, keeps the input and stores nothing", async (_, change, message) => {
    const { fixture, base, cookie } = await setup();
    const fields = {
      idempotencyKey: "frm_abcdefgh87654321",
      subject: "<b>Keep me</b>",
      description: "Some text",
      "field.category": "Bug",
      ...change,
    };
    const { response, body } = await postForm(`${base}/tickets/new`, fields, { cookie });
    expect(response.status).toBe(400);
    expect(body).toContain(message);
    if (!("subject" in change)) expect(body).toContain("&lt;b&gt;Keep me&lt;/b&gt;");
    const [rows] = await db
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.accountId, fixture.accountId), eq(tickets.source, "portal")));
    expect(rows?.n).toBe(0);
  });
});

describe("pagination", () => {
  it("pages through every ticket once, even while new ones arrive", async () => {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId, { passwordHash });
    const start = Date.now() - 100_000;
    for (let i = 0; i < 25; i++) {
      await createTicketFixture(db, {
        accountId: fixture.accountId,
        inboxId: fixture.inboxId,
        contactId: contact.contactId,
        lastActivityAt: start + i * 1000,
      });
    }
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    const first = await getPage(`${base}/tickets`, cookie);
    const page1 = listedNumbers(first.body, "help");
    expect(page1).toHaveLength(20);
    await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
    });
    const next = /href="(\/help\/tickets\?[^"]*cursor=[^"]+)"/
      .exec(first.body)?.[1]
      ?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const page2 = listedNumbers(
      (await getPage(`http://${fixture.hostname}${next}`, cookie)).body,
      "help",
    );
    expect(page2).toHaveLength(5);
    expect([...page1, ...page2].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
  });
});

describe("search follows changes to messages", () => {
  it("a message made internal or deleted is no longer found", async () => {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId, { passwordHash });
    await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      messages: [{ body: "zebrafish aquarium" }, { body: "pelican harbour" }],
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    const found = async (word: string) =>
      listedNumbers((await getPage(`${base}/tickets?status=all&q=${word}`, cookie)).body, "help");
    expect(await found("zebrafish")).toEqual([1]);
    await db
      .update(ticketMessages)
      .set({ visibility: "internal" })
      .where(eq(ticketMessages.body, "zebrafish aquarium"));
    expect(await found("zebrafish")).toEqual([]);
    expect(await found("pelican")).toEqual([1]);
    await db.delete(ticketMessages).where(eq(ticketMessages.body, "pelican harbour"));
    expect(await found("pelican")).toEqual([]);
  });
});

describe("a property the portal hides never leaves the server", () => {
  const MARKERS = {
    category: "CATEGORY-MARKER-7Q",
    custom: "CUSTOM-FIELD-MARKER-7Q",
    assignee: "Zebulon",
  };

  /** A portal with the given display settings and one ticket that carries every property. */
  async function portalShowing(listProperties: string[], detailProperties: string[]) {
    const fixture = await createAccount(db);
    await db
      .update(portals)
      .set({
        displaySettings: { ...defaultDisplaySettings(), listProperties, detailProperties },
      })
      .where(eq(portals.id, fixture.portalIds[0] as string));
    const { userId } = await createUser(db, fixture.accountId, { name: "Zebulon Marker" });
    const contact = await createContact(db, fixture.accountId, { passwordHash });
    const ticket = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      subject: "Printer on fire",
    });
    await db
      .update(tickets)
      .set({
        priority: "urgent",
        category: MARKERS.category,
        customFields: { contract: MARKERS.custom },
        assigneeUserId: userId,
      })
      .where(eq(tickets.id, ticket.ticketId));
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    const pages = async (paths: string[]) =>
      Promise.all(paths.map(async (path) => (await getPage(`${base}${path}`, cookie)).body));
    return {
      list: await pages(["/tickets", "/tickets.data"]),
      detail: await pages([`/tickets/${ticket.number}`, `/tickets/${ticket.number}.data`]),
      ticketId: ticket.ticketId,
    };
  }

  it("neither the page nor its data holds priority, assignee or custom fields when hidden", async () => {
    const { list, detail, ticketId } = await portalShowing(["number", "category"], ["category"]);
    for (const body of [...list, ...detail]) {
      expect(body).toContain("Printer on fire");
      expect(body).toContain(MARKERS.category);
      // The stored value, and its label as rendered (the page's catalog holds every label).
      expect(body).not.toContain('"urgent"');
      expect(body).not.toMatch(/>\s*Urgent\s*</);
      expect(body).not.toContain(MARKERS.assignee);
      expect(body).not.toContain(MARKERS.custom);
      expect(body).not.toContain(ticketId);
    }
  });

  it("shows them where the portal lists them, and hides the category it does not", async () => {
    const { list, detail } = await portalShowing(
      ["priority", "assignee"],
      ["priority", "assignee"],
    );
    for (const body of [...list, ...detail]) {
      expect(body).toMatch(/urgent/i);
      expect(body).toContain(MARKERS.assignee);
      expect(body).not.toContain(MARKERS.category);
      expect(body).not.toContain(MARKERS.custom);
    }
  });
});

describe("an account's stored time zone", () => {
  it("an unknown one shows the portal in UTC instead of failing", async () => {
    const fixture = await createAccount(db);
    await db
      .update(accounts)
      .set({ timeZone: "Mars/Olympus" })
      .where(eq(accounts.id, fixture.accountId));
    const contact = await createContact(db, fixture.accountId, { passwordHash });
    const ticket = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
      messages: [{ body: "When did this start?" }],
    });
    const base = `http://${fixture.hostname}/help`;
    expect((await getPage(`${base}/sign-in`)).response.status).toBe(200);
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    for (const path of ["/tickets", "/tickets.data", `/tickets/${ticket.number}`, "/profile"]) {
      const { response } = await getPage(`${base}${path}`, cookie);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });
});
