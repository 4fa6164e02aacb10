// Portal and dashboard routes share one route tree: every top-level segment of a route file that is
// not a portal's ($slug) must be a reserved slug, or a portal could shadow a dashboard page.
import { describe, expect, it } from "vitest";
import { RESERVED_SLUGS } from "../../app/lib/tenancy/reserved";

const routeFiles = Object.keys(import.meta.glob("../../app/routes/*.{ts,tsx}"));

/** `../../app/routes/reset-password.$token.tsx` → `reset-password`; `_index` and `$slug…` → null. */
function topSegment(file: string): string | null {
  const name = file.replace(/^.*\/routes\//, "").replace(/\.tsx?$/, "");
  const first = name.split(/[._]/)[0] ?? "";
  if (first === "" || first.startsWith("$")) return null;
  return first;
}

describe("reserved slugs follow the route files", () => {
  const segments = [...new Set(routeFiles.map(topSegment).filter((s) => s !== null))];

  it("finds the dashboard's route files", () => {
    expect(segments).toEqual(expect.arrayContaining(["a", "sign-in", "dev"]));
  });

  it.each(segments)("/%s is a reserved portal slug", (segment) => {
    expect(RESERVED_SLUGS.has(segment)).toBe(true);
  });
});
