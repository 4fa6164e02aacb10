// What Cloudflare's answer does to a DNS check, as a table: becoming active needs Cloudflare to
// serve the hostname with its certificate; an active domain is never taken down by Cloudflare
// alone; "could not ask" changes nothing.
import { describe, expect, it } from "vitest";
import { type Env, readConfig } from "../../app/lib/config";
import { type CheckResult, withCloudflare } from "../../app/lib/domains/check";
import { parseHostname } from "../../app/lib/domains/cloudflare.server";
import { afterCheck } from "../../app/lib/domains/lifecycle";
import type { DomainStatus } from "../../db/schema";

const VERIFIED: CheckResult = { outcome: "verified", findings: [] };
const FAILED: CheckResult = {
  outcome: "failed",
  findings: [{ code: "txt.missing", name: "_portico-verify.help.example.com" }],
};
const ACTIVE = {
  kind: "found",
  id: "h1",
  status: "active",
  sslStatus: "active",
  verificationErrors: [],
} as const;
const VALIDATING = {
  kind: "found",
  id: "h1",
  status: "pending",
  sslStatus: "pending_validation",
  verificationErrors: ["custom hostname does not CNAME to this zone."],
} as const;
const CERT_PENDING = { ...ACTIVE, sslStatus: "pending_deployment" } as const;
const MISSING = { kind: "missing" } as const;
const UNKNOWN = { kind: "unknown", reason: "HTTP 500" } as const;

const pendingFinding = {
  code: "cloudflare.pending",
  status: "pending",
  ssl: "pending_validation",
  errors: "custom hostname does not CNAME to this zone.",
};
const unknownFinding = { code: "cloudflare.unknown", reason: "HTTP 500" };

const NOW = 1_800_000_000_000;

/** status, DNS, Cloudflare → the check's outcome, and the status after it. */
const CASES: [
  DomainStatus,
  CheckResult,
  Parameters<typeof withCloudflare>[2],
  string,
  DomainStatus,
][] = [
  ["pending", VERIFIED, ACTIVE, "verified", "active"],
  ["pending", VERIFIED, VALIDATING, "failed", "pending"],
  ["pending", VERIFIED, MISSING, "failed", "pending"],
  ["pending", VERIFIED, UNKNOWN, "unknown", "pending"],
  ["pending", FAILED, ACTIVE, "failed", "pending"],
  ["misconfigured", VERIFIED, ACTIVE, "verified", "active"],
  ["misconfigured", VERIFIED, CERT_PENDING, "failed", "misconfigured"],
  ["misconfigured", VERIFIED, UNKNOWN, "unknown", "misconfigured"],
  ["active", VERIFIED, ACTIVE, "verified", "active"],
  // A certificate being renewed, or Cloudflare down: the records still decide.
  ["active", VERIFIED, CERT_PENDING, "verified", "active"],
  ["active", VERIFIED, UNKNOWN, "verified", "active"],
  ["active", FAILED, ACTIVE, "failed", "misconfigured"],
];

const label = (value: unknown) =>
  value === VERIFIED
    ? "right"
    : value === FAILED
      ? "wrong"
      : value === ACTIVE
        ? "active"
        : value === VALIDATING
          ? "validating"
          : value === CERT_PENDING
            ? "certificate pending"
            : value === MISSING
              ? "missing"
              : "could not ask";
const NAMED = CASES.map(
  ([status, dns, state, outcome, after]) =>
    [
      `${status}, DNS ${label(dns)}, Cloudflare ${label(state)} -> ${outcome}, then ${after}`,
      { status, dns, state, outcome, after },
    ] as const,
);

