// How a request finds its tenant, once, before Remix routing:
//
//   canonical host ──► dashboard host?  ──► the dashboard surface
//                 └──► domain row (one D1 query, cached) ──► serving? ──► first path segment ──► portal
//
// Everything that fails along the way is the same plain 404, whatever the reason, so the answer
// never tells one tenant about another.
import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  accounts,
  type Domain,
  domains,
  type Portal,
  portals,
} from "../../../db/schema";
import type { Config } from "../config";
import type { HostCache } from "./cache";
import { canonicalHost, isIpLiteral } from "./host";
import { domainServes } from "./serving";

/** A live domain with its account and portals: what one portal host needs to route. */
export type Site = { account: Account; domain: Domain; portals: Portal[] };

export type SiteCache = HostCache<Site>;

export type Resolution =
  | { kind: "dashboard" }
  /** `portal` is null for Remix's own requests (`/__manifest`, assets) that belong to no portal. */
  | { kind: "portal"; account: Account; domain: Domain; portal: Portal | null }
  | { kind: "redirect"; location: string }
  | { kind: "not_found" };

export type ResolveDeps = {
  db: Database;
  config: Config;
  cache: SiteCache;
  now: () => number;
};

/** Paths on a portal host that Remix or the browser ask for and that no portal owns. */
const PLATFORM_PATHS = new Set(["/__manifest", "/favicon.ico", "/robots.txt"]);

/**
 * Loads a live (not removed) domain, its account and its live portals in a single query. A draft
 * or unpublished portal is not in the site at all: its URL is the same 404 as a slug never used.
 */
export async function lookupSite(db: Database, hostname: string): Promise<Site | null> {
  const rows = await db
    .select({ domain: domains, account: accounts, portal: portals })
    .from(domains)
    .innerJoin(accounts, eq(accounts.id, domains.accountId))
    .leftJoin(
      portals,
      and(
        eq(portals.domainId, domains.id),
        eq(portals.accountId, domains.accountId),
        eq(portals.status, "live"),
      ),
    )
    .where(and(eq(domains.hostname, hostname), ne(domains.status, "removed")));
  const first = rows[0];
  if (!first) return null;
  return {
    account: first.account,
    domain: first.domain,
    portals: rows.flatMap((row) => (row.portal ? [row.portal] : [])),
  };
}

export async function cachedSite(deps: ResolveDeps, hostname: string): Promise<Site | null> {
  const hit = deps.cache.get(hostname);
  if (hit) return hit.value;
  const site = await lookupSite(deps.db, hostname);
  deps.cache.set(hostname, site);
  return site;
}

/**
 * The first path segment, which names the portal. Single-fetch data requests end in `.data`
 * (`/support.data`, `/support/tickets.data`); slugs never contain a dot, so stripping it is safe.
 */
export function portalSegment(pathname: string): string {
  const segment = pathname.split("/")[1] ?? "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return "";
  }
  return decoded.endsWith(".data") ? decoded.slice(0, -".data".length) : decoded;
}

export async function resolveRequest(request: Request, deps: ResolveDeps): Promise<Resolution> {
  const url = new URL(request.url);
  // Only the request URL counts: X-Forwarded-Host and friends are whatever a client says they are.
  const host = canonicalHost(url.host);
  if (!host || isIpLiteral(host)) return { kind: "not_found" };
  if (host === deps.config.dashboardHost) return { kind: "dashboard" };

  const site = await cachedSite(deps, host);
  if (!site || !domainServes(site.domain, deps.now(), deps.config.misconfiguredGraceMs)) {
    return { kind: "not_found" };
  }
  const { account, domain } = site;

  if (PLATFORM_PATHS.has(url.pathname) || url.pathname.startsWith("/assets/")) {
    return { kind: "portal", account, domain, portal: null };
  }

  const segment = portalSegment(url.pathname);
  if (segment === "" || segment === "_root") {
    // `/` (and its data request) leads to the domain's portal when there is exactly one.
    const only = site.portals.length === 1 ? site.portals[0] : undefined;
    return only ? { kind: "redirect", location: `/${only.slug}` } : { kind: "not_found" };
  }

  const portal = site.portals.find((candidate) => candidate.slug === segment);
  return portal ? { kind: "portal", account, domain, portal } : { kind: "not_found" };
}
