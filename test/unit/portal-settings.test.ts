// The portal settings rules, as pure functions: which accent colours and links are allowed, how a
// display form becomes an order, when the consent version moves, what a support-form save keeps.
import { describe, expect, it } from "vitest";
import { accentProblem, contrastOnWhite } from "../../app/lib/portals/branding";
import { defaultConsentSettings, defaultDisplaySettings } from "../../app/lib/portals/defaults";
import {
  addedField,
  consentFromForm,
  type DisplayForm,
  displayFromForm,
  httpsUrl,
  moved,
  propertyOrder,
  supportFormFromForm,
} from "../../app/lib/portals/settings-forms";
import type { SupportFormField } from "../../db/schema";

describe("accent colour", () => {
  it.each([
    ["#ffffff", 1],
    ["#000000", 21],
    ["#767676", 4.54],
    ["#777777", 4.48],
    ["#1d4ed8", 6.7],
  ])("%s has a contrast of about %s on white", (hex, ratio) => {
    expect(contrastOnWhite(hex)).toBeCloseTo(ratio, 1);
  });

  it.each([
    ["#1d4ed8", null],
    ["#767676", null],
    ["#000000", null],
    ["#777777", "branding.accent.contrast"],
    ["#ffff00", "branding.accent.contrast"],
    ["#ffffff", "branding.accent.contrast"],
    ["#fff", "branding.accent.format"],
    ["red", "branding.accent.format"],
    ["#1d4ed8;}", "branding.accent.format"],
    ["", "branding.accent.format"],
  ])("%s -> %s", (value, problem) => {
    expect(accentProblem(value)).toBe(problem);
  });
});

describe("https links", () => {
  it.each([
    ["https://docs.example.com/kb", "https://docs.example.com/kb"],
    ["https://Docs.Example.com", "https://docs.example.com/"],
    ["http://docs.example.com", null],
    ["javascript:alert(1)", null],
    ["//docs.example.com", null],
    ["https://user:secret@docs.example.com", null],
    ["docs.example.com", null],
    ["data:text/html,hi", null],
  ])("%s -> %s", (input, expected) => {
    expect(httpsUrl(input)).toBe(expected);
  });
});

describe("consent version", () => {
  const current = { ...defaultConsentSettings(), enabled: true, text: "Old text", version: 4 };
  it.each([
    [{ enabled: "on", text: "Old text" }, 4],
    [{ enabled: "on", text: "Old text", requireCheckbox: "on" }, 4],
    [{ text: "Old text" }, 4],
    [{ enabled: "on", text: "New text" }, 5],
    [{}, 5],
  ] as const)("%o -> version %i", (form, version) => {
    expect(consentFromForm(form, current).version).toBe(version);
  });
});

describe("display order", () => {
  const rows = (order: string[], shown: string[]) =>
    Object.fromEntries(
      propertyOrder(order).map(({ property }, index) => [
        property,
        { shown: shown.includes(property) ? ("on" as const) : undefined, position: index + 1 },
      ]),
    ) as DisplayForm["list"];
  const form = (list: DisplayForm["list"], intent = "save"): DisplayForm => ({
    intent,
    list,
    detail: rows(["number"], ["number"]),
    stage: { new: "Received", closed: undefined },
    defaultSort: "created",
    listClosedTickets: undefined,
  });
  const current = defaultDisplaySettings();

  it("lists the shown properties first, in their order, then the hidden ones", () => {
    expect(propertyOrder(["status", "number"]).map((row) => [row.property, row.shown])).toEqual([
      ["status", true],
      ["number", true],
      ["priority", false],
      ["category", false],
      ["created", false],
      ["last_activity", false],
      ["assignee", false],
    ]);
  });

  it("orders by position, ties in the page's order; keeps only shown properties", () => {
    const list = rows(current.listProperties, ["number", "status", "last_activity"]);
    list.last_activity.position = 1;
    list.number.position = 1;
    expect(displayFromForm(form(list), current)).toEqual({
      listProperties: ["number", "last_activity", "status"],
      detailProperties: ["number"],
      stageLabels: { new: "Received" },
      defaultSort: "created",
      listClosedTickets: false,
    });
  });

  it.each([
    ["move:list.status.up", ["status", "number", "last_activity"]],
    ["move:list.status.down", ["number", "last_activity", "status"]],
    ["move:list.number.up", ["number", "status", "last_activity"]],
    ["move:list.last_activity.down", ["number", "status", "last_activity"]],
    ["move:list.priority.up", ["number", "status", "last_activity"]],
    ["move:detail.status.up", ["number", "status", "last_activity"]],
  ])("%s -> %o", (intent, expected) => {
    const list = rows(current.listProperties, current.listProperties);
    expect(displayFromForm(form(list, intent), current).listProperties).toEqual(expected);
  });

  it("moves one step, and nowhere past either end", () => {
    expect(moved(["a", "b", "c"], "c", "up")).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], "a", "up")).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], "c", "down")).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], "x", "down")).toEqual(["a", "b", "c"]);
  });
});

