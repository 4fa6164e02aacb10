import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/lib/auth/password";

// Default-cost scrypt takes ~0.3 s per hash: this file computes exactly four (two hashes in
// beforeAll, two verifications). The cheap-parameter cases below cost microseconds each.
const PASSWORD = "correct horse battery staple";
const CHEAP = { N: 16, r: 1, p: 1, keyLength: 32 };
const BASE64 = "[A-Za-z0-9+/]";

describe("password hashing (default parameters)", () => {
  let first = "";
  let second = "";

  beforeAll(async () => {
    [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
  });

  it.each([0, 1])("hash %i has the form scrypt$16384$8$5$salt$key", (index) => {
    const hash = [first, second][index];
    expect(hash).toMatch(new RegExp(`^scrypt\\$16384\\$8\\$5\\$${BASE64}{22}==\\$${BASE64}{43}=$`));
  });

  it.each([
    { label: "the right password", password: PASSWORD, expected: true },
    { label: "a wrong password", password: `${PASSWORD}!`, expected: false },
  ])("verifyPassword with $label -> $expected", async ({ password, expected }) => {
    expect(await verifyPassword(password, first)).toBe(expected);
  });

  it.each([
    { part: "whole hash", pick: (hash: string) => hash },
    { part: "salt", pick: (hash: string) => hash.split("$")[4] },
    { part: "key", pick: (hash: string) => hash.split("$")[5] },
  ])("two hashes of the same password differ ($part)", ({ pick }) => {
    expect(pick(first)).toBeTruthy();
    expect(pick(first)).not.toBe(pick(second));
  });
});

describe("verifyPassword with malformed stored values", () => {
  it.each([
    { label: "empty", stored: "" },
    { label: "plain text", stored: "hunter2" },
    { label: "other scheme", stored: "bcrypt$16384$8$5$AAAAAAAAAAAAAAAAAAAAAA==$AAAA" },
    { label: "missing salt and key", stored: "scrypt$16384$8$5" },
    { label: "missing key", stored: "scrypt$16384$8$5$AAAAAAAAAAAAAAAAAAAAAA==" },
    { label: "empty key", stored: "scrypt$16384$8$5$AAAAAAAAAAAAAAAAAAAAAA==$" },
    { label: "empty N", stored: "scrypt$$8$5$AAAAAAAAAAAAAAAAAAAAAA==$AAAA" },
  ])("$label -> false", async ({ stored }) => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(false);
  });
});

describe("password hashing (cheap parameters, stored with the hash)", () => {
  it.each([
    { label: "same password", password: "p\u00e4ssword", expected: true },
    { label: "same password, decomposed (NFKC)", password: "pa\u0308ssword", expected: true },
    { label: "different password", password: "passw\u00f6rd", expected: false },
  ])("$label -> $expected", async ({ password, expected }) => {
    const stored = await hashPassword("p\u00e4ssword", CHEAP);
    expect(stored.startsWith("scrypt$16$1$1$")).toBe(true);
    expect(await verifyPassword(password, stored)).toBe(expected);
  });
});
