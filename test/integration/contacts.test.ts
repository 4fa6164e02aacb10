// The contact pages through the app worker: the list (search, company filter, keyset pages, CSV
// export), the form (one address per contact of an account, whether email or membership email,
// held by the unique index even for parallel writes), a contact's page, merging, roles and
// isolation between accounts.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../app/lib/contacts/csv";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import {
  addToAccessGroup,
  createAccount,
  createCompany,
  createContact,
  createTicket,
  createTicketMessage,
} from "../factories";
import { accountUrl, createMember, createTeam, type Team } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

async function newAccount(name = "Contacts Ltd") {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  return { account, team, url: (path = "") => accountUrl(team.slug, path) };
}

type Setup = Awaited<ReturnType<typeof newAccount>>;

async function contactsOf(accountId: string) {
  return db.select().from(s.contacts).where(eq(s.contacts.accountId, accountId));
}

async function addressesOf(accountId: string) {
  return db
    .select({ address: s.contactAddresses.address, contactId: s.contactAddresses.contactId })
    .from(s.contactAddresses)
    .where(eq(s.contactAddresses.accountId, accountId))
    .orderBy(s.contactAddresses.address);
}

async function state(accountId: string) {
  const [contacts, addresses, audit, tickets, members, groups] = await Promise.all([
    contactsOf(accountId),
    addressesOf(accountId),
    db.select().from(s.auditLog).where(eq(s.auditLog.accountId, accountId)),
    db.select().from(s.tickets).where(eq(s.tickets.accountId, accountId)),
    db.select().from(s.portalMembers).where(eq(s.portalMembers.accountId, accountId)),
    db.select().from(s.accessGroupMembers).where(eq(s.accessGroupMembers.accountId, accountId)),
  ]);
  return JSON.stringify({ contacts, addresses, audit, tickets, members, groups });
}

const form = (values: Partial<Record<string, string>>) => ({
  name: "Dana Doe",
  email: "dana@customer.example",
  membershipEmail: "",
  companyId: "",
  jobTitle: "",
  properties: "",
  ...values,
});

