// The write rule for custom domains and the lifecycle, each one table.
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../app/lib/domains/check";
import { afterCheck, type DomainState, SCHEDULE } from "../../app/lib/domains/lifecycle";
import { domainProblem, isSystemHostname, newVerificationToken } from "../../app/lib/domains/rules";
import { domainServes } from "../../app/lib/tenancy/serving";

const CONFIG = {
  dashboardHost: "app.portico.dev",
  systemDomains: ["portico-sites.com", "portico-pages.com"],
  allowLocalhostDomains: false,
};
const LOCAL = { ...CONFIG, allowLocalhostDomains: true };

describe("domainProblem", () => {
  it.each([
    { raw: "help.acme.com", config: CONFIG, expected: { hostname: "help.acme.com" } },
    { raw: "  HELP.Acme.COM. ", config: CONFIG, expected: { hostname: "help.acme.com" } },
    { raw: "help.acme.com:8443", config: CONFIG, expected: { hostname: "help.acme.com" } },
    { raw: "acme.com", config: CONFIG, expected: { hostname: "acme.com" } },
    { raw: "hilfe.bücher.de", config: CONFIG, expected: { hostname: "hilfe.xn--bcher-kva.de" } },
    { raw: "", config: CONFIG, expected: { problem: "domains.error.invalid" } },
    {
      raw: "https://help.acme.com/",
      config: CONFIG,
      expected: { problem: "domains.error.invalid" },
    },
    { raw: "help acme.com", config: CONFIG, expected: { problem: "domains.error.invalid" } },
    { raw: "a..b.com", config: CONFIG, expected: { problem: "domains.error.invalid" } },
    { raw: "-help.acme.com", config: CONFIG, expected: { problem: "domains.error.invalid" } },
    { raw: "_dmarc.acme.com", config: CONFIG, expected: { problem: "domains.error.invalid" } },
    { raw: "help.acme.123", config: CONFIG, expected: { problem: "domains.error.invalid" } },
    { raw: "intranet", config: CONFIG, expected: { problem: "domains.error.singleLabel" } },
    { raw: "127.0.0.1", config: CONFIG, expected: { problem: "domains.error.ipLiteral" } },
    { raw: "[::1]", config: CONFIG, expected: { problem: "domains.error.ipLiteral" } },
    { raw: "[2001:db8::1]:443", config: CONFIG, expected: { problem: "domains.error.ipLiteral" } },
    {
      raw: "app.portico.dev",
      config: CONFIG,
      expected: { problem: "domains.error.dashboardHost" },
    },
    {
      raw: "APP.portico.dev.",
      config: CONFIG,
      expected: { problem: "domains.error.dashboardHost" },
    },
    {
      raw: "x.app.portico.dev",
      config: CONFIG,
      expected: { problem: "domains.error.dashboardHost" },
    },
    {
      raw: "portico-sites.com",
      config: CONFIG,
      expected: { problem: "domains.error.systemDomain" },
    },
    {
      raw: "acme.portico-sites.com",
      config: CONFIG,
      expected: { problem: "domains.error.systemDomain" },
    },
    {
      raw: "a.b.portico-pages.com",
      config: CONFIG,
      expected: { problem: "domains.error.systemDomain" },
    },
    // Label boundaries: a look-alike parent is somebody else's domain.
    {
      raw: "evilportico-sites.com",
      config: CONFIG,
      expected: { hostname: "evilportico-sites.com" },
    },
    { raw: "localhost", config: CONFIG, expected: { problem: "domains.error.localhost" } },
    {
      raw: "help.newco.localhost",
      config: CONFIG,
      expected: { problem: "domains.error.localhost" },
    },
    { raw: "help.newco.localhost", config: LOCAL, expected: { hostname: "help.newco.localhost" } },
    { raw: "localhost", config: LOCAL, expected: { problem: "domains.error.localhost" } },
    { raw: "app.portico.dev", config: LOCAL, expected: { problem: "domains.error.dashboardHost" } },
  ])("$raw (localhost allowed: $config.allowLocalhostDomains)", ({ raw, config, expected }) => {
    expect(domainProblem(raw, config)).toEqual(expected);
  });

  it("with the local configuration, the dashboard and system hosts stay refused", () => {
    const local = {
      dashboardHost: "app.localhost",
      systemDomains: ["portico-sites.localhost"],
      allowLocalhostDomains: true,
    };
    expect(domainProblem("app.localhost", local)).toEqual({
      problem: "domains.error.dashboardHost",
    });
    expect(domainProblem("x.portico-sites.localhost", local)).toEqual({
      problem: "domains.error.systemDomain",
    });
  });
});

describe("isSystemHostname", () => {
  it.each([
    { hostname: "acme.portico-sites.com", kind: "custom", expected: true },
    { hostname: "acme.portico-sites.com", kind: "system", expected: true },
    { hostname: "help.acme.com", kind: "system", expected: true },
    { hostname: "help.acme.com", kind: "custom", expected: false },
  ])("$hostname ($kind) -> $expected", ({ hostname, kind, expected }) => {
    expect(isSystemHostname({ hostname, kind }, CONFIG.systemDomains)).toBe(expected);
  });
});

it("every claim gets a fresh token", () => {
  const tokens = new Set(Array.from({ length: 50 }, () => newVerificationToken()));
  expect(tokens.size).toBe(50);
});

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GRACE = 72 * HOUR;

const VERIFIED: CheckResult = { outcome: "verified", findings: [] };
const FAILED: CheckResult = {
  outcome: "failed",
  findings: [{ code: "txt.missing", name: "_portico-verify.help.acme.com" }],
};
const UNKNOWN: CheckResult = {
  outcome: "unknown",
  findings: [{ code: "dns.unknown", reason: "SERVFAIL" }],
};

