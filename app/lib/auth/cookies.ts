// Session cookies. Portal cookies are host-only (no Domain attribute), scoped to the portal's path
// and named per portal, so two portals on one domain never share or overwrite a session.
import type { Config } from "../config";
import { isAtOrBelow } from "../tenancy/host";

const DASHBOARD_COOKIE = "portico_dashboard";

/**
 * On https the dashboard cookie carries the `__Host-` prefix: browsers then accept it only with
 * Secure, `Path=/` and no Domain, so no other host of the site (a sibling subdomain, a plain-http
 * page) can set or shadow it. Plain-http `*.localhost` in development cannot use the prefix
 * (browsers refuse it without Secure) and keeps the plain name.
 */
export function dashboardCookieName(secure: boolean): string {
  return secure ? `__Host-${DASHBOARD_COOKIE}` : DASHBOARD_COOKIE;
}

/** The pending second factor's cookie (a challenge, never a session); prefixed like the session's. */
export function twoFactorCookieName(secure: boolean): string {
  return secure ? "__Host-portico_two_factor" : "portico_two_factor";
}

export function portalCookieName(portalId: string): string {
  return `portico_portal_${portalId}`;
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}

/** Secure everywhere, except plain-http `*.localhost` in local development. */
export function secureCookies(request: Request, config: Config): boolean {
  const url = new URL(request.url);
  const local = url.protocol === "http:" && isAtOrBelow(url.hostname, "localhost");
  return !(config.devMode && local);
}

type CookieScope = { name: string; path: string; secure: boolean };

/**
 * The browser keeps the cookie for the longest time it allows (400 days); the session row decides
 * how long it is valid, and slides that forward while it is used (sessions.server.ts).
 */
const COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export function sessionCookie(scope: CookieScope, token: string): string {
  return cookie(scope, token, COOKIE_MAX_AGE_SECONDS);
}

/** A cookie that the browser drops when the row behind it expires anyway (a sign-in challenge). */
export function shortLivedCookie(scope: CookieScope, token: string, maxAgeMs: number): string {
  return cookie(scope, token, Math.ceil(maxAgeMs / 1000));
}

export function clearedCookie(scope: CookieScope): string {
  return cookie(scope, "", 0);
}

function cookie(scope: CookieScope, value: string, maxAgeSeconds: number): string {
  return [
    `${scope.name}=${value}`,
    `Path=${scope.path}`,
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(scope.secure ? ["Secure"] : []),
  ].join("; ");
}