describe("contact list", () => {
  let setup: Setup;
  let companyId: string;

  beforeAll(async () => {
    setup = await newAccount();
    companyId = await createCompany(db, setup.account.accountId, "Initech");
    for (let i = 0; i < 55; i++) {
      await createContact(db, setup.account.accountId, {
        name: `Person ${String(i).padStart(2, "0")}`,
        email: `person${i}@list.example`,
        companyId: i % 5 === 0 ? companyId : null,
      });
    }
    await createContact(db, setup.account.accountId, {
      name: '=HYPERLINK("http://evil.example","x")',
      email: "formula@list.example",
      membershipEmail: "quoted@list.example",
      properties: { plan: 'gold, "vip"' },
    });
  });

  it("pages by name with a cursor, 50 at a time, every contact once", async () => {
    const first = await getPage(setup.url("/contacts"), setup.team.agent.cookie);
    expect(first.response.status).toBe(200);
    const names = [...first.body.matchAll(/>(Person \d\d)</g)].map((m) => m[1]);
    const next = /href="([^"]*cursor=[^"]*)"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await getPage(`http://app.localhost${next}`, setup.team.agent.cookie);
    names.push(...[...second.body.matchAll(/>(Person \d\d)</g)].map((m) => m[1]));
    expect(names).toHaveLength(55);
    expect(new Set(names).size).toBe(55);
    expect(names).toEqual([...names].sort());
  });

  it("offers admins import and export; agents export only", async () => {
    const links = (body: string) =>
      [...body.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
    const slug = setup.team.slug;
    const admin = await getPage(setup.url("/contacts?q=person"), setup.team.admin.cookie);
    expect(links(admin.body)).toEqual(
      expect.arrayContaining([
        `Import contacts /a/${slug}/imports/new`,
        `Export as CSV /a/${slug}/contacts/export?q=person`,
      ]),
    );
    const agent = await getPage(setup.url("/contacts"), setup.team.agent.cookie);
    expect(links(agent.body)).toContain(`Export as CSV /a/${slug}/contacts/export?`);
    expect(agent.body).not.toContain("/imports/new");
  });

  it("searches names and addresses, and filters by company", async () => {
    const byName = await getPage(setup.url("/contacts?q=person%2007"), setup.team.agent.cookie);
    expect(byName.body).toContain("person7@list.example");
    expect(byName.body).not.toContain("person8@list.example");
    const byMembership = await getPage(setup.url("/contacts?q=quoted@"), setup.team.agent.cookie);
    expect(byMembership.body).toContain("formula@list.example");
    expect(byMembership.body).not.toContain("person1@list.example");
    // LIKE's wildcards are taken literally.
    const wildcard = await getPage(setup.url("/contacts?q=%25"), setup.team.agent.cookie);
    expect(wildcard.body).not.toContain("person1@list.example");
    const byCompany = await getPage(
      setup.url(`/contacts?company=${companyId}`),
      setup.team.agent.cookie,
    );
    const emails = [...byCompany.body.matchAll(/person(\d+)@list\.example/g)].map((m) => m[1]);
    expect(new Set(emails)).toEqual(
      new Set(["0", "5", "10", "15", "20", "25", "30", "35", "40", "45", "50"]),
    );
  });

  it("exports the filtered list as CSV, quoted and safe from formulas", async () => {
    const all = await getPage(setup.url("/contacts/export"), setup.team.agent.cookie);
    expect(all.response.status).toBe(200);
    expect(all.response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(all.response.headers.get("content-disposition")).toContain("attachment");
    const lines = all.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("name,email,membership_email,company,job_title,properties");
    expect(lines).toHaveLength(57);
    expect(all.body).toContain(
      `"'=HYPERLINK(""http://evil.example"",""x"")",formula@list.example,quoted@list.example,,,"{""plan"":""gold, \\""vip\\""""}"`,
    );
    const filtered = await getPage(
      setup.url(`/contacts/export?company=${companyId}`),
      setup.team.agent.cookie,
    );
    expect(filtered.body.trimEnd().split("\r\n")).toHaveLength(12);
    expect(filtered.body).toContain("Person 05,person5@list.example,,Initech,,{}");
  });

  it("escapes cells: formulas, quotes, commas and newlines", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+31 6")).toBe("'+31 6");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell("plain")).toBe("plain");
  });
});

describe("creating and editing a contact", () => {
  let setup: Setup;

  beforeAll(async () => {
    setup = await newAccount();
  });

  it("creates a contact with every field, audited", async () => {
    const companyId = await createCompany(db, setup.account.accountId, "Globex");
    const { response } = await postForm(
      setup.url("/contacts/new"),
      form({
        name: "Erin Example",
        email: " Erin@Customer.Example ",
        membershipEmail: "erin.sso@customer.example",
        companyId,
        jobTitle: "CTO",
        properties: "region = EU\ntier=gold",
      }),
      { cookie: setup.team.admin.cookie },
    );
    expect(response.status).toBe(302);
    const id = response.headers.get("location")?.match(/contacts\/([^?]+)/)?.[1] ?? "";
    const [row] = await db.select().from(s.contacts).where(eq(s.contacts.id, id));
    expect(row).toMatchObject({
      accountId: setup.account.accountId,
      name: "Erin Example",
      email: "erin@customer.example",
      membershipEmail: "erin.sso@customer.example",
      primaryCompanyId: companyId,
      jobTitle: "CTO",
      properties: { region: "EU", tier: "gold" },
    });
    const addresses = (await addressesOf(setup.account.accountId)).filter(
      (a) => a.contactId === id,
    );
    expect(addresses.map((a) => a.address)).toEqual([
      "erin.sso@customer.example",
      "erin@customer.example",
    ]);
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.target, id), eq(s.auditLog.action, "contact.create")));
    expect(entry?.actorUserId).toBe(setup.team.admin.userId);
    const page = await getPage(setup.url(`/contacts/${id}`), setup.team.agent.cookie);
    expect(page.body).toContain("erin.sso@customer.example");
    expect(page.body).toContain("region = EU");
  });

  it("refuses bad input with the input back and the message at the field", async () => {
    const before = await state(setup.account.accountId);
    const bad = await postForm(
      setup.url("/contacts/new"),
      form({ name: "", email: "not-an-address", properties: "no equals sign" }),
      { cookie: setup.team.admin.cookie },
    );
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain('value="not-an-address"');
    expect(bad.body).toContain("This field is required.");
    expect(bad.body).toContain("Enter a valid email address");
    expect(bad.body).toContain("Write one property per line");
    expect(await state(setup.account.accountId)).toBe(before);
  });

  it("refuses an address another contact has, as email or as membership email", async () => {
    await createContact(db, setup.account.accountId, {
      email: "taken@customer.example",
      membershipEmail: "taken.sso@customer.example",
    });
    const before = await state(setup.account.accountId);
    for (const values of [
      { email: "taken@customer.example" },
      { email: "taken.sso@customer.example" },
      { email: "fresh@customer.example", membershipEmail: "taken@customer.example" },
      { email: "fresh@customer.example", membershipEmail: "taken.sso@customer.example" },
    ]) {
      const { response, body } = await postForm(setup.url("/contacts/new"), form(values), {
        cookie: setup.team.admin.cookie,
      });
      expect(response.status, JSON.stringify(values)).toBe(400);
      expect(body).toContain("Another contact of this account already has this address.");
      expect(body).toContain(`value="${values.email}"`);
    }
    expect(await state(setup.account.accountId)).toBe(before);
  });

  it("the unique index holds against writes that skip the form's check", async () => {
    await createContact(db, setup.account.accountId, { email: "direct@customer.example" });
    await expect(
      createContact(db, setup.account.accountId, {
        email: "other@customer.example",
        membershipEmail: "direct@customer.example",
      }),
    ).rejects.toThrow();
  });

  it("parallel creates of one address make one contact", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        postForm(
          setup.url("/contacts/new"),
          form(
            i % 2
              ? { name: `Racer ${i}`, email: "race@customer.example" }
              : {
                  name: `Racer ${i}`,
                  email: `racer${i}@customer.example`,
                  membershipEmail: "race@customer.example",
                },
          ),
          { cookie: setup.team.admin.cookie },
        ),
      ),
    );
    expect(results.filter((r) => r.response.status === 302)).toHaveLength(1);
    expect(results.filter((r) => r.response.status === 400)).toHaveLength(5);
    const holders = (await addressesOf(setup.account.accountId)).filter(
      (a) => a.address === "race@customer.example",
    );
    expect(holders).toHaveLength(1);
    const racers = (await contactsOf(setup.account.accountId)).filter((c) =>
      c.name.startsWith("Racer"),
    );
    expect(racers).toHaveLength(1);
  });

  it("edits a contact; its old address is free again", async () => {
    const { contactId } = await createContact(db, setup.account.accountId, {
      email: "old@customer.example",
    });
    const { response } = await postForm(
      setup.url(`/contacts/${contactId}`),
      form({ intent: "save", name: "Renamed", email: "new@customer.example" }),
      { cookie: setup.team.owner.cookie },
    );
    expect(response.status).toBe(302);
    const [row] = await db.select().from(s.contacts).where(eq(s.contacts.id, contactId));
    expect(row?.name).toBe("Renamed");
    expect(row?.email).toBe("new@customer.example");
    const addresses = await addressesOf(setup.account.accountId);
    expect(addresses.filter((a) => a.contactId === contactId).map((a) => a.address)).toEqual([
      "new@customer.example",
    ]);
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.target, contactId), eq(s.auditLog.action, "contact.update")));
    expect(entry?.details).toEqual({
      before: { name: "Casey Customer", email: "old@customer.example" },
      after: { name: "Renamed", email: "new@customer.example" },
    });
    // A contact keeps its own addresses when saved again.
    const again = await postForm(
      setup.url(`/contacts/${contactId}`),
      form({ intent: "save", name: "Renamed", email: "new@customer.example" }),
      { cookie: setup.team.owner.cookie },
    );
    expect(again.response.status).toBe(302);
    await createContact(db, setup.account.accountId, { email: "old@customer.example" });
  });

  it("an agent reads a contact but cannot change it", async () => {
    const { contactId } = await createContact(db, setup.account.accountId);
    const page = await getPage(setup.url(`/contacts/${contactId}`), setup.team.agent.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain("Only admins can change contacts.");
    const before = await state(setup.account.accountId);
    for (const intent of ["save", "merge", "delete"]) {
      const { response } = await postForm(
        setup.url(`/contacts/${contactId}`),
        form({ intent, name: "Agent edit", address: "x@y.example", confirm: "x@y.example" }),
        { cookie: setup.team.agent.cookie },
      );
      expect(response.status).toBe(403);
    }
    const create = await postForm(setup.url("/contacts/new"), form({}), {
      cookie: setup.team.agent.cookie,
    });
    expect(create.response.status).toBe(403);
    expect(await state(setup.account.accountId)).toBe(before);
  });
});

