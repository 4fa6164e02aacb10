// Security headers for every response the app worker sends (pages, 404s, redirects, data).
import type { Config } from "../config";
import { canonicalHost } from "../tenancy/host";

/** A fresh nonce per response, so only the inline scripts Remix renders may run. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    // Portal logos are tenant-hosted images.
    "img-src 'self' https: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * HSTS for a response to `url`, or null on plain http (browsers ignore it there, and local
 * development is plain http). The dashboard host is ours alone: two years, with its subdomains.
 * A portal host may be a tenant's own domain, whose other subdomains are the tenant's business and
 * may not speak https at all, so portal hosts get no includeSubDomains; and one year, so a tenant
 * who moves the domain elsewhere is bound by our policy no longer than that.
 */
export function strictTransportSecurity(url: string, dashboardHost: string): string | null {
  const { protocol, hostname } = new URL(url);
  if (protocol !== "https:") return null;
  return canonicalHost(hostname) === dashboardHost
    ? "max-age=63072000; includeSubDomains"
    : "max-age=31536000";
}

/**
 * Returns a response with the security headers set (a new one when the original is immutable).
 * Given the request it answers and the configuration, HSTS too. The page policy goes on every
 * response that has no Content-Security-Policy of its own.
 */
export function withSecurityHeaders(
  response: Response,
  nonce: string,
  served?: { request: Request; config: Pick<Config, "dashboardHost"> },
): Response {
  const secured = new Response(response.body, response);
  const headers = secured.headers;
  const hsts = served && strictTransportSecurity(served.request.url, served.config.dashboardHost);
  if (hsts) headers.set("Strict-Transport-Security", hsts);
  // A response that brings its own policy keeps it: a download is sandboxed with a stricter one
  // (app/lib/attachments/policy.ts) that this page policy would loosen. Only our routes set
  // response headers, so a policy already present is one we chose.
  if (!headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  return secured;
}
