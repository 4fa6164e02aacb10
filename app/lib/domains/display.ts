// How a domain's state reads on the dashboard: catalog keys for statuses, languages and findings.
import type { DomainStatus } from "../../../db/schema";
import type { Language } from "../i18n";
import type { DashboardKey } from "../i18n/dashboard";
import { domains as domainsCatalog } from "../i18n/dashboard/en/domains";
import type { Finding } from "./check";

export const STATUS_LABELS: Record<DomainStatus, DashboardKey> = {
  pending: "domains.status.pending",
  active: "domains.status.active",
  misconfigured: "domains.status.misconfigured",
  removed: "domains.status.removed",
};

export const LANGUAGE_LABELS: Record<Language, DashboardKey> = {
  en: "domains.lang.en",
  nl: "domains.lang.nl",
  de: "domains.lang.de",
  fr: "domains.lang.fr",
  es: "domains.lang.es",
  "pt-BR": "domains.lang.pt-BR",
  ja: "domains.lang.ja",
  ar: "domains.lang.ar",
};

export function findingMessage(finding: Finding): {
  key: DashboardKey;
  values: Record<string, string>;
} {
  const { code, ...values } = finding;
  return { key: `domains.finding.${code}`, values: values as Record<string, string> };
}

/** The last check's result in a word: nothing wrong, records wrong, or DNS could not be asked. */
export function checkSummary(findings: readonly Finding[]): DashboardKey {
  if (findings.some((finding) => finding.code === "dns.unknown")) return "domains.result.unknown";
  if (findings.some((finding) => finding.code.startsWith("txt."))) return "domains.result.problem";
  if (findings.some((finding) => finding.code === "cloudflare.unknown")) {
    return "domains.result.cloudflareUnknown";
  }
  if (findings.some((finding) => finding.code === "cloudflare.pending")) {
    return "domains.result.cloudflare";
  }
  return "domains.result.verified";
}

/** A finding as an English sentence, for emails, from the same words the dashboard shows. */
export function findingText(finding: Finding): string {
  const { key, values } = findingMessage(finding);
  const template: string = domainsCatalog[key as keyof typeof domainsCatalog] ?? finding.code;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
