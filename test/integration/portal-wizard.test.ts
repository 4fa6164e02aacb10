// The seed's setup wizard on the dashboard, and the settings tabs that repeat its steps: every bad
// input answered with its message and a 400 and nothing saved; the slug held by the database
// (two parallel submits, one winner); a draft never serves; finishing puts the portal live; moving
// a live portal ends its old address and its customers' sessions there.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createPortalSession } from "../../app/lib/auth/sessions.server";
import { newId } from "../../app/lib/db/ids";
import { defaultConsentSettings, defaultDisplaySettings } from "../../app/lib/portals/defaults";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { type AccountFixture, createAccount, createContact } from "../factories";
import { accountUrl, createTeam, type Team } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

type Tenant = { account: AccountFixture; team: Team };

async function tenant(options: Parameters<typeof createAccount>[1] = {}): Promise<Tenant> {
  const account = await createAccount(db, { slugs: [], ...options });
  return { account, team: await createTeam(db, account) };
}

function stepUrl(t: Tenant, step: string, portalId?: string): string {
  const url = accountUrl(t.team.slug, `/portals/new/${step}`);
  return portalId ? `${url}?portal=${portalId}` : url;
}

/** A form POST to a step, as the page's form sends it (step 2 of a new portal names it in the URL). */
function postStep(t: Tenant, step: string, fields: Record<string, string>, portalId?: string) {
  const url =
    step === "domain" && !portalId && fields.name !== undefined
      ? `${stepUrl(t, step)}?name=${encodeURIComponent(fields.name)}`
      : stepUrl(t, step, portalId);
  return postForm(url, fields, { cookie: t.team.owner.cookie });
}

/** Whether the input with this value is rendered checked. */
function checked(body: string, value: string): boolean {
  const input = body.match(new RegExp(`<input[^>]*value="${value}"[^>]*>`))?.[0] ?? "";
  return /\schecked=""/.test(input);
}

/** The same form field several times (checkboxes): URLSearchParams keeps them all. */
async function postStepMany(t: Tenant, step: string, fields: [string, string][], portalId: string) {
  const { SELF } = await import("cloudflare:test");
  const url = stepUrl(t, step, portalId);
  const response = await SELF.fetch(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Host: new URL(url).host, Origin: new URL(url).origin, Cookie: t.team.owner.cookie },
    redirect: "manual",
  });
  return { response, body: await response.text() };
}

function portalsOf(accountId: string) {
  return db.select().from(s.portals).where(eq(s.portals.accountId, accountId));
}

function portalIdFrom(location: string | null): string {
  const id = new URL(location ?? "", "http://x").searchParams.get("portal");
  if (!id) throw new Error(`no portal in ${location}`);
  return id;
}

/** Steps 1 and 2 of a new portal: returns the draft's id. */
async function startDraft(t: Tenant, slug: string, name = "Help centre"): Promise<string> {
  const named = await postStep(t, "name", { name });
  expect(named.response.status).toBe(302);
  const created = await postStep(t, "domain", {
    name,
    domainId: t.account.domainId,
    slug,
  });
  expect(created.response.status, created.body.slice(0, 300)).toBe(302);
  return portalIdFrom(created.response.headers.get("location"));
}

describe("step 1: the portal's name", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await tenant();
  });

  it("writes nothing and carries the name to step 2", async () => {
    const { response } = await postStep(t, "name", { name: "  Klantenportaal  " });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe(`/a/${t.team.slug}/portals/new/domain?name=Klantenportaal`);
    expect(await portalsOf(t.account.accountId)).toEqual([]);
    const page = await getPage(`http://app.localhost${location}`, t.team.owner.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('type="hidden" name="name" value="Klantenportaal"');
    // The preview names the domain; the notices say what a system domain means, and the language.
    expect(page.body).toContain(`http://${t.account.hostname}/`);
    expect(page.body).toContain("sends no emails to members of access groups");
    expect(page.body).toContain("The portal renders in English");
    expect(page.body).toContain(`href="/a/${t.team.slug}/domains/${t.account.domainId}"`);
  });

  it("an empty name is a 400 with its message, and nothing is saved", async () => {
    const { response, body } = await postStep(t, "name", { name: "   " });
    expect(response.status).toBe(400);
    expect(body).toContain("Enter a portal name.");
    expect(await portalsOf(t.account.accountId)).toEqual([]);
  });

  it("step 2 without a name goes back to step 1", async () => {
    const page = await getPage(stepUrl(t, "domain"), t.team.owner.cookie);
    expect(page.response.status).toBe(302);
    expect(page.response.headers.get("location")).toBe(`/a/${t.team.slug}/portals/new/name`);
  });
});

