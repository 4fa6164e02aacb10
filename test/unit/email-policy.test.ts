// The email rule as one table: every kind × the portal's access mode × its domain's kind and
// whether that domain serves. Membership emails to access-group members go out only on a serving
// custom domain; everything else goes out everywhere.
import { describe, expect, it } from "vitest";
import { EMAIL_KINDS, type EmailKind } from "../../app/lib/email/messages";
import {
  type Delivery,
  isAccessGroupMembershipEmail,
  mayDeliver,
  type PolicyDomain,
} from "../../app/lib/email/policy";
import { ACCESS_MODES, type AccessMode } from "../../db/schema";

const NOW = 1_800_000_000_000;
const GRACE = 72 * 3_600_000;

const domain = (
  kind: PolicyDomain["kind"],
  status: PolicyDomain["status"],
  statusChangedAt = NOW - 1_000,
): PolicyDomain => ({ kind, status, statusChangedAt });

/** Each domain, and what a membership email to an access-group member gets on it. */
const DOMAINS: [string, PolicyDomain | null, Delivery][] = [
  ["custom, active (serves)", domain("custom", "active"), { send: true }],
  [
    "custom, misconfigured inside its grace period (serves)",
    domain("custom", "misconfigured", NOW - GRACE + 60_000),
    { send: true },
  ],
  [
    "custom, misconfigured past its grace period",
    domain("custom", "misconfigured", NOW - GRACE - 60_000),
    { send: false, reason: "skipped: domain not serving" },
  ],
  [
    "custom, misconfigured exactly at the end of its grace period",
    domain("custom", "misconfigured", NOW - GRACE),
    { send: false, reason: "skipped: domain not serving" },
  ],
  [
    "custom, pending",
    domain("custom", "pending"),
    { send: false, reason: "skipped: domain pending" },
  ],
  [
    "custom, removed",
    domain("custom", "removed"),
    { send: false, reason: "skipped: domain removed" },
  ],
  // A system domain never sends them, whatever its status says, serving or not.
  [
    "system, active (serves)",
    domain("system", "active"),
    { send: false, reason: "skipped: system domain" },
  ],
  [
    "system, pending",
    domain("system", "pending"),
    { send: false, reason: "skipped: system domain" },
  ],
  [
    "system, misconfigured",
    domain("system", "misconfigured"),
    { send: false, reason: "skipped: system domain" },
  ],
  [
    "system, removed",
    domain("system", "removed"),
    { send: false, reason: "skipped: system domain" },
  ],
];

/** The membership emails to access-group members, written out rather than derived. */
const MEMBERSHIP: [EmailKind, AccessMode][] = [
  ["access_group_invite", "anyone_with_ticket"],
  ["access_group_invite", "access_groups"],
  ["registration", "access_groups"],
];
const isMembership = (kind: EmailKind, mode: AccessMode) =>
  MEMBERSHIP.some(([k, m]) => k === kind && m === mode);

const CASES = EMAIL_KINDS.flatMap((kind) =>
  ACCESS_MODES.flatMap((mode) =>
    DOMAINS.map(([label, d, membership]) => ({
      kind,
      mode,
      label,
      domain: d,
      expected: isMembership(kind, mode) ? membership : ({ send: true } as Delivery),
    })),
  ),
);

describe("mayDeliver: kinds x access mode x domain kind x serving", () => {
  it.each(CASES)("$kind on a $mode portal, $label", ({ kind, mode, domain: d, expected }) => {
    const portal = d ? { accessMode: mode, domain: d } : null;
    expect(mayDeliver(kind, portal, NOW, GRACE)).toEqual(expected);
  });

  it("the table covers every kind and access mode", () => {
    expect(CASES).toHaveLength(EMAIL_KINDS.length * ACCESS_MODES.length * DOMAINS.length);
  });
});

describe("the cases the issue names", () => {
  const systemDomain = domain("system", "active");
  const groups = { accessMode: "access_groups" as const, domain: systemDomain };

  it("a registration link to an access-group member on a system domain is skipped", () => {
    expect(mayDeliver("registration", groups, NOW, GRACE)).toEqual({
      send: false,
      reason: "skipped: system domain",
    });
  });

  it("a password reset for a member who registered still goes out there", () => {
    expect(mayDeliver("password_reset", groups, NOW, GRACE)).toEqual({ send: true });
  });

  it("ticket notifications still go out there", () => {
    expect(mayDeliver("ticket_received", groups, NOW, GRACE)).toEqual({ send: true });
    expect(mayDeliver("agent_replied", groups, NOW, GRACE)).toEqual({ send: true });
  });

  it("the team's ticket emails go out on every domain, and for tickets from no portal", () => {
    for (const kind of ["new_ticket", "customer_replied"] as const) {
      expect(mayDeliver(kind, groups, NOW, GRACE)).toEqual({ send: true });
      expect(mayDeliver(kind, null, NOW, GRACE)).toEqual({ send: true });
    }
  });

  it("registration on an 'anyone with a ticket' portal goes out on a system domain", () => {
    expect(
      mayDeliver(
        "registration",
        { accessMode: "anyone_with_ticket", domain: systemDomain },
        NOW,
        GRACE,
      ),
    ).toEqual({ send: true });
  });

  it("an email about no portal (the dashboard's) is never a membership email", () => {
    for (const kind of [
      "dashboard_invite",
      "dashboard_password_reset",
      "dashboard_email_verification",
      // A platform email to the account's own admins: always delivered.
      "domain_misconfigured",
    ] as const) {
      expect(mayDeliver(kind, null, NOW, GRACE)).toEqual({ send: true });
    }
    expect(mayDeliver("access_group_invite", null, NOW, GRACE)).toEqual({
      send: false,
      reason: "skipped: no portal domain",
    });
  });

  it("names exactly the membership emails", () => {
    const named = EMAIL_KINDS.flatMap((kind) =>
      ACCESS_MODES.filter((mode) => isAccessGroupMembershipEmail(kind, mode)).map(
        (mode) => [kind, mode] as const,
      ),
    );
    expect(named).toEqual(MEMBERSHIP);
  });
});
