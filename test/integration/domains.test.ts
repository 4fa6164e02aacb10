// Custom domains through the real routes and the scheduled handler, against the local DNS records
// (DOH_URL=dev, the same DoH JSON a public resolver sends): add, verify, serve, re-language,
// remove, the takeover and cross-account refusals, and the re-check changing exactly its rows.
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Env } from "../../app/lib/config";
import { newId } from "../../app/lib/db/ids";
import { type CustomHostnames, cloudflareClient } from "../../app/lib/domains/cloudflare.server";
import {
  addCustomDomain,
  removeDomain,
  requireAccountDomain,
  verifyDomain,
} from "../../app/lib/domains/domains.server";
import { resolverFor } from "../../app/lib/domains/resolver.server";
import { verificationName } from "../../app/lib/domains/rules";
import type { EmailMessage } from "../../app/lib/email/messages";
import type { ScheduledEnv } from "../../app/lib/scheduled/config";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import app from "../../workers/app";
import { createAccount } from "../factories";
import { FakeCloudflareModel } from "../fakes/cloudflare-model";
import { accountUrl, createTeam } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The scheduled runs' time; rows are placed around it. */
const NOW = Date.now();

afterEach(() => {
  vi.restoreAllMocks();
});

/** A hostname no other test uses, below `localhost` (allowed by ALLOW_LOCALHOST_DOMAINS). */
function freshHostname(label = "help"): string {
  return `${label}.${newId("n").slice(-10)}.localhost`;
}

async function setDns(hostname: string, records: { txt?: string; cname?: string }) {
  await db.delete(s.devDnsRecords).where(eq(s.devDnsRecords.name, verificationName(hostname)));
  await db.delete(s.devDnsRecords).where(eq(s.devDnsRecords.name, hostname));
  if (records.txt !== undefined) {
    await db.insert(s.devDnsRecords).values({
      id: newId("dns"),
      name: verificationName(hostname),
      type: "TXT",
      value: records.txt,
    });
  }
  if (records.cname !== undefined) {
    await db
      .insert(s.devDnsRecords)
      .values({ id: newId("dns"), name: hostname, type: "CNAME", value: records.cname });
  }
}

async function liveDomain(hostname: string) {
  return db
    .select()
    .from(s.domains)
    .where(and(eq(s.domains.hostname, hostname), eq(s.domains.status, "pending")))
    .get();
}

async function domainById(id: string) {
  return db.select().from(s.domains).where(eq(s.domains.id, id)).get();
}

async function auditActions(accountId: string) {
  const rows = await db
    .select({ action: s.auditLog.action, target: s.auditLog.target, details: s.auditLog.details })
    .from(s.auditLog)
    .where(eq(s.auditLog.accountId, accountId))
    .orderBy(s.auditLog.createdAt);
  return rows;
}

