// Hostnames are compared in one canonical form: lower-case ASCII (IDNA/punycode), no port, no
// trailing dot. The same function runs when a domain is stored and when a request arrives, so the
// two can never disagree.

/**
 * The canonical form of a hostname (or host with port), or null when it is not a usable hostname.
 * IP literals are returned canonical too (`[::1]`, `127.0.0.1`); callers decide whether they serve.
 */
export function canonicalHost(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  const trimmed = raw.trim();
  if (trimmed === "" || trimmed.length > 300 || /[\s/\\?#@]/.test(trimmed)) return null;
  let hostname: string;
  try {
    // The URL parser applies IDNA (UTS #46) and lower-cases; `.hostname` drops the port.
    hostname = new URL(`http://${trimmed}`).hostname;
  } catch {
    return null;
  }
  if (hostname.endsWith(".")) hostname = hostname.slice(0, -1);
  if (hostname === "" || hostname.length > 253) return null;
  if (hostname.startsWith("[")) return hostname;
  const labels = hostname.split(".");
  if (labels.some((label) => label === "" || label.length > 63)) return null;
  if (!/^[a-z0-9._-]+$/.test(hostname)) return null;
  return hostname;
}

/** True for IPv4 and IPv6 literals (as canonicalHost returns them). */
export function isIpLiteral(host: string): boolean {
  return host.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** True when `host` is `domain` itself or below it, matched on label boundaries. */
export function isAtOrBelow(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** A system domain is a platform-owned parent such as `portico-sites.com`. */
export function isUnderSystemDomain(host: string, systemDomains: readonly string[]): boolean {
  return systemDomains.some((systemDomain) => isAtOrBelow(host, systemDomain));
}

/** `localhost` and the names below it, which always mean this machine (RFC 6761). */
export function isLocalHostname(host: string): boolean {
  return isAtOrBelow(host, "localhost");
}