describe("withCloudflare", () => {
  it.each(NAMED)("%s", (_, { status, dns, state, outcome, after }) => {
    const result = withCloudflare(status, dns, state);
    expect(result.outcome).toBe(outcome);
    const domain = {
      status,
      statusChangedAt: NOW - 1000,
      lastCheckedAt: null,
      nextCheckAt: NOW,
      checkFailures: 0,
      lastCheckError: null,
    };
    expect(afterCheck(domain, result, NOW).status).toBe(after);
  });

  it("says what Cloudflare said, and that it could not be asked", () => {
    expect(withCloudflare("pending", VERIFIED, VALIDATING).findings).toEqual([pendingFinding]);
    expect(withCloudflare("active", VERIFIED, UNKNOWN).findings).toEqual([unknownFinding]);
    expect(withCloudflare("pending", VERIFIED, MISSING).findings).toEqual([
      { code: "cloudflare.pending", status: "missing", ssl: "none", errors: "" },
    ]);
    expect(withCloudflare("pending", VERIFIED, ACTIVE).findings).toEqual([]);
    // Not asked when the records are wrong: what DNS found is the whole story.
    expect(withCloudflare("pending", FAILED, VALIDATING)).toEqual(FAILED);
  });
});

describe("parseHostname", () => {
  it("reads the fields Portico uses from a custom hostname object", () => {
    expect(
      parseHostname({
        id: "0d89c70d-ad9f-4843-b99f-6cc0252067e9",
        hostname: "app.example.com",
        status: "pending",
        ssl: { id: "s1", status: "pending_validation", method: "http", type: "dv" },
        verification_errors: ["None of the A or AAAA records are owned by this account."],
        ownership_verification: { type: "txt", name: "_cf-custom-hostname.app.example.com" },
      }),
    ).toEqual({
      kind: "found",
      id: "0d89c70d-ad9f-4843-b99f-6cc0252067e9",
      status: "pending",
      sslStatus: "pending_validation",
      verificationErrors: ["None of the A or AAAA records are owned by this account."],
    });
  });

  it.each([
    ["no ssl yet", { id: "a", status: "pending" }, { sslStatus: null, verificationErrors: [] }],
    [
      "errors that are not strings are dropped",
      { id: "a", status: "pending", ssl: null, verification_errors: ["x", 1, null] },
      { sslStatus: null, verificationErrors: ["x"] },
    ],
  ])("%s", (_, wire, expected) => {
    expect(parseHostname(wire)).toMatchObject(expected);
  });

  it.each([null, "x", [], { status: "active" }, { id: 1, status: "active" }])(
    "%o is not a custom hostname",
    (wire) => {
      expect(parseHostname(wire)).toBeNull();
    },
  );
});

describe("the Cloudflare settings", () => {
  const env = (vars: Record<string, string>) =>
    ({
      DASHBOARD_HOST: "app.localhost",
      SYSTEM_DOMAINS: "portico-sites.localhost",
      TWO_FACTOR_ENCRYPTION_KEY: "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
      ...vars,
    }) as unknown as Env;

  it("are off without a token and zone, and on with both, Cloudflare's API by default", () => {
    expect(readConfig(env({})).cloudflare).toBeNull();
    expect(
      readConfig(env({ CLOUDFLARE_API_TOKEN: " token ", CLOUDFLARE_ZONE_ID: "zone" })).cloudflare,
    ).toEqual({
      apiToken: "token",
      zoneId: "zone",
      apiUrl: "https://api.cloudflare.com/client/v4",
    });
    expect(
      readConfig(
        env({
          CLOUDFLARE_API_TOKEN: "t",
          CLOUDFLARE_ZONE_ID: "z",
          CLOUDFLARE_API_URL: "http://127.0.0.1:9999/client/v4",
        }),
      ).cloudflare?.apiUrl,
    ).toBe("http://127.0.0.1:9999/client/v4");
  });

  it.each([
    [{ CLOUDFLARE_API_TOKEN: "t" }, /set both or neither/],
    [{ CLOUDFLARE_ZONE_ID: "z" }, /set both or neither/],
    [
      { CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_ZONE_ID: "z", CLOUDFLARE_API_URL: "nope" },
      /not a URL/,
    ],
  ])("%o is a configuration error", (vars, message) => {
    expect(() => readConfig(env(vars))).toThrow(message);
  });
});