async function tenant() {
  const fixture = await createAccount(db);
  const team = await createTeam(db, fixture);
  return { ...fixture, team, domainsUrl: accountUrl(team.slug, "/domains") };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

async function add(t: Tenant, hostname: string, language = "en") {
  return postForm(t.domainsUrl, { hostname, language }, { cookie: t.team.admin.cookie });
}

async function addAndGetId(t: Tenant, hostname: string, language = "en"): Promise<string> {
  const { response } = await add(t, hostname, language);
  expect(response.status).toBe(302);
  const location = response.headers.get("location") ?? "";
  const id = location.split("/").pop() ?? "";
  expect(location).toBe(`/a/${t.team.slug}/domains/${id}`);
  return id;
}

function verify(t: Tenant, id: string) {
  return postForm(`${t.domainsUrl}/${id}`, { intent: "verify" }, { cookie: t.team.admin.cookie });
}

describe("the domains page", () => {
  it("lists the account's domains with kind, status, language and the portals on them", async () => {
    const t = await tenant();
    const { response, body } = await getPage(t.domainsUrl, t.team.admin.cookie);
    expect(response.status).toBe(200);
    expect(body).toContain(t.hostname);
    expect(body).toContain(`${t.name} help`);
    expect(body).toContain(">System<");
    expect(body).toContain(">Active<");
    expect(body).toContain(">English<");
  });

  it("adds a pending custom domain with a fresh token and shows the records to create", async () => {
    const t = await tenant();
    const hostname = freshHostname();
    const id = await addAndGetId(t, `  ${hostname.toUpperCase()}. `, "de");
    const row = await domainById(id);
    expect(row).toMatchObject({
      accountId: t.accountId,
      hostname,
      kind: "custom",
      status: "pending",
      primaryLanguage: "de",
      checkFailures: 0,
    });
    expect(row?.verificationToken).toMatch(/^portico-verify-[0-9a-f]{40}$/);
    expect(row?.nextCheckAt).toBeGreaterThan(row?.createdAt ?? 0);

    const { body } = await getPage(`${t.domainsUrl}/${id}`, t.team.admin.cookie);
    expect(body).toContain(`value="_portico-verify.${hostname}"`);
    expect(body).toContain(`value="${row?.verificationToken}"`);
    expect(body).toContain('value="customers.portico.dev"');
    expect(body).toContain("CNAME flattening");
    expect(await auditActions(t.accountId)).toEqual([
      {
        action: "domain.add",
        target: hostname,
        details: { before: {}, after: { hostname, status: "pending", primaryLanguage: "de" } },
      },
    ]);
  });

  it.each([
    { input: "10.0.0.1", message: "Enter a hostname, not an IP address." },
    { input: "app.localhost", message: "This is Portico&#x27;s own address" },
    { input: "acme.portico-sites.localhost", message: "Names under Portico&#x27;s system domains" },
    { input: "localhost", message: "localhost names cannot be added" },
    { input: "not a host!", message: "Enter a hostname such as help.example.com." },
  ])(
    "refuses $input with its reason, the input given back, nothing written",
    async ({ input, message }) => {
      const t = await tenant();
      const { response, body } = await add(t, input);
      expect(response.status).toBe(400);
      expect(body).toContain(message);
      expect(body).toContain(`value="${input.replace("!", "!")}"`);
      expect(body).toContain('aria-invalid="true"');
      const rows = await db.select().from(s.domains).where(eq(s.domains.accountId, t.accountId));
      expect(rows).toHaveLength(1);
      expect(await auditActions(t.accountId)).toEqual([]);
    },
  );

  it("a hostname live for another account is refused like any taken one, revealing nothing", async () => {
    const owner = await tenant();
    const other = await tenant();
    const pendingThere = freshHostname();
    await addAndGetId(owner, pendingThere);
    const first = await add(other, pendingThere);
    expect(first.response.status).toBe(400);
    expect(first.body).toContain(
      "This domain cannot be added. If it is yours, contact Portico support.",
    );
    expect(first.body).not.toContain(owner.team.slug);
    // Active elsewhere reads exactly the same.
    const activeThere = freshHostname();
    const activeId = await addAndGetId(owner, activeThere);
    await setDns(activeThere, { txt: (await domainById(activeId))?.verificationToken });
    await verify(owner, activeId);
    const second = await add(other, activeThere);
    expect(second.response.status).toBe(400);
    expect(second.body).toContain(
      "This domain cannot be added. If it is yours, contact Portico support.",
    );
    expect(
      await db.select().from(s.domains).where(eq(s.domains.accountId, other.accountId)),
    ).toHaveLength(1);
    // The same account adding it twice is told so.
    const again = await add(owner, activeThere);
    expect(again.body).toContain("This domain is already in your list.");
  });

  it("an agent gets 403 and a foreign domain id is the same 404 as a missing one", async () => {
    const t = await tenant();
    const other = await tenant();
    const id = await addAndGetId(other, freshHostname());
    expect((await getPage(t.domainsUrl, t.team.agent.cookie)).response.status).toBe(403);
    expect((await getPage(`${t.domainsUrl}/${id}`, t.team.admin.cookie)).response.status).toBe(404);
    expect(
      (await getPage(`${t.domainsUrl}/dom_missing`, t.team.admin.cookie)).response.status,
    ).toBe(404);
    const { response } = await verify(t, id);
    expect(response.status).toBe(404);
    expect((await domainById(id))?.lastCheckedAt).toBeNull();
  });
});

describe("verify, serve, re-language, remove", () => {
  it("says precisely what is wrong, turns active when the TXT matches, serves, re-languages and stops at once on removal", async () => {
    const t = await tenant();
    const hostname = freshHostname();
    const id = await addAndGetId(t, hostname, "de");
    const token = (await domainById(id))?.verificationToken as string;
    // The portal moves onto the new domain (what the wizard does).
    await db
      .update(s.portals)
      .set({ domainId: id })
      .where(eq(s.portals.id, t.portalIds[0] as string));
    const portalUrl = `http://${hostname}/help`;
    expect((await getPage(portalUrl)).response.status).toBe(404);

    // No records at all.
    let result = await verify(t, id);
    expect(result.response.status).toBe(200);
    expect(result.body).toContain("Checked: the records are not right yet.");
    expect(result.body).toContain(
      `TXT record missing: no TXT record at _portico-verify.${hostname}.`,
    );
    expect(result.body).toContain("No CNAME to customers.portico.dev found.");
    expect(await domainById(id)).toMatchObject({ status: "pending", checkFailures: 1 });

    // A wrong value and a CNAME elsewhere.
    await setDns(hostname, { txt: "portico-verify-someone-else", cname: "x.example" });
    result = await verify(t, id);
    expect(result.body).toContain("TXT value does not match");
    expect(result.body).toContain("portico-verify-someone-else");
    expect(result.body).toContain("CNAME points to x.example, expected customers.portico.dev.");
    expect((await domainById(id))?.status).toBe("pending");
    expect((await getPage(portalUrl)).response.status).toBe(404);

    // The right records: active, and the portal serves in the domain's language.
    await setDns(hostname, { txt: token, cname: "customers.portico.dev" });
    result = await verify(t, id);
    expect(result.body).toContain(`Verified: ${hostname} is active.`);
    expect(await domainById(id)).toMatchObject({
      status: "active",
      checkFailures: 0,
      lastCheckError: null,
    });
    let page = await getPage(portalUrl);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('<html lang="de"');

    // A new language shows on the portal's next request.
    const language = await postForm(
      `${t.domainsUrl}/${id}`,
      { intent: "language", language: "fr" },
      { cookie: t.team.admin.cookie },
    );
    expect(language.response.status).toBe(200);
    expect(language.body).toContain("The language is now French (Français).");
    page = await getPage(portalUrl);
    expect(page.body).toContain('<html lang="fr"');

    // An unsupported language: 400, nothing changed.
    const bad = await postForm(
      `${t.domainsUrl}/${id}`,
      { intent: "language", language: "xx" },
      { cookie: t.team.admin.cookie },
    );
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain("Choose one of the languages in the list.");
    expect((await domainById(id))?.primaryLanguage).toBe("fr");

    // Removal needs its confirmation…
    const unconfirmed = await postForm(
      `${t.domainsUrl}/${id}`,
      { intent: "remove" },
      { cookie: t.team.admin.cookie },
    );
    expect(unconfirmed.response.status).toBe(400);
    expect(unconfirmed.body).toContain("Tick the box to confirm the removal.");
    expect((await getPage(portalUrl)).response.status).toBe(200);
    // …then the hostname stops serving at once.
    const removed = await postForm(
      `${t.domainsUrl}/${id}`,
      { intent: "remove", confirm: "yes" },
      { cookie: t.team.admin.cookie },
    );
    expect(removed.response.status).toBe(302);
    const listUrl = removed.response.headers.get("location") ?? "";
    expect(listUrl).toBe(`/a/${t.team.slug}/domains?removed=${encodeURIComponent(hostname)}`);
    const list = await getPage(`http://app.localhost${listUrl}`, t.team.admin.cookie);
    expect(list.body).toContain(`${hostname} was removed.`);
    expect(list.body).not.toContain(`/domains/${id}"`);
    expect((await getPage(portalUrl)).response.status).toBe(404);
    expect(await domainById(id)).toMatchObject({ status: "removed", nextCheckAt: null });
    expect((await getPage(`${t.domainsUrl}/${id}`, t.team.admin.cookie)).response.status).toBe(404);

    expect((await auditActions(t.accountId)).map((entry) => entry.action)).toEqual([
      "domain.add",
      "domain.verify",
      "domain.verify",
      "domain.verify",
      "domain.language",
      "domain.remove",
    ]);
  });

  it("a removed hostname can be claimed again, by anyone, only with a new token: the old TXT does not verify", async () => {
    const first = await tenant();
    const taker = await tenant();
    const hostname = freshHostname();
    const id = await addAndGetId(first, hostname);
    const oldToken = (await domainById(id))?.verificationToken as string;
    await setDns(hostname, { txt: oldToken });
    await verify(first, id);
    expect((await domainById(id))?.status).toBe("active");
    await postForm(
      `${first.domainsUrl}/${id}`,
      { intent: "remove", confirm: "yes" },
      { cookie: first.team.admin.cookie },
    );

    const newId_ = await addAndGetId(taker, hostname);
    const claim = await domainById(newId_);
    expect(claim?.verificationToken).not.toBe(oldToken);
    const { body } = await verify(taker, newId_);
    expect(body).toContain("TXT value does not match");
    expect((await domainById(newId_))?.status).toBe("pending");
    expect((await liveDomain(hostname))?.accountId).toBe(taker.accountId);
  });

  it("refuses removing a system domain", async () => {
    const t = await tenant();
    const { response, body } = await postForm(
      `${t.domainsUrl}/${t.domainId}`,
      { intent: "remove", confirm: "yes" },
      { cookie: t.team.admin.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("A system domain cannot be removed.");
    expect((await domainById(t.domainId))?.status).toBe("active");
    expect((await getPage(`http://${t.hostname}/help`)).response.status).toBe(200);
  });
});

const worker: Required<Pick<ExportedHandler<Env & ScheduledEnv>, "scheduled">> = app;

async function runScheduled(now: number, vars: ScheduledEnv = {}, queue = env.EMAIL_QUEUE) {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron: "*/5 * * * *", scheduledTime: now }),
    { ...env, ...vars, EMAIL_QUEUE: queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const line = log.mock.calls
    .map(([text]) => String(text))
    .find((text) => text.startsWith("scheduled:"));
  log.mockRestore();
  return line ?? "";
}

async function insertDomain(
  accountId: string,
  values: Partial<s.Domain> & { hostname: string },
): Promise<s.Domain> {
  const row: s.Domain = {
    id: newId("dom"),
    accountId,
    kind: "custom",
    status: "pending",
    primaryLanguage: "en",
    verificationToken: `portico-verify-${newId("t")}`,
    statusChangedAt: NOW - HOUR,
    lastCheckedAt: null,
    nextCheckAt: null,
    checkFailures: 0,
    lastCheckError: null,
    createdAt: NOW - HOUR,
    ...values,
  };
  await db.insert(s.domains).values(row);
  return row;
}

describe("the scheduled re-check", () => {
  it("checks exactly the due domains and applies the lifecycle", async () => {
    const { accountId } = await createAccount(db);
    const right = await insertDomain(accountId, {
      hostname: freshHostname("a"),
      nextCheckAt: NOW - 5 * MINUTE,
    });
    await setDns(right.hostname, { txt: right.verificationToken });
    const missing = await insertDomain(accountId, {
      hostname: freshHostname("b"),
      nextCheckAt: NOW - 4 * MINUTE,
      statusChangedAt: NOW - 2 * HOUR,
    });
    const broken = await insertDomain(accountId, {
      hostname: freshHostname("c"),
      status: "active",
      statusChangedAt: NOW - 3 * DAY,
      nextCheckAt: NOW - 3 * MINUTE,
    });
    const weekOld = await insertDomain(accountId, {
      hostname: freshHostname("d"),
      statusChangedAt: NOW - 7 * DAY + MINUTE,
      nextCheckAt: NOW - 2 * MINUTE,
    });
    const notDue = await insertDomain(accountId, {
      hostname: freshHostname("e"),
      status: "active",
      nextCheckAt: NOW + HOUR,
    });
    const removed = await insertDomain(accountId, {
      hostname: freshHostname("f"),
      status: "removed",
      nextCheckAt: NOW - DAY,
    });
    const before = { notDue: await domainById(notDue.id), removed: await domainById(removed.id) };

    const line = await runScheduled(NOW);
    expect(line).toContain(" domains_checked=4 domains_changed=2 ");

    expect(await domainById(right.id)).toMatchObject({
      status: "active",
      statusChangedAt: NOW,
      lastCheckedAt: NOW,
      nextCheckAt: NOW + DAY,
    });
    expect(await domainById(missing.id)).toMatchObject({
      status: "pending",
      checkFailures: 1,
      lastCheckedAt: NOW,
      nextCheckAt: NOW + 4 * HOUR,
    });
    expect(await domainById(broken.id)).toMatchObject({
      status: "misconfigured",
      statusChangedAt: NOW,
      nextCheckAt: NOW + HOUR,
    });
    expect(await domainById(weekOld.id)).toMatchObject({ status: "pending", nextCheckAt: null });
    expect(await domainById(notDue.id)).toEqual(before.notDue);
    expect(await domainById(removed.id)).toEqual(before.removed);
    // Portico's own checks are audited when they change a status, with no actor.
    const entries = await db
      .select({
        action: s.auditLog.action,
        target: s.auditLog.target,
        actor: s.auditLog.actorUserId,
      })
      .from(s.auditLog)
      .where(eq(s.auditLog.accountId, accountId));
    expect(entries.sort((a, b) => (a.target ?? "").localeCompare(b.target ?? ""))).toEqual([
      { action: "domain.verify", target: right.hostname, actor: null },
      { action: "domain.verify", target: broken.hostname, actor: null },
    ]);
  });

  it("takes at most a batch per run, oldest due first, and a DNS outage downgrades nothing", async () => {
    const { accountId } = await createAccount(db);
    const rows = [];
    for (const minutes of [30, 20, 10]) {
      rows.push(
        await insertDomain(accountId, {
          hostname: freshHostname("g"),
          status: "active",
          statusChangedAt: NOW - DAY,
          nextCheckAt: NOW - DAY - minutes * MINUTE,
        }),
      );
    }
    const line = await runScheduled(NOW, { DOMAIN_CHECK_BATCH_SIZE: "2" });
    expect(line).toContain(" domains_checked=2 ");
    const [oldest, second, third] = await Promise.all(rows.map((row) => domainById(row.id)));
    expect(oldest?.lastCheckedAt).toBe(NOW);
    expect(second?.lastCheckedAt).toBe(NOW);
    expect(third?.lastCheckedAt).toBeNull();

    // DNS that cannot be asked: nothing is downgraded.
    const outage = await runScheduled(NOW + MINUTE, {
      DOH_URL: "http://127.0.0.1:9/dns-query",
      DOMAIN_CHECK_BATCH_SIZE: "1",
    } as ScheduledEnv);
    expect(outage).toContain(" domains_checked=1 domains_changed=0 ");
    expect(await domainById(rows[2]?.id as string)).toMatchObject({
      status: "active",
      lastCheckedAt: NOW + MINUTE,
    });
  });
});

/** A queue that keeps what is sent to it. */
function recordingQueue() {
  const sent: EmailMessage[] = [];
  const queue = {
    send: async (body: EmailMessage) => {
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<{ body: EmailMessage }>) => {
      for (const message of messages) sent.push(message.body);
    },
  };
  return { sent, queue: queue as unknown as Queue<EmailMessage> };
}

async function alertsFor(domainId: string) {
  const rows = await db
    .select({ kind: s.emailLog.kind, status: s.emailLog.status, payload: s.emailLog.payload })
    .from(s.emailLog)
    .where(eq(s.emailLog.kind, "domain_misconfigured"));
  return rows.filter((row) => row.payload?.domainId === domainId);
}

describe("the email to the admins when an active domain turns misconfigured", () => {
  it("the scheduled check queues exactly one per owner and admin, once per transition", async () => {
    const fixture = await createAccount(db, { kind: "custom", hostname: freshHostname("m") });
    const team = await createTeam(db, fixture);
    await db
      .update(s.domains)
      .set({ statusChangedAt: NOW - 3 * DAY, nextCheckAt: NOW - MINUTE })
      .where(eq(s.domains.id, fixture.domainId));
    // No TXT record at all: the records no longer check out.
    await setDns(fixture.hostname, {});

    const first = recordingQueue();
    await runScheduled(NOW, {}, first.queue);
    expect((await domainById(fixture.domainId))?.status).toBe("misconfigured");
    const expected = [team.owner.userId, team.admin.userId].sort().map((userId) => ({
      kind: "domain_misconfigured",
      idempotencyKey: `domain_misconfigured:${fixture.domainId}:${NOW}:${userId}`,
      accountId: fixture.accountId,
      userId,
      domainId: fixture.domainId,
    }));
    const byUser = (a: { userId: string }, b: { userId: string }) =>
      a.userId.localeCompare(b.userId);
    expect(
      first.sent.filter((m) => m.kind === "domain_misconfigured").sort(byUser as never),
    ).toEqual(expected);
    const logged = await alertsFor(fixture.domainId);
    expect(logged.map((row) => row.payload).sort(byUser as never)).toEqual(expected);
    expect(logged.every((row) => row.status === "queued")).toBe(true);

    // The email worker sends them (else the sweep would rightly queue them again)…
    await db
      .update(s.emailLog)
      .set({ status: "sent" })
      .where(
        and(
          eq(s.emailLog.kind, "domain_misconfigured"),
          eq(s.emailLog.accountId, fixture.accountId),
        ),
      );
    // …and the next check finds the domain still misconfigured: no transition, no email.
    const second = recordingQueue();
    await runScheduled(NOW + HOUR, {}, second.queue);
    expect((await domainById(fixture.domainId))?.lastCheckedAt).toBe(NOW + HOUR);
    expect(second.sent).toEqual([]);
    expect(await alertsFor(fixture.domainId)).toHaveLength(2);
  });

  it("a manual check that turns it misconfigured logs them once; pressing again adds none", async () => {
    const fixture = await createAccount(db, { kind: "custom", hostname: freshHostname("n") });
    const team = await createTeam(db, fixture);
    const t = { ...fixture, team, domainsUrl: accountUrl(team.slug, "/domains") };
    await setDns(fixture.hostname, { txt: "portico-verify-somebody-else" });

    const { response } = await verify(t, fixture.domainId);
    expect(response.status).toBe(200);
    expect((await domainById(fixture.domainId))?.status).toBe("misconfigured");
    const logged = await alertsFor(fixture.domainId);
    expect(logged.map((row) => row.payload?.userId).sort()).toEqual(
      [team.owner.userId, team.admin.userId].sort(),
    );

    await verify(t, fixture.domainId);
    expect(await alertsFor(fixture.domainId)).toHaveLength(2);
  });

  it("a domain that was pending sends none when its check fails", async () => {
    const fixture = await createAccount(db);
    await createTeam(db, fixture);
    const pending = await insertDomain(fixture.accountId, {
      hostname: freshHostname("o"),
      nextCheckAt: NOW - MINUTE,
    });
    const recorded = recordingQueue();
    await runScheduled(NOW, {}, recorded.queue);
    expect((await domainById(pending.id))?.checkFailures).toBe(1);
    expect(recorded.sent).toEqual([]);
    expect(await alertsFor(pending.id)).toEqual([]);
  });
});

describe("with Cloudflare for SaaS configured", () => {
  /** The real client, talking to the fake API through an injected fetch. */
  function cloudflare() {
    const model = new FakeCloudflareModel();
    const hostnames = cloudflareClient({
      apiToken: model.apiToken,
      zoneId: model.zoneId,
      apiUrl: model.apiUrl("https://api.cloudflare.fake"),
      fetch: model.fetch,
    });
    return { model, hostnames };
  }

  function check(hostnames: CustomHostnames, domain: s.Domain, now: number) {
    const deps = {
      db,
      resolver: resolverFor({ dohUrl: "dev" }, db),
      cnameTarget: "customers.portico.dev",
      queue: recordingQueue().queue,
      hostnames,
    };
    return verifyDomain(deps, domain, null, now);
  }

  it("turns active only once Cloudflare serves the hostname with its certificate; the page says why not yet", async () => {
    const t = await tenant();
    const { model, hostnames } = cloudflare();
    const pending = await insertDomain(t.accountId, { hostname: freshHostname("cf") });
    await setDns(pending.hostname, { txt: pending.verificationToken });

    // The records are right, but Cloudflare had not heard of it: the check creates it.
    const first = await check(hostnames, pending, NOW);
    expect(first.result.outcome).toBe("failed");
    expect(model.hostnames.get(pending.hostname)?.ssl).toMatchObject({
      method: "http",
      type: "dv",
    });
    const waiting = await domainById(pending.id);
    expect(waiting?.status).toBe("pending");
    const { body } = await getPage(`${t.domainsUrl}/${pending.id}`, t.team.admin.cookie);
    expect(body).toContain(
      "Cloudflare is not serving this hostname yet: hostname pending, certificate initializing. custom hostname does not CNAME to this zone.",
    );

    model.activate(pending.hostname);
    await check(hostnames, waiting as s.Domain, NOW + MINUTE);
    const active = await domainById(pending.id);
    expect(active).toMatchObject({ status: "active", statusChangedAt: NOW + MINUTE });

    // Cloudflare down: an active domain whose records check out stays active.
    model.mode = "http-500";
    const outage = await check(hostnames, active as s.Domain, NOW + DAY);
    expect(outage.changed).toBe(false);
    expect(await domainById(pending.id)).toMatchObject({
      status: "active",
      lastCheckedAt: NOW + DAY,
    });
  });

  it("adding creates the custom hostname at Cloudflare, removing deletes it", async () => {
    const t = await tenant();
    const { model, hostnames } = cloudflare();
    const hostname = freshHostname("ch");
    const actor = { accountId: t.accountId, actorUserId: t.team.admin.userId };
    const config = {
      dashboardHost: "app.localhost",
      systemDomains: ["portico-sites.localhost"],
      allowLocalhostDomains: true,
    };
    const added = await addCustomDomain(
      db,
      config,
      actor,
      { hostname, primaryLanguage: "en" },
      { hostnames },
    );
    expect(added.ok).toBe(true);
    expect(model.hostnames.get(hostname)).toMatchObject({
      status: "pending",
      ssl: { method: "http", type: "dv" },
    });

    const domain = await requireAccountDomain(
      db,
      t.accountId,
      added.ok ? added.domain.id : "",
      config.systemDomains,
    );
    await removeDomain(db, actor, domain, { hostnames });
    expect(model.hostnames.has(hostname)).toBe(false);
    expect((await domainById(domain.id))?.status).toBe("removed");
  });

  it("Cloudflare that cannot be asked leaves a pending domain pending, records right or not", async () => {
    const t = await tenant();
    const { model, hostnames } = cloudflare();
    model.mode = "http-500";
    const pending = await insertDomain(t.accountId, { hostname: freshHostname("cg") });
    await setDns(pending.hostname, { txt: pending.verificationToken });
    const outcome = await check(hostnames, pending, NOW);
    expect(outcome.result).toEqual({
      outcome: "unknown",
      findings: [
        expect.objectContaining({ code: "cname.missing" }),
        { code: "cloudflare.unknown", reason: "HTTP 500: 10000 Internal server error" },
      ],
    });
    expect(await domainById(pending.id)).toMatchObject({ status: "pending", checkFailures: 0 });
  });
});

describe("the local DNS page (/dev/dns)", () => {
  it("sets the records a check then reads, and refuses bad input with it given back", async () => {
    const t = await tenant();
    const hostname = freshHostname();
    const id = await addAndGetId(t, hostname);
    const token = (await domainById(id))?.verificationToken as string;

    const bad = await postForm("http://app.localhost/dev/dns", {
      intent: "add",
      name: "not a name",
      type: "TXT",
      value: token,
    });
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain('value="not a name"');
    expect(bad.body).toContain("Enter a DNS name");

    const added = await postForm("http://app.localhost/dev/dns", {
      intent: "add",
      name: `_portico-verify.${hostname}.`,
      type: "TXT",
      value: token,
    });
    expect(added.response.status).toBe(302);
    const { body } = await getPage("http://app.localhost/dev/dns");
    expect(body).toContain(`_portico-verify.${hostname}`);
    await verify(t, id);
    expect((await domainById(id))?.status).toBe("active");
  });

  it("is not there on a portal host", async () => {
    const t = await tenant();
    expect((await getPage(`http://${t.hostname}/dev/dns`)).response.status).toBe(404);
  });
});
