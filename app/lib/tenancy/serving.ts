import type { DomainStatus } from "../../../db/schema";

export type ServingInput = { status: DomainStatus; statusChangedAt: number };

/**
 * The one rule for whether a domain serves its portals. Routing uses it for every request and the
 * email worker uses it before sending an access-group email.
 *
 * An active domain serves. A domain whose later DNS check failed (`misconfigured`) keeps serving for
 * a grace period, so a short DNS hiccup does not take a tenant's portal down; after it, it stops.
 * Pending and removed domains never serve.
 */
export function domainServes(domain: ServingInput, now: number, graceMs: number): boolean {
  switch (domain.status) {
    case "active":
      return true;
    case "misconfigured":
      return now < domain.statusChangedAt + graceMs;
    case "pending":
    case "removed":
      return false;
  }
}
