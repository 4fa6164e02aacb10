import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../app/lib/config";
import { HostCache } from "../../app/lib/tenancy/cache";
import { resolveRequest, type Site } from "../../app/lib/tenancy/resolve.server";
import { createDb } from "../../db/client";
import { domains } from "../../db/schema";
import { createAccount } from "../factories";
import { countingD1 } from "../support/counting-d1";

const db = createDb(env.DB);
const TENANT_NAMES = ["Acme", "Globex", "Klant", "Support", "Hilfe", "portal"];

async function get(url: string, init?: RequestInit) {
  const response = await SELF.fetch(url, { redirect: "manual", ...init });
  return { response, body: await response.text() };
}

describe("demo portals resolve", () => {
  it.each([
    ["http://acme.portico-sites.localhost/support", "Acme Support", "en"],
    ["http://help.acme.localhost/portal", "Acme Klantenportaal", "nl"],
    ["http://globex.portico-sites.localhost/hilfe", "Globex Hilfe", "de"],
    // Host matching is on the canonical form.
    ["http://HELP.Acme.localhost./portal", "Acme Klantenportaal", "nl"],
  ])("%s -> %s in %s", async (url, name, language) => {
    const { response, body } = await get(url);
    expect(response.status).toBe(200);
    expect(body).toContain(`<html lang="${language}" dir="ltr">`);
    expect(body).toContain(`<title>${name}</title>`);
    expect(body).toContain(`<h1>${name}</h1>`);
  });

  it("speaks the portal's language", async () => {
    const nl = await get("http://help.acme.localhost/portal");
    expect(nl.body).toContain("Wat u hier kunt doen");
    const de = await get("http://globex.portico-sites.localhost/hilfe");
    expect(de.body).toContain("Was Sie hier tun können");
  });
});

describe("everything else is the same plain 404", () => {
  let notFoundBody: string;

  beforeAll(async () => {
    await createAccount(db, {
      name: "Pending Corp",
      hostname: "help.pending.example",
      kind: "custom",
      status: "pending",
    });
    notFoundBody = (await get("http://nobody.example/")).body;
  });

  it.each([
    ["unknown host", "http://nobody.example/"],
    ["unknown host under the system domain", "http://nobody.portico-sites.localhost/support"],
    ["unknown slug", "http://acme.portico-sites.localhost/nope"],
    ["another domain's portal", "http://acme.portico-sites.localhost/portal"],
    ["another account's portal", "http://acme.portico-sites.localhost/hilfe"],
    ["a portal's data on another domain", "http://acme.portico-sites.localhost/portal.data"],
    ["a pending custom domain", "http://help.pending.example/help"],
    ["a dashboard path on a portal host", "http://acme.portico-sites.localhost/portals"],
    ["an IP literal", "http://127.0.0.1/support"],
    ["an IPv6 literal", "http://[::1]/support"],
  ])("%s", async (_, url) => {
    const { response, body } = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(body).toBe(notFoundBody);
    for (const name of [...TENANT_NAMES, "Pending"]) expect(body).not.toContain(name);
  });

  it("ignores X-Forwarded-Host", async () => {
    const { response } = await get("http://nobody.example/support", {
      headers: { "X-Forwarded-Host": "acme.portico-sites.localhost" },
    });
    expect(response.status).toBe(404);
  });

  it("does not serve portal pages on the dashboard host", async () => {
    const { response, body } = await get("http://app.localhost/support");
    expect(response.status).toBe(404);
    expect(body).not.toContain("Acme");
  });
});

describe("the root of a portal host", () => {
  it("redirects to the domain's only portal", async () => {
    const { response } = await get("http://help.acme.localhost/");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/portal");
  });

  it("is a 404 when the domain has several portals", async () => {
    const two = await createAccount(db, { slugs: ["sales", "service"] });
    expect((await get(`http://${two.hostname}/`)).response.status).toBe(404);
    expect((await get(`http://${two.hostname}/service`)).response.status).toBe(200);
  });
});

