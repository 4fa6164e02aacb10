import { describe, expect, it } from "vitest";
import { DASHBOARD_SEGMENTS, RESERVED_SLUGS, slugProblem } from "../../app/lib/tenancy/reserved";
import { portalSegment } from "../../app/lib/tenancy/resolve.server";

describe("slugProblem", () => {
  it.each(["support", "portal", "hilfe", "b", "a-b-9", "9", "x".repeat(48)])(
    "%s is a usable slug",
    (slug) => {
      expect(slugProblem(slug)).toBeNull();
    },
  );

  it.each(["assets", "__manifest", "sign-in", "domains", "dev", "favicon.ico", "_root", "api"])(
    "%s is refused",
    (slug) => {
      const problem = slugProblem(slug);
      expect(problem).not.toBeNull();
      expect(["reserved", "format"]).toContain(problem);
    },
  );

  it.each(["assets", "sign-in", "domains", "dev", "api", "admin", "app", "static", "healthz"])(
    "%s is well-formed but reserved",
    (slug) => {
      expect(slugProblem(slug)).toBe("reserved");
    },
  );

  it.each([
    { label: "upper case", slug: "Support" },
    { label: "leading hyphen", slug: "-x" },
    { label: "trailing hyphen", slug: "x-" },
    { label: "underscore", slug: "a_b" },
    { label: "empty", slug: "" },
    { label: "49 characters", slug: "x".repeat(49) },
    { label: "dot", slug: "a.b" },
    { label: "non-ASCII letter", slug: "\u00fc" },
    { label: "space", slug: "a b" },
    { label: "slash", slug: "a/b" },
  ])("$label -> format", ({ slug }) => {
    expect(slugProblem(slug)).toBe("format");
  });

  it.each([...DASHBOARD_SEGMENTS])("dashboard segment %s is a reserved slug", (segment) => {
    expect(RESERVED_SLUGS.has(segment)).toBe(true);
    expect(slugProblem(segment)).toBe("reserved");
  });
});

describe("portalSegment", () => {
  it.each([
    { pathname: "/support", expected: "support" },
    { pathname: "/support/", expected: "support" },
    { pathname: "/support/tickets/3", expected: "support" },
    { pathname: "/support.data", expected: "support" },
    { pathname: "/support/tickets.data", expected: "support" },
    { pathname: "/_root.data", expected: "_root" },
    { pathname: "/", expected: "" },
    { pathname: "", expected: "" },
    { pathname: "/%68ilfe", expected: "hilfe" },
    { pathname: "/%E0%A4%A", expected: "" },
  ])("$pathname -> '$expected'", ({ pathname, expected }) => {
    expect(portalSegment(pathname)).toBe(expected);
  });
});
