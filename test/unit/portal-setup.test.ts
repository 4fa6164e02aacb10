// The wizard's client-safe rules: which message a slug gets, how a draft's progress moves, and the
// choices it offers matching the database's enumerations.
import { describe, expect, it } from "vitest";
import {
  ACCESS_MODE_OPTIONS,
  accessFormSchema,
  furthestStep,
  resumeStep,
  slugMessage,
  TICKET_PERMISSION_OPTIONS,
  ticketsFormSchema,
} from "../../app/lib/portals/setup";
import { ACCESS_MODES, TICKET_PERMISSIONS } from "../../db/schema";

describe("slugMessage", () => {
  it.each([
    ["support", null],
    ["x", null],
    ["a", "wizard.slug.reserved"],
    ["help-2", null],
    ["b".repeat(48), null],
    ["b".repeat(49), "wizard.slug.tooLong"],
    ["Support", "wizard.slug.upperCase"],
    ["Admin", "wizard.slug.upperCase"],
    ["admin", "wizard.slug.reserved"],
    ["sign-up", "wizard.slug.reserved"],
    ["assets", "wizard.slug.reserved"],
    ["-help", "wizard.slug.format"],
    ["help-", "wizard.slug.format"],
    ["he lp", "wizard.slug.format"],
    ["hélp", "wizard.slug.format"],
    ["HELP-", "wizard.slug.format"],
    ["", "wizard.slug.format"],
  ])("%j → %s", (slug, message) => {
    expect(slugMessage(slug)).toBe(message);
  });
});

describe("a draft's progress", () => {
  it("never goes back when an earlier step is saved again", () => {
    expect(furthestStep("finish", "tickets")).toBe("finish");
    expect(furthestStep("tickets", "access")).toBe("access");
  });

  it.each([
    ["tickets", "tickets"],
    ["finish", "finish"],
    [null, "domain"],
    ["name", "domain"],
    ["bogus", "domain"],
  ] as const)("a draft saved at %s resumes at %s", (saved, step) => {
    expect(resumeStep(saved)).toBe(step);
  });
});

describe("the forms' choices", () => {
  it("are the database's enumerations", () => {
    expect([...TICKET_PERMISSION_OPTIONS]).toEqual([...TICKET_PERMISSIONS]);
    expect([...ACCESS_MODE_OPTIONS]).toEqual([...ACCESS_MODES]);
  });

  it("keep a filter only for the filtered permission", () => {
    const schema = ticketsFormSchema(new Set(["inb_1"]), new Set(["tier"]));
    const base = { defaultInboxId: "inb_1", filterProperty: "tier", filterValue: "gold" };
    expect(schema.parse({ ...base, ticketPermission: "own" }).permissionFilter).toEqual([]);
    expect(
      schema.parse({ ...base, ticketPermission: "company_filtered" }).permissionFilter,
    ).toEqual([{ property: "tier", value: "gold" }]);
    expect(
      schema.safeParse({ ...base, ticketPermission: "company_filtered", filterProperty: "x" })
        .success,
    ).toBe(false);
  });

  it("keep access groups only for the access-groups mode", () => {
    const schema = accessFormSchema(new Set(["grp_1"]));
    expect(
      schema.parse({ accessMode: "anyone_with_ticket", accessGroupIds: ["grp_1"] }).accessGroupIds,
    ).toEqual([]);
    expect(
      schema.parse({ accessMode: "access_groups", accessGroupIds: ["grp_1", "grp_1"] })
        .accessGroupIds,
    ).toEqual(["grp_1"]);
    expect(
      schema.safeParse({ accessMode: "access_groups", accessGroupIds: ["grp_2"] }).success,
    ).toBe(false);
  });
});
