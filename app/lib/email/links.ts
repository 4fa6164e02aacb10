// Absolute links in emails are built from the hostname stored in D1, never from a request.

/**
 * The origin of a site on a canonical `hostname`: https, except for local `*.localhost` hosts, which
 * are plain http (with the local server's port when there is one, so links work under `npm start`).
 */
export function siteOrigin(hostname: string, localPort?: number | null): string {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    return `http://${hostname}${localPort ? `:${localPort}` : ""}`;
  }
  return `https://${hostname}`;
}

/** `{origin}/{segment}/{segment}…`, each segment percent-encoded. */
export function siteUrl(
  hostname: string,
  segments: readonly (string | number)[],
  localPort?: number | null,
): string {
  const path = segments.map((segment) => encodeURIComponent(String(segment))).join("/");
  return `${siteOrigin(hostname, localPort)}/${path}`;
}
