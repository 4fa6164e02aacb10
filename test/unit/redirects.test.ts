import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/lib/auth/redirects";

describe("safeRedirect", () => {
  it.each([
    ["/support/tickets", "/support/tickets"],
    ["/support/tickets?status=all", "/support/tickets?status=all"],
    ["/support/", "/support/"],
    [null, "FALLBACK"],
    ["", "FALLBACK"],
    ["/portal/tickets", "FALLBACK"],
    ["/supportx/tickets", "FALLBACK"],
    ["https://evil.example/support/", "FALLBACK"],
    ["//evil.example/support/", "FALLBACK"],
    ["/support//evil.example", "FALLBACK"],
    ["/\t/evil.example", "FALLBACK"],
    ["/support/\nx", "FALLBACK"],
    ["/support/\u0000", "FALLBACK"],
    ["/support/\\evil", "FALLBACK"],
    [`/support/${"x".repeat(2001)}`, "FALLBACK"],
  ])("%j inside /support/ -> %s", (target, expected) => {
    expect(safeRedirect(target, "/support/", "FALLBACK")).toBe(expected);
  });

  it.each([
    ["/email-log", "/email-log"],
    ["/\t/evil.example", "/"],
    ["//evil.example", "/"],
    ["/%0a", "/%0a"],
  ])("dashboard: %j -> %s", (target, expected) => {
    expect(safeRedirect(target, "/", "/")).toBe(expected);
  });
});
