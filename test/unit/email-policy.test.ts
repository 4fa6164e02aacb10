import { describe, expect, it } from "vitest";
import { EMAIL_KINDS, type EmailKind } from "../../app/lib/email/messages";
import { mayDeliver, type PolicyDomain } from "../../app/lib/email/policy";

const NOW = 1_800_000_000_000;
const GRACE = 72 * 3_600_000;

const domain = (
  kind: PolicyDomain["kind"],
  status: PolicyDomain["status"],
  statusChangedAt = NOW - 1_000,
): PolicyDomain => ({ kind, status, statusChangedAt });

describe("mayDeliver: access-group invites", () => {
  it.each<[string, PolicyDomain | null, ReturnType<typeof mayDeliver>]>([
    ["custom, active", domain("custom", "active"), { send: true }],
    [
      "custom, misconfigured inside its grace period",
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
    [
      "system, active",
      domain("system", "active"),
      { send: false, reason: "skipped: system domain" },
    ],
    // A system domain never sends access-group email, whatever its status says.
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
    ["no domain", null, { send: false, reason: "skipped: no portal domain" }],
  ])("%s", (_, input, expected) => {
    expect(mayDeliver("access_group_invite", input, NOW, GRACE)).toEqual(expected);
  });
});

describe("mayDeliver: every other kind goes out on every domain", () => {
  const OTHER_KINDS = EMAIL_KINDS.filter((kind) => kind !== "access_group_invite");
  const DOMAINS: [string, PolicyDomain | null][] = [
    ["system, active", domain("system", "active")],
    ["custom, active", domain("custom", "active")],
    ["custom, pending", domain("custom", "pending")],
    ["custom, removed", domain("custom", "removed")],
    ["custom, misconfigured past grace", domain("custom", "misconfigured", NOW - GRACE - 1)],
    ["no domain", null],
  ];

  it("covers every kind but the invite", () => {
    expect(OTHER_KINDS).toHaveLength(EMAIL_KINDS.length - 1);
  });

  it.each(OTHER_KINDS.flatMap((kind) => DOMAINS.map(([label, d]) => [kind, label, d] as const)))(
    "%s on %s",
    (kind: EmailKind, _label, d) => {
      expect(mayDeliver(kind, d, NOW, GRACE)).toEqual({ send: true });
    },
  );
});