describe("step 2: domain and slug", () => {
  let t: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    [t, other] = await Promise.all([tenant(), tenant({ slugs: ["help"] })]);
    // A live portal of this account holds "help" on its domain.
    await db.insert(s.portals).values({
      id: newId("prt"),
      accountId: t.account.accountId,
      domainId: t.account.domainId,
      slug: "help",
      name: "Existing",
      defaultInboxId: t.account.inboxId,
      displaySettings: defaultDisplaySettings(),
      consentSettings: defaultConsentSettings(),
      updatedAt: Date.now(),
    });
  });

  it.each([
    ["reserved", "admin", "This slug is reserved by Portico"],
    ["reserved (a dashboard segment)", "sign-up", "This slug is reserved by Portico"],
    ["upper case", "Support", "Use lower-case letters only."],
    ["one character too long (49)", "a".repeat(49), "Use at most 48 characters."],
    ["leading hyphen", "-support", "Use only lower-case letters, digits and hyphens"],
    ["empty", "", "Enter a slug."],
    ["taken on that domain", "help", "This slug is taken on that domain."],
  ])("%s: 400, the message, the input kept, nothing saved", async (_, slug, message) => {
    const before = await portalsOf(t.account.accountId);
    const { response, body } = await postStep(t, "domain", {
      name: "Help centre",
      domainId: t.account.domainId,
      slug,
    });
    expect(response.status, response.headers.get("location") ?? "").toBe(400);
    expect(body).toContain(message);
    if (slug) expect(body).toContain(`value="${slug}"`);
    expect(await portalsOf(t.account.accountId)).toEqual(before);
  });

  it("48 characters are fine", async () => {
    const id = await startDraft(t, "b".repeat(48));
    const [draft] = await db.select().from(s.portals).where(eq(s.portals.id, id));
    expect(draft?.slug).toBe("b".repeat(48));
  });

  it("a domain of another account: 'choose one of your domains', nothing saved anywhere", async () => {
    const [mine, theirs] = await Promise.all([
      portalsOf(t.account.accountId),
      portalsOf(other.account.accountId),
    ]);
    const { response, body } = await postStep(t, "domain", {
      name: "Help centre",
      domainId: other.account.domainId,
      slug: "elsewhere",
    });
    expect(response.status).toBe(400);
    expect(body).toContain("Choose one of your domains.");
    expect(await portalsOf(t.account.accountId)).toEqual(mine);
    expect(await portalsOf(other.account.accountId)).toEqual(theirs);
  });

  it("a domain that does not serve is not offered and not accepted", async () => {
    const pendingId = newId("dom");
    await db.insert(s.domains).values({
      id: pendingId,
      accountId: t.account.accountId,
      hostname: `pending-${pendingId.slice(-6)}.example`,
      kind: "custom",
      status: "pending",
      verificationToken: "tok",
      statusChangedAt: Date.now(),
    });
    const page = await getPage(`${stepUrl(t, "domain")}?name=X`, t.team.owner.cookie);
    expect(page.body).not.toContain(pendingId);
    const { response, body } = await postStep(t, "domain", {
      name: "X",
      domainId: pendingId,
      slug: "pending",
    });
    expect(response.status).toBe(400);
    expect(body).toContain("Choose one of your domains.");
  });

  it("two parallel submits of the same slug: one draft, the other gets the message", async () => {
    const fields = { name: "Twin", domainId: t.account.domainId, slug: "twin" };
    const results = await Promise.all([
      postStep(t, "domain", fields),
      postStep(t, "domain", fields),
    ]);
    const statuses = results.map((result) => result.response.status).sort();
    expect(statuses).toEqual([302, 400]);
    const loser = results.find((result) => result.response.status === 400);
    expect(loser?.body).toContain("This slug is taken on that domain.");
    const twins = (await portalsOf(t.account.accountId)).filter((p) => p.slug === "twin");
    expect(twins).toHaveLength(1);
    expect(twins[0]).toMatchObject({ status: "draft", setupStep: "tickets", name: "Twin" });
  });

  it("the draft is made with the defaults: first inbox, own tickets, anyone with a ticket", async () => {
    const id = await startDraft(t, "defaults");
    const [draft] = await db.select().from(s.portals).where(eq(s.portals.id, id));
    expect(draft).toMatchObject({
      accountId: t.account.accountId,
      domainId: t.account.domainId,
      status: "draft",
      setupStep: "tickets",
      defaultInboxId: t.account.inboxId,
      ticketPermission: "own",
      accessMode: "anyone_with_ticket",
    });
  });

  it("another account's draft in the URL is a 404, for reading and for writing", async () => {
    const id = await startDraft(t, "mine-only");
    const outsider = await tenant();
    const page = await getPage(stepUrl(outsider, "domain", id), outsider.team.owner.cookie);
    expect(page.response.status).toBe(404);
    const before = await portalsOf(t.account.accountId);
    const post = await postStep(
      outsider,
      "domain",
      { domainId: outsider.account.domainId, slug: "stolen" },
      id,
    );
    expect(post.response.status).toBe(404);
    expect(await portalsOf(t.account.accountId)).toEqual(before);
  });
});

