// The scheduled re-check: domains whose next check is due, a bounded number per run, oldest due
// first. Each goes through the same check and lifecycle as the "Verify now" button.
import { dueDomains, type VerifyDeps, verifyDomain } from "./domains.server";

export type RecheckDeps = VerifyDeps & { now: number; batchSize: number };

/** Checks the due domains; returns how many were checked and whose status changed. */
export async function recheckDomains(
  deps: RecheckDeps,
): Promise<{ checked: number; changed: number; hostnames: string[] }> {
  const due = await dueDomains(deps.db, deps.now, deps.batchSize);
  const hostnames: string[] = [];
  let checked = 0;
  // One at a time: a batch is small, and DNS answers are fast or time out on their own.
  for (const domain of due) {
    const outcome = await verifyDomain(deps, domain, null, deps.now);
    checked++;
    if (outcome.changed) hostnames.push(domain.hostname);
  }
  return { checked, changed: hostnames.length, hostnames };
}
