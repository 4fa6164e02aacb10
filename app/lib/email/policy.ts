// When an email may go out. The email worker asks this at send time, with the domain as D1 has it
// then; what the app believed when it enqueued does not count.
import type { DomainKind, DomainStatus } from "../../../db/schema";
import { domainServes } from "../tenancy/serving";
import type { EmailKind } from "./messages";

export type PolicyDomain = { kind: DomainKind; status: DomainStatus; statusChangedAt: number };

export type Delivery = { send: true } | { send: false; reason: string };

/**
 * The rule for access-group emails (the seed: "portals on a system domain do not send emails to
 * members of an access group"): they go out only for a portal on a custom domain that serves, by the
 * same rule routing uses. Every other kind goes out on every domain. `domain` is the portal's domain
 * (null for dashboard emails, which belong to no portal).
 */
export function mayDeliver(
  kind: EmailKind,
  domain: PolicyDomain | null,
  now: number,
  graceMs: number,
): Delivery {
  if (kind !== "access_group_invite") return { send: true };
  if (!domain) return { send: false, reason: "skipped: no portal domain" };
  if (domain.kind === "system") return { send: false, reason: "skipped: system domain" };
  if (domainServes(domain, now, graceMs)) return { send: true };
  switch (domain.status) {
    case "pending":
      return { send: false, reason: "skipped: domain pending" };
    case "removed":
      return { send: false, reason: "skipped: domain removed" };
    default:
      return { send: false, reason: "skipped: domain not serving" };
  }
}
