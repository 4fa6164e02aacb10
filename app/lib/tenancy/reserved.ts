// A portal's slug is the first path segment on its domain. Some first segments belong to the
// platform itself (Remix's own requests, static files, the dashboard's top-level routes), so they
// can never be slugs: a portal could otherwise shadow them, or they it.

/**
 * The dashboard's top-level path segments. Every route file under the dashboard adds its own here;
 * test/unit/reserved-routes.test.ts derives the list from app/routes and fails on a missing one.
 */
export const DASHBOARD_SEGMENTS = [
  "a",
  "profile",
  "join",
  "verify",
  "audit",
  "sign-in",
  "sign-out",
  "sign-up",
  "reset-password",
  "portals",
  "domains",
  "contacts",
  "companies",
  "access-groups",
  "help-desk",
  "tickets",
  "inboxes",
  "settings",
  "team",
  "audit-log",
  "email-log",
  "profile",
  "dev",
] as const;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  ...DASHBOARD_SEGMENTS,
  "assets",
  "build",
  "favicon.ico",
  "robots.txt",
  "sitemap.xml",
  ".well-known",
  "__manifest",
  "_root",
  "api",
  "admin",
  "app",
  "static",
  "healthz",
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export type SlugProblem = "format" | "reserved";

/** Why a slug cannot be used, or null when it can. */
export function slugProblem(slug: string): SlugProblem | null {
  if (!SLUG_PATTERN.test(slug)) return "format";
  if (RESERVED_SLUGS.has(slug)) return "reserved";
  return null;
}
