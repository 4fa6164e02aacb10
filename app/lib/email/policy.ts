// When an email may go out. The email worker asks this at send time, with the portal and its domain
// as D1 has them then; what the app believed when it enqueued does not count.
import type { AccessMode, DomainKind, DomainStatus } from "../../../db/schema";
import { domainServes } from "../tenancy/serving";
import type { EmailKind } from "./messages";

export type PolicyDomain = { kind: DomainKind; status: DomainStatus; statusChangedAt: number };

/** The portal an email is about, as far as the rule cares (null for dashboard emails). */
export type PolicyPortal = { accessMode: AccessMode; domain: PolicyDomain };

export type Delivery = { send: true } | { send: false; reason: string };

/**
 * Whether the email is a membership email to a member of an access group: an access-group invite
 * (always), or a registration link on an access-group portal (only access-group members may
 * register there, so every such link goes to one). A password reset is not: it goes to someone who
 * already registered, and neither are ticket emails.
 */
export function isAccessGroupMembershipEmail(kind: EmailKind, accessMode: AccessMode | null) {
  if (kind === "access_group_invite") return true;
  return kind === "registration" && accessMode === "access_groups";
}

/**
 * The seed's rule, "portals on a system domain do not send emails to members of an access group",
 * read as: every membership email to an access-group member — the invite and the self-service
 * registration link — goes out only for a portal on a custom domain that serves, by the same rule
 * routing uses. Every other email goes out on every domain. The registration page answers the same
 * whether or not the email goes out; the admin hands the member their link from the Members tab or
 * the access group's "send invites".
 */
export function mayDeliver(
  kind: EmailKind,
  portal: PolicyPortal | null,
  now: number,
  graceMs: number,
): Delivery {
  if (!isAccessGroupMembershipEmail(kind, portal?.accessMode ?? null)) return { send: true };
  const domain = portal?.domain;
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