describe("the whole wizard, through to live", () => {
  let t: Tenant;
  const portalHome = () => `http://${t.account.hostname}/kb`;

  beforeAll(async () => {
    t = await tenant();
    await createContact(db, t.account.accountId, { properties: { tier: "gold", region: "eu" } });
  });

  it("name → domain → tickets → access → finish; a draft is a 404 until then", async () => {
    const id = await startDraft(t, "kb", "Knowledge portal");

    // A draft's URL is the same 404 as a slug never used.
    const draftPage = await getPage(portalHome());
    expect(draftPage.response.status).toBe(404);
    expect(draftPage.body).not.toContain("Knowledge portal");

    // Not reached yet: the finish step sends the admin to the step the draft is at.
    const early = await getPage(stepUrl(t, "finish", id), t.team.owner.cookie);
    expect(early.response.status).toBe(302);
    expect(early.response.headers.get("location")).toBe(
      `/a/${t.team.slug}/portals/new/tickets?portal=${id}`,
    );

    // Step 3: the filtered permission needs its filter.
    const ticketsPage = await getPage(stepUrl(t, "tickets", id), t.team.owner.cookie);
    expect(ticketsPage.body).toContain('<option value="tier">tier</option>');
    expect(ticketsPage.body).toContain('<option value="region">region</option>');
    const noFilter = await postStep(
      t,
      "tickets",
      { defaultInboxId: t.account.inboxId, ticketPermission: "company_filtered" },
      id,
    );
    expect(noFilter.response.status).toBe(400);
    expect(noFilter.body).toContain("Choose a contact property.");
    expect(noFilter.body).toContain("Enter the value the property must have.");
    const foreignInbox = await postStep(
      t,
      "tickets",
      { defaultInboxId: "inb_acme_support", ticketPermission: "own" },
      id,
    );
    expect(foreignInbox.response.status).toBe(400);
    expect(foreignInbox.body).toContain("Choose one of your inboxes.");
    const tickets = await postStep(
      t,
      "tickets",
      {
        defaultInboxId: t.account.inboxId,
        ticketPermission: "company_filtered",
        filterProperty: "tier",
        filterValue: "gold",
      },
      id,
    );
    expect(tickets.response.status).toBe(302);
    expect(tickets.response.headers.get("location")).toContain("/portals/new/access?portal=");

    // Revisiting step 3 shows what was saved.
    const again = await getPage(stepUrl(t, "tickets", id), t.team.owner.cookie);
    expect(checked(again.body, "company_filtered")).toBe(true);
    expect(checked(again.body, "own")).toBe(false);
    expect(again.body).toContain('<option value="tier" selected="">tier</option>');
    expect(again.body).toContain('value="gold"');

    // Step 4: no access groups in this account, so only "anyone with a ticket", with a note.
    const accessPage = await getPage(stepUrl(t, "access", id), t.team.owner.cookie);
    expect(accessPage.body).toContain("no access groups yet");
    expect(accessPage.body).not.toContain('value="access_groups"');
    const access = await postStep(t, "access", { accessMode: "anyone_with_ticket" }, id);
    expect(access.response.status).toBe(302);

    // Step 5: the summary, then live.
    const summary = await getPage(stepUrl(t, "finish", id), t.team.owner.cookie);
    expect(summary.response.status).toBe(200);
    expect(summary.body).toContain("Knowledge portal");
    expect(summary.body).toContain(`http://${t.account.hostname}/kb`);
    expect(summary.body).toContain("tier is “gold”");
    const finish = await postStep(t, "finish", {}, id);
    expect(finish.response.status).toBe(302);
    const live = await getPage(stepUrl(t, "finish", id), t.team.owner.cookie);
    expect(live.body).toContain("Your portal is live");
    expect(live.body).toContain(`href="http://${t.account.hostname}/kb"`);

    const [row] = await db.select().from(s.portals).where(eq(s.portals.id, id));
    expect(row).toMatchObject({
      status: "live",
      setupStep: null,
      ticketPermission: "company_filtered",
      permissionFilter: [{ property: "tier", value: "gold" }],
    });

    // The portal serves on its host, at once in this isolate.
    const served = await getPage(portalHome());
    expect(served.response.status).toBe(200);
    expect(served.body).toContain("<title>Knowledge portal</title>");

    // One audit entry for the new portal, with the settings it went live with.
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.accountId, t.account.accountId), eq(s.auditLog.action, "portal.create")),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.target).toBe("Knowledge portal");
    expect(audit[0]?.actorUserId).toBe(t.team.owner.userId);
    expect(audit[0]?.details).toMatchObject({
      after: { domain: t.account.hostname, slug: "kb", ticketPermission: "company_filtered" },
    });

    // A second "finish" changes nothing and writes no second entry.
    const twice = await postStep(t, "finish", {}, id);
    expect(twice.response.status).toBe(302);
    expect(twice.response.headers.get("location")).toBe(
      `/a/${t.team.slug}/portals/new/finish?portal=${id}`,
    );
    const entries = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.accountId, t.account.accountId), eq(s.auditLog.action, "portal.create")),
      );
    expect(entries).toHaveLength(1);
  });

  it("a live portal's earlier steps lead to its settings", async () => {
    const seeded = await tenant({ slugs: ["live"] });
    const liveId = seeded.account.portalIds[0] as string;
    const page = await getPage(stepUrl(seeded, "tickets", liveId), seeded.team.owner.cookie);
    expect(page.response.status).toBe(302);
    expect(page.response.headers.get("location")).toBe(`/a/${seeded.team.slug}/portals/${liveId}`);
  });

  it("revisiting step 2 keeps the draft's domain and slug, and can change them", async () => {
    await startDraft(t, "held");
    const id = await startDraft(t, "first-try");
    const page = await getPage(stepUrl(t, "domain", id), t.team.owner.cookie);
    expect(page.body).toContain('value="first-try"');
    const taken = await postStep(t, "domain", { domainId: t.account.domainId, slug: "held" }, id);
    expect(taken.response.status).toBe(400);
    expect(taken.body).toContain("This slug is taken on that domain.");
    const moved = await postStep(
      t,
      "domain",
      { domainId: t.account.domainId, slug: "second-try" },
      id,
    );
    expect(moved.response.status).toBe(302);
    const [row] = await db.select().from(s.portals).where(eq(s.portals.id, id));
    expect(row).toMatchObject({ slug: "second-try", status: "draft", setupStep: "tickets" });
  });
});