describe("a contact's page and merging", () => {
  let setup: Setup;

  beforeAll(async () => {
    setup = await newAccount();
  });

  it("shows the contact's tickets, portals with standing, and access groups", async () => {
    const { contactId } = await createContact(db, setup.account.accountId, { name: "Pat" });
    await createTicket(db, setup.account, { contactId, subject: "Printer on fire" });
    const portalId = setup.account.portalIds[0] ?? "";
    const { accessGroupId } = await addToAccessGroup(db, {
      accountId: setup.account.accountId,
      portalId,
      contactId,
      inviteStatus: "accepted",
    });
    const page = await getPage(setup.url(`/contacts/${contactId}`), setup.team.admin.cookie);
    expect(page.body).toContain("Printer on fire");
    expect(page.body).toContain(`${setup.account.name} help`);
    expect(page.body).toContain("Accepted");
    // Admins go on to the access group; an agent, who cannot open it, reads its name.
    expect(page.body).toMatch(
      new RegExp(`<a [^>]*href="/a/${setup.team.slug}/access-groups/${accessGroupId}"`),
    );
    const agent = await getPage(setup.url(`/contacts/${contactId}`), setup.team.agent.cookie);
    expect(agent.body).toContain(accessGroupId);
    expect(agent.body).not.toContain(`/access-groups/${accessGroupId}`);
  });

  it("merges: tickets, messages, portals and groups move; the other contact is gone", async () => {
    const accountId = setup.account.accountId;
    const portalId = setup.account.portalIds[0] ?? "";
    const kept = await createContact(db, accountId, { name: "Kept", email: "kept@m.example" });
    const merged = await createContact(db, accountId, {
      name: "Merged",
      email: "merged@m.example",
      membershipEmail: "merged.sso@m.example",
    });
    const { ticketId } = await createTicket(db, setup.account, { contactId: merged.contactId });
    await createTicketMessage(db, {
      accountId,
      ticketId,
      body: "Hello",
      author: { contactId: merged.contactId },
    });
    const { accessGroupId } = await addToAccessGroup(db, {
      accountId,
      portalId,
      contactId: merged.contactId,
      inviteStatus: "accepted",
    });
    // Both stand on the same portal: the kept contact's standing stays, the other one goes.
    await addToAccessGroup(db, {
      accountId,
      portalId,
      contactId: kept.contactId,
      inviteStatus: "pending",
    });
    await db.insert(s.sessions).values({
      id: "ses_merge_test",
      kind: "portal",
      accountId,
      contactId: merged.contactId,
      portalId,
      host: setup.account.hostname,
      expiresAt: Date.now() + 60_000,
    });
    const bad = await postForm(
      setup.url(`/contacts/${kept.contactId}`),
      { intent: "merge", address: "kept@m.example" },
      { cookie: setup.team.admin.cookie },
    );
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain("No other contact of this account has this address.");
    const { response } = await postForm(
      setup.url(`/contacts/${kept.contactId}`),
      { intent: "merge", address: "Merged.SSO@m.example" },
      { cookie: setup.team.admin.cookie },
    );
    expect(response.status).toBe(302);
    const [ticket] = await db.select().from(s.tickets).where(eq(s.tickets.id, ticketId));
    expect(ticket?.requesterContactId).toBe(kept.contactId);
    const messages = await db
      .select()
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.ticketId, ticketId));
    expect(messages.map((m) => m.authorContactId)).toEqual([kept.contactId]);
    const groups = await db
      .select()
      .from(s.accessGroupMembers)
      .where(eq(s.accessGroupMembers.accessGroupId, accessGroupId));
    expect(groups.map((g) => g.contactId)).toEqual([kept.contactId]);
    const standings = await db
      .select()
      .from(s.portalMembers)
      .where(
        and(eq(s.portalMembers.portalId, portalId), eq(s.portalMembers.contactId, kept.contactId)),
      );
    expect(standings.map((standing) => standing.inviteStatus)).toEqual(["pending"]);
    const leftovers = await db
      .select()
      .from(s.portalMembers)
      .where(eq(s.portalMembers.contactId, merged.contactId));
    expect(leftovers).toEqual([]);
    const gone = await db.select().from(s.contacts).where(eq(s.contacts.id, merged.contactId));
    expect(gone).toEqual([]);
    const sessions = await db.select().from(s.sessions).where(eq(s.sessions.id, "ses_merge_test"));
    expect(sessions).toEqual([]);
    // Its addresses are free again.
    const addresses = (await addressesOf(accountId)).map((a) => a.address);
    expect(addresses).not.toContain("merged@m.example");
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.target, kept.contactId), eq(s.auditLog.action, "contact.merge")));
    expect(entry?.details).toEqual({ before: {}, after: { merged: merged.contactId } });
  });
});

