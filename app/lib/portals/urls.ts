import { siteUrl } from "../email/links";

/**
 * The port to put in links to other local hosts: the dashboard's own, when it runs on a plain-http
 * `*.localhost` (npm start, tests); nothing in production, where every site is https on 443.
 */
export function localPortOf(request: Request): number | null {
  const url = new URL(request.url);
  const local = url.hostname === "localhost" || url.hostname.endsWith(".localhost");
  return local && url.port ? Number(url.port) : null;
}

/** `https://{hostname}/{slug}`: where a portal serves. */
export function portalUrl(hostname: string, slug: string, localPort: number | null): string {
  return siteUrl(hostname, [slug], localPort);
}