describe("step 4 with the account's access groups", () => {
  let t: Tenant;
  let groups: string[];
  let foreignGroup: string;

  beforeAll(async () => {
    t = await tenant();
    const other = await tenant();
    groups = [newId("grp"), newId("grp")];
    foreignGroup = newId("grp");
    await db.insert(s.accessGroups).values([
      { id: groups[0] as string, accountId: t.account.accountId, name: "Key accounts" },
      { id: groups[1] as string, accountId: t.account.accountId, name: "Partners" },
      { id: foreignGroup, accountId: other.account.accountId, name: "Theirs" },
    ]);
  });

  it("offers the groups, needs one, refuses another account's, saves the chosen ones", async () => {
    const id = await startDraft(t, "groups");
    await postStep(
      t,
      "tickets",
      { defaultInboxId: t.account.inboxId, ticketPermission: "own" },
      id,
    );
    const page = await getPage(stepUrl(t, "access", id), t.team.owner.cookie);
    expect(page.body).toContain("Key accounts");
    expect(page.body).toContain('value="access_groups"');
    expect(page.body).not.toContain("Theirs");

    const none = await postStep(t, "access", { accessMode: "access_groups" }, id);
    expect(none.response.status).toBe(400);
    expect(none.body).toContain("Choose at least one access group.");

    const foreign = await postStepMany(
      t,
      "access",
      [
        ["accessMode", "access_groups"],
        ["accessGroupIds", foreignGroup],
      ],
      id,
    );
    expect(foreign.response.status).toBe(400);
    expect(foreign.body).toContain("Choose among your access groups.");

    const chosen = await postStepMany(
      t,
      "access",
      [
        ["accessMode", "access_groups"],
        ["accessGroupIds", groups[0] as string],
        ["accessGroupIds", groups[1] as string],
      ],
      id,
    );
    expect(chosen.response.status).toBe(302);
    const rows = await db
      .select()
      .from(s.portalAccessGroups)
      .where(eq(s.portalAccessGroups.portalId, id));
    expect(rows.map((row) => row.accessGroupId).sort()).toEqual([...groups].sort());
    const [portal] = await db.select().from(s.portals).where(eq(s.portals.id, id));
    expect(portal).toMatchObject({ accessMode: "access_groups", setupStep: "finish" });

    // Revisited: both boxes ticked.
    const again = await getPage(stepUrl(t, "access", id), t.team.owner.cookie);
    for (const group of groups) expect(checked(again.body, group)).toBe(true);
    expect(checked(again.body, "access_groups")).toBe(true);
  });
});

