import { describe, expect, it } from "vitest";
import {
  canonicalHost,
  isIpLiteral,
  isLocalHostname,
  isUnderSystemDomain,
} from "../../app/lib/tenancy/host";

/** Seeded PRNG (mulberry32): the same sequence on every run, so a failure is reproducible. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const LABEL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789--üéßÜÉ";

function randomHosts(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const pick = (chars: string) => chars[Math.floor(random() * chars.length)] ?? "";
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const hosts: string[] = [];
  for (let i = 0; i < count; i++) {
    const labels: string[] = [];
    const labelCount = int(1, 4);
    for (let l = 0; l < labelCount; l++) {
      let label = "";
      const length = int(1, 10);
      for (let c = 0; c < length; c++) label += pick(LABEL_CHARS);
      labels.push(label);
    }
    let host = labels.join(random() < 0.05 ? ".." : ".");
    if (random() < 0.2) host += ".";
    if (random() < 0.25) host += `:${int(1, 65535)}`;
    hosts.push(host);
  }
  return hosts;
}

const LABEL_63 = "a".repeat(63);

describe("canonicalHost", () => {
  it.each([
    { label: "upper case", raw: "Help.Acme.LOCALHOST", expected: "help.acme.localhost" },
    { label: "trailing dot", raw: "help.acme.localhost.", expected: "help.acme.localhost" },
    { label: "port", raw: "Help.Acme.Localhost:8787", expected: "help.acme.localhost" },
    { label: "trailing dot and port", raw: "Example.COM.:443", expected: "example.com" },
    { label: "surrounding whitespace", raw: "  example.com  ", expected: "example.com" },
    { label: "IDN (buecher)", raw: "b\u00fccher.example", expected: "xn--bcher-kva.example" },
    {
      label: "IDN upper case (BUECHER)",
      raw: "B\u00dcCHER.example",
      expected: "xn--bcher-kva.example",
    },
    { label: "IDN sharp s", raw: "stra\u00dfe.de", expected: "xn--strae-oqa.de" },
    { label: "IPv6 with port", raw: "[::1]:8787", expected: "[::1]" },
    { label: "IPv6", raw: "[::1]", expected: "[::1]" },
    { label: "IPv4", raw: "127.0.0.1", expected: "127.0.0.1" },
    { label: "IPv4 with port", raw: "127.0.0.1:8787", expected: "127.0.0.1" },
    { label: "IPv4 in hex shorthand", raw: "0x7f.1", expected: "127.0.0.1" },
    { label: "63-character label", raw: `${LABEL_63}.example`, expected: `${LABEL_63}.example` },
    {
      label: "253-character name",
      raw: `${LABEL_63}.${LABEL_63}.${LABEL_63}.${"a".repeat(61)}`,
      expected: `${LABEL_63}.${LABEL_63}.${LABEL_63}.${"a".repeat(61)}`,
    },
  ])("$label: $raw -> $expected", ({ raw, expected }) => {
    expect(canonicalHost(raw)).toBe(expected);
  });

  it.each([
    { label: "empty string", raw: "" },
    { label: "whitespace only", raw: "   \t " },
    { label: "null", raw: null },
    { label: "undefined", raw: undefined },
    { label: "inner space", raw: "a b" },
    { label: "inner space in name", raw: "exa mple.com" },
    { label: "slash", raw: "foo/bar" },
    { label: "backslash", raw: "foo\\bar" },
    { label: "userinfo", raw: "user@host" },
    { label: "query", raw: "host?x" },
    { label: "fragment", raw: "host#x" },
    { label: "only dots", raw: ".." },
    { label: "empty label", raw: "a..b" },
    { label: "leading dot", raw: ".example.com" },
    { label: "64-character label", raw: `${"a".repeat(64)}.example` },
    { label: "255-character name", raw: [LABEL_63, LABEL_63, LABEL_63, LABEL_63].join(".") },
    { label: "over 300 characters raw", raw: `${"a.".repeat(160)}com` },
    { label: "bad port", raw: "example.com:99999" },
    { label: "numeric last label", raw: "example.123" },
  ])("$label -> null", ({ raw }) => {
    expect(canonicalHost(raw)).toBeNull();
  });

  const samples = randomHosts(200, 0x5eed);

  it("is idempotent on 200 seeded random host-ish strings", () => {
    const violations: { raw: string; once: string; twice: string | null }[] = [];
    for (const raw of samples) {
      const once = canonicalHost(raw);
      if (once === null) continue;
      const twice = canonicalHost(once);
      if (twice !== once) violations.push({ raw, once, twice });
    }
    expect(violations).toEqual([]);
  });

  it("accepts enough of the random samples for the idempotence check to mean something", () => {
    const accepted = samples.map(canonicalHost).filter((host) => host !== null);
    expect(accepted.length).toBeGreaterThanOrEqual(50);
    // Every accepted result is in canonical form: lower-case ASCII, no port, no trailing dot.
    for (const host of accepted) {
      expect(host).toMatch(/^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/);
    }
  });
});

describe("isIpLiteral", () => {
  it.each([
    { host: "[::1]", expected: true },
    { host: "[::ffff:7f00:1]", expected: true },
    { host: "127.0.0.1", expected: true },
    { host: "10.0.0.255", expected: true },
    { host: "example.com", expected: false },
    { host: "1.2.3.4.example", expected: false },
    { host: "localhost", expected: false },
  ])("$host -> $expected", ({ host, expected }) => {
    expect(isIpLiteral(host)).toBe(expected);
  });

  it.each(["[::1]:8787", "127.0.0.1:8787", "0x7f.1"])(
    "canonicalHost(%s) is an IP literal",
    (raw) => {
      const host = canonicalHost(raw);
      expect(host).not.toBeNull();
      expect(isIpLiteral(host ?? "")).toBe(true);
    },
  );
});

describe("isUnderSystemDomain", () => {
  const systemDomains = ["portico-sites.localhost"];

  it.each([
    { host: "acme.portico-sites.localhost", expected: true },
    { host: "portico-sites.localhost", expected: true },
    { host: "a.b.portico-sites.localhost", expected: true },
    { host: "evil-portico-sites.localhost", expected: false },
    { host: "portico-sites.localhost.evil.test", expected: false },
    { host: "xportico-sites.localhost", expected: false },
    { host: "localhost", expected: false },
    { host: "help.acme.localhost", expected: false },
  ])("$host -> $expected", ({ host, expected }) => {
    expect(isUnderSystemDomain(host, systemDomains)).toBe(expected);
  });

  it.each([
    { host: "acme.portico-pages.localhost", expected: true },
    { host: "acme.portico-sites.localhost", expected: true },
    { host: "acme.portico-other.localhost", expected: false },
  ])("with two system domains: $host -> $expected", ({ host, expected }) => {
    expect(isUnderSystemDomain(host, ["portico-sites.localhost", "portico-pages.localhost"])).toBe(
      expected,
    );
  });

  it("is false with no system domains", () => {
    expect(isUnderSystemDomain("acme.portico-sites.localhost", [])).toBe(false);
  });
});

describe("isLocalHostname", () => {
  it.each([
    ["localhost", true],
    ["app.localhost", true],
    ["acme.portico-sites.localhost", true],
    ["app.portico.dev", false],
    ["localhost.portico.dev", false],
    ["applocalhost", false],
    ["notlocalhost", false],
    ["127.0.0.1", false],
    ["localhost.evil.example", false],
  ])("%s -> %s", (host, expected) => {
    expect(isLocalHostname(host)).toBe(expected);
  });
});