function state(overrides: Partial<DomainState>): DomainState {
  return {
    status: "pending",
    statusChangedAt: T0,
    lastCheckedAt: null,
    nextCheckAt: T0,
    checkFailures: 0,
    lastCheckError: null,
    ...overrides,
  };
}

describe("afterCheck", () => {
  it.each([
    {
      label: "pending, verified -> active, checked daily",
      from: state({}),
      result: VERIFIED,
      now: T0 + 10 * MINUTE,
      expected: {
        status: "active",
        statusChangedAt: T0 + 10 * MINUTE,
        nextCheckAt: T0 + 10 * MINUTE + DAY,
        checkFailures: 0,
        lastCheckError: null,
      },
    },
    {
      label: "pending, failed in the first hour -> pending, again in 5 minutes",
      from: state({}),
      result: FAILED,
      now: T0 + 10 * MINUTE,
      expected: {
        status: "pending",
        statusChangedAt: T0,
        nextCheckAt: T0 + 15 * MINUTE,
        checkFailures: 1,
      },
    },
    {
      label: "pending, failed after the first hour -> again in 4 hours",
      from: state({ checkFailures: 12 }),
      result: FAILED,
      now: T0 + 2 * HOUR,
      expected: { status: "pending", nextCheckAt: T0 + 6 * HOUR, checkFailures: 13 },
    },
    {
      label: "pending, failed near the end of the week -> no next check",
      from: state({}),
      result: FAILED,
      now: T0 + 7 * DAY - HOUR,
      expected: { status: "pending", nextCheckAt: null },
    },
    {
      label: "pending, could not ask -> pending, unchanged failures, retry soon",
      from: state({ checkFailures: 2 }),
      result: UNKNOWN,
      now: T0 + HOUR,
      expected: {
        status: "pending",
        checkFailures: 2,
        nextCheckAt: T0 + HOUR + SCHEDULE.unknownMs,
      },
    },
    {
      label: "active, verified -> active, its status time kept",
      from: state({ status: "active", statusChangedAt: T0 - DAY }),
      result: VERIFIED,
      now: T0,
      expected: { status: "active", statusChangedAt: T0 - DAY, nextCheckAt: T0 + DAY },
    },
    {
      label: "active, failed -> misconfigured from now",
      from: state({ status: "active", statusChangedAt: T0 - DAY }),
      result: FAILED,
      now: T0,
      expected: {
        status: "misconfigured",
        statusChangedAt: T0,
        nextCheckAt: T0 + HOUR,
        checkFailures: 1,
      },
    },
    {
      label: "active, could not ask -> still active",
      from: state({ status: "active", statusChangedAt: T0 - DAY }),
      result: UNKNOWN,
      now: T0,
      expected: { status: "active", statusChangedAt: T0 - DAY, checkFailures: 0 },
    },
    {
      label: "misconfigured, failed again -> the grace period keeps its start",
      from: state({ status: "misconfigured", statusChangedAt: T0, checkFailures: 1 }),
      result: FAILED,
      now: T0 + 5 * HOUR,
      expected: { status: "misconfigured", statusChangedAt: T0, checkFailures: 2 },
    },
    {
      label: "misconfigured, could not ask -> still misconfigured",
      from: state({ status: "misconfigured", statusChangedAt: T0 }),
      result: UNKNOWN,
      now: T0 + HOUR,
      expected: { status: "misconfigured", statusChangedAt: T0 },
    },
    {
      label: "misconfigured, verified -> active again",
      from: state({ status: "misconfigured", statusChangedAt: T0, checkFailures: 3 }),
      result: VERIFIED,
      now: T0 + 2 * HOUR,
      expected: { status: "active", statusChangedAt: T0 + 2 * HOUR, checkFailures: 0 },
    },
    {
      label: "removed, verified -> still removed",
      from: state({ status: "removed", statusChangedAt: T0, nextCheckAt: null }),
      result: VERIFIED,
      now: T0 + HOUR,
      expected: { status: "removed", statusChangedAt: T0, nextCheckAt: null, lastCheckedAt: null },
    },
  ])("$label", ({ from, result, now, expected }) => {
    const next = afterCheck(from, result, now);
    expect(next).toMatchObject(expected);
    if (from.status !== "removed") expect(next.lastCheckedAt).toBe(now);
  });

  it("keeps the findings of a failed check and clears them when it passes", () => {
    const failed = afterCheck(state({}), FAILED, T0 + MINUTE);
    expect(JSON.parse(failed.lastCheckError ?? "null")).toEqual(FAILED.findings);
    expect(afterCheck(failed, VERIFIED, T0 + 2 * MINUTE).lastCheckError).toBeNull();
  });

  it("active -> misconfigured serves through the grace period, then stops; verified serves again", () => {
    const active = afterCheck(state({}), VERIFIED, T0);
    expect(domainServes(active, T0, GRACE)).toBe(true);
    const broken = afterCheck(active, FAILED, T0 + DAY);
    expect(broken.status).toBe("misconfigured");
    expect(domainServes(broken, T0 + DAY + GRACE - 1, GRACE)).toBe(true);
    const outage = afterCheck(broken, UNKNOWN, T0 + DAY + GRACE - 1);
    expect(domainServes(outage, T0 + DAY + GRACE, GRACE)).toBe(false);
    const fixed = afterCheck(outage, VERIFIED, T0 + DAY + GRACE + HOUR);
    expect(domainServes(fixed, T0 + DAY + GRACE + HOUR, GRACE)).toBe(true);
  });
});