describe("the portals list and discarding a draft", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await tenant({ slugs: ["live-one"] });
  });

  it("lists live portals and drafts apart, with resume and discard", async () => {
    const id = await startDraft(t, "unfinished", "Half done");
    const page = await getPage(accountUrl(t.team.slug, "/portals"), t.team.owner.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain(`http://${t.account.hostname}/live-one`);
    expect(page.body).toContain("Unfinished portals");
    expect(page.body).toContain(`href="/a/${t.team.slug}/portals/new/tickets?portal=${id}"`);
    expect(page.body).toContain(`href="/a/${t.team.slug}/portals?discard=${id}"`);
  });

  it("discards a draft after confirming: the row is gone and the slug is free", async () => {
    const id = await startDraft(t, "throwaway", "Throwaway");
    const confirm = await getPage(
      accountUrl(t.team.slug, `/portals?discard=${id}`),
      t.team.owner.cookie,
    );
    expect(confirm.body).toContain("Discard the draft “Throwaway”?");
    const { response } = await postForm(
      accountUrl(t.team.slug, "/portals"),
      { intent: "discard", portalId: id },
      { cookie: t.team.admin.cookie },
    );
    expect(response.status).toBe(302);
    expect(await db.select().from(s.portals).where(eq(s.portals.id, id))).toEqual([]);
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.accountId, t.account.accountId), eq(s.auditLog.action, "portal.discard")),
      );
    expect(entry).toMatchObject({ target: "Throwaway", actorUserId: t.team.admin.userId });
    await startDraft(t, "throwaway", "Second go");
  });

  it("a live portal or another account's draft cannot be discarded: 404, nothing changes", async () => {
    const other = await tenant();
    const theirs = await startDraft(other, "theirs");
    const before = [await portalsOf(t.account.accountId), await portalsOf(other.account.accountId)];
    for (const portalId of [t.account.portalIds[0] as string, theirs]) {
      const { response } = await postForm(
        accountUrl(t.team.slug, "/portals"),
        { intent: "discard", portalId },
        { cookie: t.team.owner.cookie },
      );
      expect(response.status).toBe(404);
    }
    expect([
      await portalsOf(t.account.accountId),
      await portalsOf(other.account.accountId),
    ]).toEqual(before);
  });
});

