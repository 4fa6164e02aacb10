import { describe, expect, it } from "vitest";
import { type Env, readConfig } from "../../app/lib/config";
import { safeAccentColor } from "../../app/lib/portals/branding";

describe("safeAccentColor", () => {
  it.each([
    { input: "#AABBCC", expected: "#aabbcc" },
    { input: "#1d4ed8", expected: "#1d4ed8" },
    { input: "#00ff7F", expected: "#00ff7f" },
    { input: "red", expected: "#1d4ed8" },
    { input: "#abc", expected: "#1d4ed8" },
    { input: "#abcdef;}body{", expected: "#1d4ed8" },
    { input: "#abcdef\n", expected: "#1d4ed8" },
    { input: " #abcdef", expected: "#1d4ed8" },
    { input: "#abcdeg", expected: "#1d4ed8" },
    { input: "abcdef", expected: "#1d4ed8" },
    { input: "", expected: "#1d4ed8" },
    { input: null, expected: "#1d4ed8" },
    { input: undefined, expected: "#1d4ed8" },
  ])("$input -> $expected", ({ input, expected }) => {
    expect(safeAccentColor(input)).toBe(expected);
  });
});

type Vars = {
  DASHBOARD_HOST?: string;
  SYSTEM_DOMAINS?: string;
  DEV_MODE?: string;
  TENANT_CACHE_TTL_SECONDS?: string;
  MISCONFIGURED_GRACE_HOURS?: string;
  LOCKOUT_THRESHOLD?: string;
  LOCKOUT_MINUTES?: string;
  SIGN_IN_IP_LIMIT?: string;
  SIGN_IN_IP_WINDOW_SECONDS?: string;
  EMAIL_REQUEST_IP_LIMIT?: string;
  EMAIL_REQUEST_ADDRESS_LIMIT?: string;
  EMAIL_REQUEST_WINDOW_SECONDS?: string;
  TEAM_INVITE_TTL_HOURS?: string;
  DOH_URL?: string;
  CNAME_TARGET?: string;
  TWO_FACTOR_ENCRYPTION_KEY?: string;
  TOTP_WINDOW_STEPS?: string;
  ATTACHMENT_MAX_FILES?: string;
  ATTACHMENT_MAX_FILE_BYTES?: string;
  ATTACHMENT_MAX_MESSAGE_BYTES?: string;
  ATTACHMENT_STORAGE_CAP_BYTES?: string;
};

const BASE: Vars = {
  DASHBOARD_HOST: "app.localhost",
  SYSTEM_DOMAINS: "portico-sites.localhost",
  DEV_MODE: "true",
  TENANT_CACHE_TTL_SECONDS: "30",
  MISCONFIGURED_GRACE_HOURS: "72",
  // 32 bytes of 0x01, base64.
  TWO_FACTOR_ENCRYPTION_KEY: "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
};

function envWith(overrides: Vars): Env {
  return { ...BASE, ...overrides } as unknown as Env;
}

