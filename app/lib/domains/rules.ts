// Which hostnames a tenant may claim as a custom domain. The one write rule: the add form, and
// anything else that ever creates a custom domain, asks it; request-time routing never needs it,
// because a refused name is never stored.
import type { Config } from "../config";
import {
  canonicalHost,
  isAtOrBelow,
  isIpLiteral,
  isLocalHostname,
  isUnderSystemDomain,
} from "../tenancy/host";

export type DomainProblem =
  | "domains.error.invalid"
  | "domains.error.ipLiteral"
  | "domains.error.dashboardHost"
  | "domains.error.systemDomain"
  | "domains.error.localhost"
  | "domains.error.singleLabel";

export type DomainRuleConfig = Pick<
  Config,
  "dashboardHost" | "systemDomains" | "allowLocalhostDomains"
>;

/**
 * The canonical hostname a tenant may claim, or why not. Canonicalised by the same function the
 * request path uses, so what is stored is exactly what a request will look up.
 */
export function domainProblem(
  raw: string,
  config: DomainRuleConfig,
): { hostname: string } | { problem: DomainProblem } {
  const hostname = canonicalHost(raw);
  if (!hostname) return { problem: "domains.error.invalid" };
  if (isIpLiteral(hostname)) return { problem: "domains.error.ipLiteral" };
  // The dashboard host, and anything below it: a portal there would sit beside the dashboard's
  // cookies.
  if (isAtOrBelow(hostname, config.dashboardHost))
    return { problem: "domains.error.dashboardHost" };
  if (isUnderSystemDomain(hostname, config.systemDomains)) {
    return { problem: "domains.error.systemDomain" };
  }
  if (isLocalHostname(hostname)) {
    // `localhost` itself is never a tenant's; names below it only where the configuration says so.
    return config.allowLocalhostDomains && hostname !== "localhost"
      ? { hostname }
      : { problem: "domains.error.localhost" };
  }
  // A bare label (`intranet`) is no public name; every public hostname has a dot.
  if (!hostname.includes(".")) return { problem: "domains.error.singleLabel" };
  // `_` is allowed in DNS names but never in a hostname a browser will visit.
  if (hostname.includes("_")) return { problem: "domains.error.invalid" };
  const labels = hostname.split(".");
  if (labels.some((label) => label.startsWith("-") || label.endsWith("-"))) {
    return { problem: "domains.error.invalid" };
  }
  // A top-level domain is letters (or punycode), never all digits.
  const tld = labels[labels.length - 1] ?? "";
  if (/^\d+$/.test(tld)) return { problem: "domains.error.invalid" };
  return { hostname };
}

/** A system domain is decided from the configuration, never from a stored flag alone. */
export function isSystemHostname(
  domain: { hostname: string; kind: string },
  systemDomains: readonly string[],
): boolean {
  return domain.kind === "system" || isUnderSystemDomain(domain.hostname, systemDomains);
}

/** Where the TXT record that proves ownership lives. */
export function verificationName(hostname: string): string {
  return `_portico-verify.${hostname}`;
}

/** A fresh random token per claim: a removed claim's token never verifies a new one. */
export function newVerificationToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return `portico-verify-${[...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