describe("settings tabs after the wizard", () => {
  let t: Tenant;
  let portalId: string;
  const tab = (name: string) => accountUrl(t.team.slug, `/portals/${portalId}/${name}`);

  beforeAll(async () => {
    t = await tenant({ slugs: ["old-place", "neighbour"] });
    portalId = t.account.portalIds[0] as string;
  });

  it("changing the slug: old URL 404, new URL serves, the old portal sessions end, audited", async () => {
    const contact = await createContact(db, t.account.accountId);
    await createPortalSession(db, {
      accountId: t.account.accountId,
      portalId,
      host: t.account.hostname,
      contactId: contact.contactId,
    });
    const before = await getPage(`http://${t.account.hostname}/old-place`);
    expect(before.response.status).toBe(200);

    const taken = await postForm(
      tab("domain"),
      { domainId: t.account.domainId, slug: "neighbour" },
      { cookie: t.team.owner.cookie },
    );
    expect(taken.response.status).toBe(400);
    expect(taken.body).toContain("This slug is taken on that domain.");
    const reserved = await postForm(
      tab("domain"),
      { domainId: t.account.domainId, slug: "Assets" },
      { cookie: t.team.owner.cookie },
    );
    expect(reserved.response.status).toBe(400);
    expect(reserved.body).toContain("Use lower-case letters only.");

    const moved = await postForm(
      tab("domain"),
      { domainId: t.account.domainId, slug: "new-place" },
      { cookie: t.team.owner.cookie },
    );
    expect(moved.response.status).toBe(302);
    expect((await getPage(`http://${t.account.hostname}/old-place`)).response.status).toBe(404);
    const after = await getPage(`http://${t.account.hostname}/new-place`);
    expect(after.response.status).toBe(200);
    const left = await db.select().from(s.sessions).where(eq(s.sessions.portalId, portalId));
    expect(left).toEqual([]);
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.accountId, t.account.accountId), eq(s.auditLog.action, "portal.update")),
      );
    expect(entry?.details).toEqual({ before: { slug: "old-place" }, after: { slug: "new-place" } });
  });

  it("tickets tab: the same rules, the change audited with before and after", async () => {
    const page = await getPage(tab("tickets"), t.team.owner.cookie);
    expect(page.response.status).toBe(200);
    const bad = await postForm(
      tab("tickets"),
      {
        defaultInboxId: t.account.inboxId,
        ticketPermission: "company_filtered",
        filterProperty: "job_title",
      },
      { cookie: t.team.owner.cookie },
    );
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain("Enter the value the property must have.");
    const saved = await postForm(
      tab("tickets"),
      { defaultInboxId: t.account.inboxId, ticketPermission: "company" },
      { cookie: t.team.owner.cookie },
    );
    expect(saved.response.status).toBe(302);
    const entries = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.accountId, t.account.accountId), eq(s.auditLog.action, "portal.update")),
      );
    expect(entries.map((entry) => entry.details)).toContainEqual({
      before: { ticketPermission: "own" },
      after: { ticketPermission: "company" },
    });
  });

  it("access tab: groups replaced in one go, back to anyone with a ticket clears them", async () => {
    const [a, b] = [newId("grp"), newId("grp")];
    await db.insert(s.accessGroups).values([
      { id: a, accountId: t.account.accountId, name: "A" },
      { id: b, accountId: t.account.accountId, name: "B" },
    ]);
    const { SELF } = await import("cloudflare:test");
    const send = (fields: [string, string][]) =>
      SELF.fetch(tab("access"), {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: {
          Host: "app.localhost",
          Origin: "http://app.localhost",
          Cookie: t.team.owner.cookie,
        },
        redirect: "manual",
      });
    const groupsOf = async () =>
      (
        await db
          .select()
          .from(s.portalAccessGroups)
          .where(eq(s.portalAccessGroups.portalId, portalId))
      )
        .map((row) => row.accessGroupId)
        .sort();
    expect(
      (
        await send([
          ["accessMode", "access_groups"],
          ["accessGroupIds", a],
        ])
      ).status,
    ).toBe(302);
    expect(await groupsOf()).toEqual([a]);
    expect(
      (
        await send([
          ["accessMode", "access_groups"],
          ["accessGroupIds", b],
        ])
      ).status,
    ).toBe(302);
    expect(await groupsOf()).toEqual([b]);
    expect(
      (
        await send([
          ["accessMode", "anyone_with_ticket"],
          ["accessGroupIds", b],
        ])
      ).status,
    ).toBe(302);
    expect(await groupsOf()).toEqual([]);
    const [portal] = await db.select().from(s.portals).where(eq(s.portals.id, portalId));
    expect(portal?.accessMode).toBe("anyone_with_ticket");
  });
});