describe("support form changes", () => {
  const fields: SupportFormField[] = [
    { key: "f_aaaaaaaa", type: "text", label: "Order", required: false },
    { key: "f_bbbbbbbb", type: "select", label: "Product", required: true, options: ["A", "B"] },
  ];
  const row = (field: SupportFormField, position: number) => ({
    key: field.key,
    label: field.label,
    required: field.required ? ("on" as const) : undefined,
    options: field.options?.join("\n"),
    position,
  });
  const all = () => fields.map((field, index) => row(field, index + 1));

  it("takes keys and types from the stored fields, labels and order from the form", () => {
    const rows = all();
    rows[0] = { ...rows[0], label: "Order no.", position: 5 } as (typeof rows)[0];
    const change = supportFormFromForm({ intent: "save", fields: rows }, fields);
    expect(change).toEqual({
      ok: true,
      fields: [fields[1], { ...fields[0], label: "Order no." }],
    });
  });

  it.each([
    [
      "a key the form does not have",
      [
        row(fields[0] as SupportFormField, 1),
        { ...row(fields[1] as SupportFormField, 2), key: "f_zzzzzzzz" },
      ],
    ],
    ["a field missing", [row(fields[0] as SupportFormField, 1)]],
    [
      "a field twice",
      [row(fields[0] as SupportFormField, 1), row(fields[0] as SupportFormField, 2)],
    ],
  ])("refuses %s as out of date", (_, rows) => {
    expect(supportFormFromForm({ intent: "save", fields: rows }, fields)).toEqual({
      ok: false,
      formError: "portalSettings.form.stale",
    });
  });

  it("removes and moves by key", () => {
    expect(supportFormFromForm({ intent: "remove:f_aaaaaaaa", fields: all() }, fields)).toEqual({
      ok: true,
      fields: [fields[1]],
    });
    expect(supportFormFromForm({ intent: "move:f_bbbbbbbb.up", fields: all() }, fields)).toEqual({
      ok: true,
      fields: [fields[1], fields[0]],
    });
  });

  it("a choice list needs options", () => {
    const rows = all();
    rows[1] = { ...rows[1], options: " \n " } as (typeof rows)[1];
    expect(supportFormFromForm({ intent: "save", fields: rows }, fields)).toEqual({
      ok: false,
      fieldErrors: { "fields[1].options": ["portalSettings.field.optionsRequired"] },
    });
  });

  it("adds under the given key, one category at most", () => {
    const added = addedField(
      { intent: "add", type: "category", label: "Topic", options: "Billing\nBilling\nTech" },
      fields,
      "f_cccccccc",
    );
    expect(added).toEqual({
      ok: true,
      fields: [
        ...fields,
        {
          key: "f_cccccccc",
          type: "category",
          label: "Topic",
          required: false,
          options: ["Billing", "Tech"],
        },
      ],
    });
    const again = addedField(
      { intent: "add", type: "category", label: "Again", options: "X" },
      added.ok ? added.fields : [],
      "f_dddddddd",
    );
    expect(again).toEqual({ ok: false, fieldErrors: { type: ["portalSettings.field.onlyOne"] } });
  });
});