describe("readConfig", () => {
  it("reads a valid environment", () => {
    expect(readConfig(envWith({}))).toEqual({
      dashboardHost: "app.localhost",
      systemDomains: ["portico-sites.localhost"],
      devMode: true,
      tenantCacheTtlMs: 30_000,
      misconfiguredGraceMs: 72 * 3_600_000,
      lockoutThreshold: 10,
      lockoutMs: 30 * 60_000,
      signInIpLimit: 100,
      signInIpWindowMs: 900_000,
      emailRequestIpLimit: 30,
      emailRequestAddressLimit: 5,
      emailRequestWindowMs: 3_600_000,
      teamInviteTtlMs: 7 * 24 * 3_600_000,
      dohUrl: "https://cloudflare-dns.com/dns-query",
      cnameTarget: "customers.portico.dev",
      allowLocalhostDomains: false,
      cloudflare: null,
      twoFactorKey: new Uint8Array(32).fill(1),
      totpWindowSteps: 1,
      attachments: {
        maxFiles: 10,
        maxFileBytes: 10 * 1024 * 1024,
        maxMessageBytes: 25 * 1024 * 1024,
        storageCapBytes: 10 * 1024 * 1024 * 1024,
      },
    });
  });

  it("reads the attachment limits, and refuses a per-file limit it could not hold in memory", () => {
    const config = readConfig(
      envWith({
        ATTACHMENT_MAX_FILES: "5",
        ATTACHMENT_MAX_FILE_BYTES: "1048576",
        ATTACHMENT_MAX_MESSAGE_BYTES: "2097152",
        ATTACHMENT_STORAGE_CAP_BYTES: "1073741824",
      }),
    );
    expect(config.attachments).toEqual({
      maxFiles: 5,
      maxFileBytes: 1_048_576,
      maxMessageBytes: 2_097_152,
      storageCapBytes: 1_073_741_824,
    });
    expect(() =>
      readConfig(envWith({ ATTACHMENT_MAX_FILE_BYTES: String(64 * 1024 * 1024) })),
    ).toThrow(/ATTACHMENT_MAX_FILE_BYTES/);
    expect(() => readConfig(envWith({ ATTACHMENT_MAX_FILES: "ten" }))).toThrow(
      /ATTACHMENT_MAX_FILES/,
    );
  });

  it("reads the two-factor code window", () => {
    expect(readConfig(envWith({ TOTP_WINDOW_STEPS: "2" })).totpWindowSteps).toBe(2);
    expect(() => readConfig(envWith({ TOTP_WINDOW_STEPS: "-1" }))).toThrow(/TOTP_WINDOW_STEPS/);
  });

  it("reads how long a teammate's invitation works", () => {
    expect(readConfig(envWith({ TEAM_INVITE_TTL_HOURS: "48" })).teamInviteTtlMs).toBe(
      48 * 3_600_000,
    );
  });

  it("reads the email request limits", () => {
    const config = readConfig(
      envWith({
        EMAIL_REQUEST_IP_LIMIT: "50",
        EMAIL_REQUEST_ADDRESS_LIMIT: "3",
        EMAIL_REQUEST_WINDOW_SECONDS: "600",
      }),
    );
    expect(config).toMatchObject({
      emailRequestIpLimit: 50,
      emailRequestAddressLimit: 3,
      emailRequestWindowMs: 600_000,
    });
  });

  it("reads the sign-in limits", () => {
    const config = readConfig(
      envWith({
        LOCKOUT_THRESHOLD: "3",
        LOCKOUT_MINUTES: "5",
        SIGN_IN_IP_LIMIT: "20",
        SIGN_IN_IP_WINDOW_SECONDS: "60",
      }),
    );
    expect(config).toMatchObject({
      lockoutThreshold: 3,
      lockoutMs: 300_000,
      signInIpLimit: 20,
      signInIpWindowMs: 60_000,
    });
  });

  it.each([
    { raw: "App.Localhost:8787", expected: "app.localhost" },
    { raw: "app.portico.dev.", expected: "app.portico.dev" },
    { raw: " APP.localhost ", expected: "app.localhost" },
  ])("DASHBOARD_HOST $raw -> $expected", ({ raw, expected }) => {
    expect(readConfig(envWith({ DASHBOARD_HOST: raw })).dashboardHost).toBe(expected);
  });

  it.each([
    { raw: "portico-sites.localhost", expected: ["portico-sites.localhost"] },
    {
      raw: " portico-sites.com , Portico-Pages.COM ",
      expected: ["portico-sites.com", "portico-pages.com"],
    },
    { raw: "a.localhost,,b.localhost,", expected: ["a.localhost", "b.localhost"] },
  ])("SYSTEM_DOMAINS '$raw' -> $expected", ({ raw, expected }) => {
    expect(readConfig(envWith({ SYSTEM_DOMAINS: raw })).systemDomains).toEqual(expected);
  });

  it.each([
    { raw: "true", expected: true },
    { raw: "TRUE", expected: false },
    { raw: "1", expected: false },
    { raw: "yes", expected: false },
    { raw: "false", expected: false },
    { raw: "", expected: false },
    { raw: undefined, expected: false },
  ])("DEV_MODE $raw -> $expected", ({ raw, expected }) => {
    expect(readConfig(envWith({ DEV_MODE: raw })).devMode).toBe(expected);
  });

  it.each([
    { raw: "120", expected: 30_000 },
    { raw: "30", expected: 30_000 },
    { raw: "10", expected: 10_000 },
    { raw: "0.5", expected: 500 },
    { raw: "0", expected: 0 },
    { raw: "", expected: 30_000 },
    { raw: undefined, expected: 30_000 },
  ])("TENANT_CACHE_TTL_SECONDS $raw -> $expected ms", ({ raw, expected }) => {
    expect(readConfig(envWith({ TENANT_CACHE_TTL_SECONDS: raw })).tenantCacheTtlMs).toBe(expected);
  });

  it.each([
    { raw: "72", expected: 72 * 3_600_000 },
    { raw: "1", expected: 3_600_000 },
    { raw: "0", expected: 0 },
    { raw: undefined, expected: 72 * 3_600_000 },
  ])("MISCONFIGURED_GRACE_HOURS $raw -> $expected ms", ({ raw, expected }) => {
    expect(readConfig(envWith({ MISCONFIGURED_GRACE_HOURS: raw })).misconfiguredGraceMs).toBe(
      expected,
    );
  });

  it.each<{ label: string; overrides: Vars; error: RegExp }>([
    {
      label: "missing DASHBOARD_HOST",
      overrides: { DASHBOARD_HOST: undefined },
      error: /DASHBOARD_HOST/,
    },
    { label: "empty DASHBOARD_HOST", overrides: { DASHBOARD_HOST: "" }, error: /DASHBOARD_HOST/ },
    {
      label: "invalid DASHBOARD_HOST",
      overrides: { DASHBOARD_HOST: "app host" },
      error: /DASHBOARD_HOST/,
    },
    { label: "empty SYSTEM_DOMAINS", overrides: { SYSTEM_DOMAINS: "" }, error: /SYSTEM_DOMAINS/ },
    {
      label: "missing SYSTEM_DOMAINS",
      overrides: { SYSTEM_DOMAINS: undefined },
      error: /SYSTEM_DOMAINS/,
    },
    {
      label: "only separators in SYSTEM_DOMAINS",
      overrides: { SYSTEM_DOMAINS: " , ," },
      error: /SYSTEM_DOMAINS/,
    },
    {
      label: "invalid entry in SYSTEM_DOMAINS",
      overrides: { SYSTEM_DOMAINS: "portico-sites.localhost,bad/domain" },
      error: /SYSTEM_DOMAINS/,
    },
    {
      label: "non-numeric TENANT_CACHE_TTL_SECONDS",
      overrides: { TENANT_CACHE_TTL_SECONDS: "abc" },
      error: /TENANT_CACHE_TTL_SECONDS/,
    },
    {
      label: "negative TENANT_CACHE_TTL_SECONDS",
      overrides: { TENANT_CACHE_TTL_SECONDS: "-1" },
      error: /TENANT_CACHE_TTL_SECONDS/,
    },
    {
      label: "non-numeric MISCONFIGURED_GRACE_HOURS",
      overrides: { MISCONFIGURED_GRACE_HOURS: "3 days" },
      error: /MISCONFIGURED_GRACE_HOURS/,
    },
    {
      label: "infinite MISCONFIGURED_GRACE_HOURS",
      overrides: { MISCONFIGURED_GRACE_HOURS: "Infinity" },
      error: /MISCONFIGURED_GRACE_HOURS/,
    },
    {
      label: "DOH_URL dev outside DEV_MODE",
      overrides: { DEV_MODE: "", DOH_URL: "dev" },
      error: /DOH_URL/,
    },
    {
      label: "plain-http DOH_URL outside DEV_MODE",
      overrides: { DEV_MODE: "", DOH_URL: "http://dns.example/q" },
      error: /DOH_URL/,
    },
    {
      label: "invalid CNAME_TARGET",
      overrides: { CNAME_TARGET: "not a host" },
      error: /CNAME_TARGET/,
    },
  ])("throws on $label", ({ overrides, error }) => {
    expect(() => readConfig(envWith(overrides))).toThrow(error);
  });
});
