// One check of a domain's DNS: the TXT record proves ownership and decides the outcome; the CNAME
// is advice only, because an apex name (no CNAME allowed) or a name behind another proxy shows none
// while traffic may still arrive through ALIAS / CNAME flattening.
import type { DomainStatus } from "../../../db/schema";
import type { HostnameState } from "./cloudflare.server";
import type { DnsResolver } from "./doh";
import { verificationName } from "./rules";

export type Finding =
  | { code: "txt.missing"; name: string }
  | { code: "txt.mismatch"; name: string; found: string }
  | { code: "dns.unknown"; reason: string }
  | { code: "cname.wrong"; found: string; expected: string }
  | { code: "cname.missing"; expected: string }
  | { code: "cname.unknown"; reason: string }
  /** Cloudflare has the hostname, but not (yet) serving it with its certificate. */
  | { code: "cloudflare.pending"; status: string; ssl: string; errors: string }
  | { code: "cloudflare.unknown"; reason: string };

/** `verified`: the TXT record holds the token. `failed`: DNS said no. `unknown`: could not ask. */
export type CheckOutcome = "verified" | "failed" | "unknown";

export type CheckResult = { outcome: CheckOutcome; findings: Finding[] };

/** Findings that are advice: they never decide the outcome. */
export function isAdvice(finding: Finding): boolean {
  return finding.code.startsWith("cname.");
}

export async function checkDomain(
  resolver: DnsResolver,
  domain: { hostname: string; verificationToken: string },
  cnameTarget: string,
): Promise<CheckResult> {
  const name = verificationName(domain.hostname);
  const [txt, cname] = await Promise.all([
    resolver.txt(name),
    resolver.cnameChain(domain.hostname),
  ]);
  const findings: Finding[] = [];
  let outcome: CheckOutcome;
  if (txt.kind === "unknown") {
    outcome = "unknown";
    findings.push({ code: "dns.unknown", reason: txt.reason });
  } else if (txt.kind !== "answer") {
    outcome = "failed";
    findings.push({ code: "txt.missing", name });
  } else if (txt.values.includes(domain.verificationToken)) {
    outcome = "verified";
  } else {
    outcome = "failed";
    findings.push({ code: "txt.mismatch", name, found: txt.values.join(", ") });
  }
  if (cname.kind === "unknown") {
    findings.push({ code: "cname.unknown", reason: cname.reason });
  } else if (cname.kind !== "answer") {
    findings.push({ code: "cname.missing", expected: cnameTarget });
  } else if (!cname.values.includes(cnameTarget)) {
    findings.push({ code: "cname.wrong", found: cname.values[0] ?? "", expected: cnameTarget });
  }
  return { outcome, findings };
}

/**
 * A DNS check's result with what Cloudflare says, when Cloudflare is configured. Becoming active
 * (from pending or misconfigured) also needs Cloudflare to serve the hostname with an active
 * certificate. An active domain whose records check out stays active whatever Cloudflare says (a
 * certificate renewal must not take portals down); what it says is shown. "Could not ask"
 * Cloudflare changes nothing, like DNS.
 */
export function withCloudflare(
  status: DomainStatus,
  dns: CheckResult,
  state: HostnameState,
): CheckResult {
  if (dns.outcome !== "verified") return dns;
  if (state.kind === "found" && state.status === "active" && state.sslStatus === "active") {
    return dns;
  }
  const finding: Finding =
    state.kind === "unknown"
      ? { code: "cloudflare.unknown", reason: state.reason }
      : state.kind === "missing"
        ? { code: "cloudflare.pending", status: "missing", ssl: "none", errors: "" }
        : {
            code: "cloudflare.pending",
            status: state.status,
            ssl: state.sslStatus ?? "none",
            errors: state.verificationErrors.join(" "),
          };
  const findings = [...dns.findings, finding];
  if (status === "active") return { outcome: "verified", findings };
  return { outcome: state.kind === "unknown" ? "unknown" : "failed", findings };
}

/** Findings as stored in `domains.last_check_error`; anything unreadable reads as none. */
export function storedFindings(raw: string | null): Finding[] {
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (item): item is Finding =>
            !!item && typeof item === "object" && typeof (item as Finding).code === "string",
        )
      : [];
  } catch {
    return [];
  }
}