describe("Remix's own requests on a portal host", () => {
  it("serves single-fetch data for the portal", async () => {
    const { response, body } = await get("http://acme.portico-sites.localhost/support.data");
    expect(response.status).toBe(200);
    expect(body).toContain("Acme Support");
  });

  it("serves the lazy route discovery manifest", async () => {
    const { response } = await get(
      "http://acme.portico-sites.localhost/__manifest?p=%2Fsupport&version=x",
    );
    // 204 when the version is stale, 200 with patches otherwise; never the tenant 404.
    expect([200, 204]).toContain(response.status);
  });
});

describe("the dashboard host", () => {
  it("serves the dashboard front page", async () => {
    const { response, body } = await get("http://app.localhost/");
    expect(response.status).toBe(200);
    expect(body).toContain("Customer portals for support teams");
    expect(body).not.toContain("Acme");
  });
});

describe("security headers", () => {
  it.each([
    ["a portal page", "http://acme.portico-sites.localhost/support"],
    ["the dashboard", "http://app.localhost/"],
    ["a 404", "http://nobody.example/"],
    ["a redirect", "http://help.acme.localhost/"],
  ])("on %s", async (_, url) => {
    const { response, body } = await get(url);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    if (response.status === 200) {
      // Every inline script carries this response's nonce.
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      const scripts = body.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
  });

  it("uses a new nonce for each response", async () => {
    const nonce = async () =>
      (await get("http://app.localhost/")).response.headers.get("content-security-policy");
    expect(await nonce()).not.toBe(await nonce());
  });
});

describe("domain states", () => {
  const config = readConfig(env);
  const grace = config.misconfiguredGraceMs;

  // Offsets from the moment the test runs (not when the file loads): half the grace period either
  // side of its end, so a slow machine cannot move a case across the line.
  it.each([
    ["misconfigured inside its grace period", "misconfigured", -grace / 2, 200],
    ["misconfigured past its grace period", "misconfigured", -grace * 1.5, 404],
    ["removed", "removed", 0, 404],
  ] as const)("%s", async (_, status, offset, expected) => {
    const statusChangedAt = Math.round(Date.now() + offset);
    const fixture = await createAccount(db, {
      status,
      statusChangedAt,
      kind: "custom",
      hostname: `${status}-${statusChangedAt}.example`,
    });
    const { response } = await get(`http://${fixture.hostname}/help`);
    expect(response.status).toBe(expected);
  });

  it("lets a hostname have one live claim only; a removed claim stays as history", async () => {
    const first = await createAccount(db, { hostname: "claimed.example", kind: "custom" });
    await expect(
      createAccount(db, { hostname: "claimed.example", kind: "custom" }),
    ).rejects.toThrow();
    await db.update(domains).set({ status: "removed" }).where(eq(domains.id, first.domainId));
    const second = await createAccount(db, {
      hostname: "claimed.example",
      kind: "custom",
      status: "pending",
    });
    const rows = await db.select().from(domains).where(eq(domains.hostname, "claimed.example"));
    expect(rows.map((row) => row.id).sort()).toEqual([first.domainId, second.domainId].sort());
  });
});

/** A D1 without rows for any query, counting the queries it answers. */
function noRowsD1(): { d1: D1Database; count: () => number } {
  let prepared = 0;
  const statement = {
    bind: () => statement,
    all: async () => ({ results: [] }),
    raw: async () => [],
    first: async () => null,
  };
  const d1 = {
    prepare: () => {
      prepared += 1;
      return statement;
    },
  };
  return { d1: d1 as unknown as D1Database, count: () => prepared };
}

describe("the tenant cache", () => {
  const config = readConfig(env);

  function deps() {
    const counter = countingD1(env.DB);
    let now = 1_000_000;
    const cache = new HostCache<Site>(config.tenantCacheTtlMs, () => now);
    return {
      counter,
      advance: (ms: number) => {
        now += ms;
      },
      deps: { db: createDb(counter.d1), config, cache, now: () => now },
      cache,
    };
  }

  it("costs one D1 query on a miss and none on a hit", async () => {
    const { counter, deps: d } = deps();
    const request = new Request("http://help.acme.localhost/portal");
    const first = await resolveRequest(request, d);
    expect(first.kind).toBe("portal");
    expect(counter.count()).toBe(1);
    counter.reset();
    await resolveRequest(new Request("http://help.acme.localhost/portal/tickets"), d);
    await resolveRequest(new Request("http://help.acme.localhost/portal.data"), d);
    expect(counter.count()).toBe(0);
  });

  it("caches unknown hosts too", async () => {
    const { counter, deps: d } = deps();
    for (let i = 0; i < 5; i++) await resolveRequest(new Request("http://nobody.example/x"), d);
    expect(counter.count()).toBe(1);
  });

  it("sees a change after the TTL, and at once after forgetting the host", async () => {
    const fixture = await createAccount(db, { hostname: "soon-removed.example", kind: "custom" });
    const { deps: d, advance, cache } = deps();
    const url = `http://${fixture.hostname}/help`;
    expect((await resolveRequest(new Request(url), d)).kind).toBe("portal");
    await db.update(domains).set({ status: "removed" }).where(eq(domains.id, fixture.domainId));
    advance(config.tenantCacheTtlMs - 1);
    expect((await resolveRequest(new Request(url), d)).kind).toBe("portal");
    advance(1);
    expect((await resolveRequest(new Request(url), d)).kind).toBe("not_found");

    const other = await createAccount(db, { hostname: "forgotten.example", kind: "custom" });
    const otherUrl = `http://${other.hostname}/help`;
    expect((await resolveRequest(new Request(otherUrl), d)).kind).toBe("portal");
    await db.update(domains).set({ status: "removed" }).where(eq(domains.id, other.domainId));
    cache.delete(other.hostname);
    expect((await resolveRequest(new Request(otherUrl), d)).kind).toBe("not_found");
  });

  it("keeps a live tenant through a flood of unknown hostnames", async () => {
    // The cache at a tenth of the worker's sizes, flooded with twice as many unknown hosts as it
    // holds sites (test/unit/cache.test.ts floods the full size): building each miss's query
    // costs about a millisecond here, so 20 000 through the resolver would take most of a minute.
    const { counter, deps: d } = deps();
    const cache = new HostCache<Site>(config.tenantCacheTtlMs, d.now, {
      found: 1_000,
      missing: 100,
    });
    const live = "http://help.acme.localhost/portal";
    expect((await resolveRequest(new Request(live), { ...d, cache })).kind).toBe("portal");
    // D1 answers the unknown hosts without rows, counting each query.
    const unknown = noRowsD1();
    const flood = { ...d, cache, db: createDb(unknown.d1) };
    let notFound = 0;
    for (let i = 0; i < 2_000; i++) {
      const url = `http://h${i}.portico-sites.localhost/support`;
      if ((await resolveRequest(new Request(url), flood)).kind === "not_found") notFound += 1;
    }
    expect(notFound).toBe(2_000);
    expect(unknown.count()).toBe(2_000);
    counter.reset();
    expect((await resolveRequest(new Request(live), { ...d, cache })).kind).toBe("portal");
    expect(counter.count()).toBe(0);
  });

  it("forgets a host that was a miss", async () => {
    const { counter, deps: d, cache } = deps();
    const url = "http://later.example/help";
    expect((await resolveRequest(new Request(url), d)).kind).toBe("not_found");
    await createAccount(db, { hostname: "later.example", kind: "custom" });
    expect((await resolveRequest(new Request(url), d)).kind).toBe("not_found");
    cache.delete("later.example");
    counter.reset();
    expect((await resolveRequest(new Request(url), d)).kind).toBe("portal");
    expect(counter.count()).toBe(1);
  });
});