describe("isolation", () => {
  let acme: Setup;
  let globex: Setup;
  let outsider: Team["owner"];

  beforeAll(async () => {
    acme = await newAccount("Acme Iso");
    globex = await newAccount("Globex Iso");
    outsider = await createMember(db, globex.account.accountId, "owner");
  });

  it("another account's contact is a 404 on this account's pages, and nothing changes", async () => {
    const foreign = await createContact(db, acme.account.accountId, {
      name: "Foreign Person",
      email: "foreign@acme.example",
    });
    const mine = await createContact(db, globex.account.accountId, {
      email: "mine@globex.example",
    });
    const before = await state(acme.account.accountId);
    const beforeMine = await state(globex.account.accountId);
    for (const path of [
      `/contacts/${foreign.contactId}`,
      `/contacts/${foreign.contactId}/export`,
    ]) {
      const page = await getPage(globex.url(path), outsider.cookie);
      expect(page.response.status, path).toBe(404);
      expect(page.body).not.toContain("Foreign Person");
    }
    const posts: Record<string, string>[] = [
      form({ intent: "save", name: "Hijacked" }),
      { intent: "delete", confirm: "foreign@acme.example" },
      { intent: "merge", address: "mine@globex.example" },
    ];
    for (const fields of posts) {
      const post = await postForm(globex.url(`/contacts/${foreign.contactId}`), fields, {
        cookie: outsider.cookie,
      });
      expect(post.response.status).toBe(404);
    }
    // Merging the foreign contact into one's own: its address is not found in this account.
    const merge = await postForm(
      globex.url(`/contacts/${mine.contactId}`),
      { intent: "merge", address: "foreign@acme.example" },
      { cookie: outsider.cookie },
    );
    expect(merge.response.status).toBe(400);
    // A foreign company on the form, or as the list's filter, is refused or ignored.
    const acmeCompany = await createCompany(db, acme.account.accountId, "Acme Secret Co");
    const withCompany = await postForm(
      globex.url("/contacts/new"),
      form({ email: "new@globex.example", companyId: acmeCompany }),
      { cookie: outsider.cookie },
    );
    expect(withCompany.response.status).toBe(400);
    expect(withCompany.body).toContain("Choose a company of this account.");
    const list = await getPage(globex.url(`/contacts?company=${acmeCompany}`), outsider.cookie);
    expect(list.body).not.toContain("Foreign Person");
    // Acme's address is free in Globex: addresses are per account.
    const same = await postForm(
      globex.url("/contacts/new"),
      form({ email: "foreign@acme.example" }),
      { cookie: outsider.cookie },
    );
    expect(same.response.status).toBe(302);
    expect(await state(acme.account.accountId)).toBe(before);
    expect(beforeMine).not.toBe(await state(globex.account.accountId));
  });
});
