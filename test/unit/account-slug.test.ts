import { describe, expect, it } from "vitest";
import { accountSlugBase, accountSlugProblem, nextFreeSlug } from "../../app/lib/accounts/slug";
import { uniqueViolation } from "../../app/lib/db/errors";

describe("accountSlugBase", () => {
  it.each([
    ["Acme", "acme"],
    ["Acme Support B.V.", "acme-support-b-v"],
    ["Café Zürich & Co", "cafe-zurich-co"],
    ["  --Ørsted--  ", "rsted"],
    ["株式会社", "account"],
    ["", "account"],
    ["ABC123", "abc123"],
    ["a".repeat(60), "a".repeat(40)],
    [`${"a".repeat(39)} b`, "a".repeat(39)],
  ])("name %# gives its slug", (name, slug) => {
    expect(accountSlugBase(name)).toBe(slug);
    expect(accountSlugProblem(slug)).not.toBe("format");
  });
});

describe("nextFreeSlug", () => {
  it.each([
    ["acme", [], "acme"],
    ["acme", ["acme"], "acme-2"],
    ["acme", ["acme", "acme-2", "acme-3"], "acme-4"],
    ["acme", ["acme", "acme-3"], "acme-2"],
    ["www", [], "www-2"],
    ["app", ["app-2"], "app-3"],
    ["a".repeat(40), ["a".repeat(40)], `${"a".repeat(40)}-2`],
  ])("%s with %j taken gives %s", (base, taken, slug) => {
    expect(nextFreeSlug(base, new Set(taken))).toBe(slug);
  });
});

describe("uniqueViolation", () => {
  it.each([
    [
      new Error("D1_ERROR: UNIQUE constraint failed: accounts.slug: SQLITE_CONSTRAINT"),
      ["accounts.slug"],
    ],
    [
      new Error("Failed query", {
        cause: new Error("UNIQUE constraint failed: portals.domain_id, portals.slug"),
      }),
      ["portals.domain_id", "portals.slug"],
    ],
    [new Error("FOREIGN KEY constraint failed"), []],
    ["not an error", []],
    [null, []],
  ])("%s gives %j", (error, columns) => {
    expect(uniqueViolation(error)).toEqual(columns);
  });
});
