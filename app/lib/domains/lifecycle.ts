// One lifecycle for a custom domain, as a pure function of its state, a check's result and the
// time; routing and the email worker read the result through the one serving rule
// (app/lib/tenancy/serving.ts).
//
//   pending ──verified──► active ──failed──► misconfigured ──verified──► active
//      │                                          │ (serves for the grace period, then stops)
//      └─ failed: stays pending, checked every 5 min in the first hour, then every 4 h, for 7 days
//   "could not ask" changes no status; removed is final for that claim (a new claim is a new row).
import type { Domain } from "../../../db/schema";
import type { CheckResult } from "./check";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const SCHEDULE = {
  /** A pending domain: checked often while its owner is likely setting DNS up… */
  pendingFastMs: 5 * MINUTE,
  pendingFastForMs: HOUR,
  /** …then less often… */
  pendingSlowMs: 4 * HOUR,
  /** …and not any more after a week: the page says so and offers to check again. */
  pendingGiveUpMs: 7 * DAY,
  activeMs: DAY,
  /** Inside the grace period a fix should show soon. */
  misconfiguredMs: HOUR,
  /** DNS could not be asked: try again soon, whatever the status. */
  unknownMs: 15 * MINUTE,
} as const;

export type DomainState = Pick<
  Domain,
  | "status"
  | "statusChangedAt"
  | "lastCheckedAt"
  | "nextCheckAt"
  | "checkFailures"
  | "lastCheckError"
>;

/** When a pending domain claimed at `claimedAt` is checked next after `now`, or null: stopped. */
export function nextPendingCheck(claimedAt: number, now: number): number | null {
  const age = now - claimedAt;
  const next =
    now + (age < SCHEDULE.pendingFastForMs ? SCHEDULE.pendingFastMs : SCHEDULE.pendingSlowMs);
  return next <= claimedAt + SCHEDULE.pendingGiveUpMs ? next : null;
}

/** The state after a check at `now`. A removed domain never changes. */
export function afterCheck(domain: DomainState, result: CheckResult, now: number): DomainState {
  if (domain.status === "removed") return domain;
  const findings = result.findings.length ? JSON.stringify(result.findings) : null;
  const checked = { lastCheckedAt: now, lastCheckError: findings };
  if (result.outcome === "unknown") {
    // Nothing is known, so nothing is downgraded (or upgraded); a pending domain past its week
    // stays stopped.
    const retry = now + SCHEDULE.unknownMs;
    return {
      ...domain,
      ...checked,
      nextCheckAt:
        domain.status === "pending" && nextPendingCheck(domain.statusChangedAt, now) === null
          ? null
          : retry,
    };
  }
  if (result.outcome === "verified") {
    return {
      ...checked,
      status: "active",
      statusChangedAt: domain.status === "active" ? domain.statusChangedAt : now,
      nextCheckAt: now + SCHEDULE.activeMs,
      checkFailures: 0,
    };
  }
  const checkFailures = domain.checkFailures + 1;
  switch (domain.status) {
    case "pending":
      return {
        ...domain,
        ...checked,
        checkFailures,
        nextCheckAt: nextPendingCheck(domain.statusChangedAt, now),
      };
    case "active":
      // The grace period runs from here: statusChangedAt is when it turned misconfigured.
      return {
        ...checked,
        status: "misconfigured",
        statusChangedAt: now,
        checkFailures,
        nextCheckAt: now + SCHEDULE.misconfiguredMs,
      };
    case "misconfigured":
      return { ...domain, ...checked, checkFailures, nextCheckAt: now + SCHEDULE.misconfiguredMs };
  }
}

/** A pending domain no longer checked by itself: the page offers "check again". */
export function checksStopped(domain: Pick<Domain, "status" | "nextCheckAt">): boolean {
  return domain.status === "pending" && domain.nextCheckAt === null;
}
