// The portal settings tabs' forms: one schema per tab, shared by the route (server) and the page
// (client), and the pure rules that turn a valid form into settings. Error messages are catalog
// keys (app/lib/i18n/dashboard/en/portal-settings.ts). Writes live in settings.server.ts.
import { z } from "zod";
import {
  type ConsentSettings,
  type DisplaySettings,
  type SupportFormField,
  TICKET_STATUSES,
  type TicketStatus,
} from "../../../db/schema";
import { noControlCharacters } from "../forms/schemas";
import { TICKET_PROPERTIES, type TicketProperty } from "../tickets/display";
import { SORTS } from "../tickets/list-params";
import { accentProblem } from "./branding";

export const PORTAL_NAME_MAX = 100;
export const URL_MAX = 2000;
export const STAGE_LABEL_MAX = 40;
export const CONSENT_TEXT_MAX = 5000;
/** Support form limits: the form stays a form, and a ticket's answers stay small. */
export const FORM_FIELDS_MAX = 20;
export const FIELD_LABEL_MAX = 100;
export const FIELD_OPTIONS_MAX = 50;
export const FIELD_OPTION_MAX = 100;
/** Positions run 1…n; anything up to this is accepted and sorted. */
export const POSITION_MAX = 99;

const on = z.literal("on", { error: "form.invalidValue" }).optional();

function plainText(max: number, tooLong: string) {
  return z
    .string({ error: "form.required" })
    .trim()
    .max(max, tooLong)
    .refine(noControlCharacters, "form.invalidCharacters");
}

export const PortalNameSchema = plainText(PORTAL_NAME_MAX, "portalSettings.name.tooLong").min(
  1,
  "form.required",
);

/** An absolute https URL, normalised; customers follow it from the portal. */
export function httpsUrl(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" || url.username || url.password || !url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Optional https link: empty clears it; `http:` and anything unparsable is refused. */
export const HttpsUrlSchema = z
  .string()
  .trim()
  .max(URL_MAX, "portalSettings.url.tooLong")
  .refine((value) => httpsUrl(value) !== null, "portalSettings.url.https")
  .transform((value) => httpsUrl(value) as string)
  .optional();

// ——— General ———

export const GeneralSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), name: PortalNameSchema, knowledgeBaseUrl: HttpsUrlSchema }),
  z.object({ intent: z.literal("unpublish") }),
  z.object({ intent: z.literal("publish") }),
  z.object({
    intent: z.literal("delete"),
    confirmName: z.string({ error: "portalSettings.delete.confirmRequired" }),
  }),
]);

// ——— Ticket display ———

const position = z
  .number({ error: "portalSettings.position.invalid" })
  .int("portalSettings.position.invalid")
  .min(1, "portalSettings.position.invalid")
  .max(POSITION_MAX, "portalSettings.position.invalid");

const propertyRow = z.object({ shown: on, position });
const propertyRows = z.object(
  Object.fromEntries(TICKET_PROPERTIES.map((property) => [property, propertyRow])) as Record<
    TicketProperty,
    typeof propertyRow
  >,
);

export const DISPLAY_PLACES = ["list", "detail"] as const;
export type DisplayPlace = (typeof DISPLAY_PLACES)[number];

/** `list.status.up`: which property a move button moves, where, which way. */
export type Move = { place: DisplayPlace; property: TicketProperty; direction: "up" | "down" };

const MOVE = new RegExp(`^move:(list|detail)\\.(${TICKET_PROPERTIES.join("|")})\\.(up|down)$`);

export const DisplaySchema = z.object({
  intent: z.union([z.literal("save"), z.string().regex(MOVE)], {
    error: "form.invalidValue",
  }),
  list: propertyRows,
  detail: propertyRows,
  stage: z
    .object(
      Object.fromEntries(
        TICKET_STATUSES.map((status) => [
          status,
          plainText(STAGE_LABEL_MAX, "portalSettings.stage.tooLong").optional(),
        ]),
      ) as Record<TicketStatus, z.ZodOptional<ReturnType<typeof plainText>>>,
    )
    .optional(),
  defaultSort: z.enum(SORTS, { error: "form.invalidOption" }),
  listClosedTickets: on,
});

export type DisplayForm = z.output<typeof DisplaySchema>;

export function moveOf(intent: string): Move | null {
  const match = MOVE.exec(intent);
  if (!match) return null;
  return {
    place: match[1] as DisplayPlace,
    property: match[2] as TicketProperty,
    direction: match[3] as "up" | "down",
  };
}

/** Every property once, in the page's order: the shown ones as set, then the hidden ones. */
export function propertyOrder(
  listed: readonly string[],
): { property: TicketProperty; shown: boolean }[] {
  const shown = TICKET_PROPERTIES.filter((p) => listed.includes(p)).sort(
    (a, b) => listed.indexOf(a) - listed.indexOf(b),
  );
  const hidden = TICKET_PROPERTIES.filter((p) => !listed.includes(p));
  return [
    ...shown.map((property) => ({ property, shown: true })),
    ...hidden.map((property) => ({ property, shown: false })),
  ];
}

/** Swaps an item with its neighbour; at either end, or when absent, the order stays. */
export function moved<T>(items: readonly T[], item: T, direction: "up" | "down"): T[] {
  const result = [...items];
  const index = result.indexOf(item);
  const other = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || other < 0 || other >= result.length) return result;
  [result[index], result[other]] = [result[other] as T, result[index] as T];
  return result;
}

/**
 * The shown properties of one place in the order the form asks: by position, ties in the order
 * the page listed them (so untouched positions keep their order), then the move, if any.
 */
export function orderedProperties(
  rows: z.output<typeof propertyRows>,
  pageOrder: readonly TicketProperty[],
  move: Move | null,
  place: DisplayPlace,
): TicketProperty[] {
  const sorted = [...TICKET_PROPERTIES]
    .filter((property) => rows[property].shown === "on")
    .sort(
      (a, b) => rows[a].position - rows[b].position || pageOrder.indexOf(a) - pageOrder.indexOf(b),
    );
  return move && move.place === place ? moved(sorted, move.property, move.direction) : sorted;
}

export function displayFromForm(form: DisplayForm, current: DisplaySettings): DisplaySettings {
  const move = moveOf(form.intent);
  const stageLabels: Partial<Record<TicketStatus, string>> = {};
  for (const status of TICKET_STATUSES) {
    const label = form.stage?.[status];
    if (label) stageLabels[status] = label;
  }
  const order = (place: DisplayPlace, listed: string[]) =>
    orderedProperties(
      form[place],
      propertyOrder(listed).map((row) => row.property),
      move,
      place,
    );
  return {
    listProperties: order("list", current.listProperties),
    detailProperties: order("detail", current.detailProperties),
    stageLabels,
    defaultSort: form.defaultSort,
    listClosedTickets: form.listClosedTickets === "on",
  };
}

// ——— Consent ———

export const ConsentSchema = z
  .object({
    enabled: on,
    text: plainText(CONSENT_TEXT_MAX, "portalSettings.consent.tooLong").optional(),
    requireCheckbox: on,
  })
  .superRefine((value, ctx) => {
    if (value.enabled === "on" && !value.text) {
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: "portalSettings.consent.textRequired",
      });
    }
  });

/** The new consent settings; the version moves on with the text, and only with the text. */
export function consentFromForm(
  form: z.output<typeof ConsentSchema>,
  current: ConsentSettings,
): ConsentSettings {
  const text = form.text ?? "";
  return {
    enabled: form.enabled === "on",
    text,
    requireCheckbox: form.requireCheckbox === "on",
    version: text === current.text ? current.version : current.version + 1,
  };
}

// ——— Support form ———

export const FIELD_TYPES = ["text", "select", "checkbox", "category", "priority"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
/** Types that map to a ticket column: a form has at most one of each. */
const SINGLE_TYPES: readonly FieldType[] = ["category", "priority"];
/** Types whose options the admin writes, one per line. */
export const TYPES_WITH_OPTIONS: readonly FieldType[] = ["select", "category"];

/** Generated by the server (`f_` and random characters), never typed by anyone. */
export const FIELD_KEY = /^f_[a-z0-9]{8,32}$/;

const FieldLabelSchema = plainText(FIELD_LABEL_MAX, "portalSettings.field.labelTooLong").min(
  1,
  "form.required",
);
const OptionsSchema = z
  .string()
  .max(FIELD_OPTIONS_MAX * (FIELD_OPTION_MAX + 2), "portalSettings.field.optionsTooMany")
  .optional();

/** The options of a textarea, one per line: trimmed, no blanks, no repeats. */
export function splitOptions(raw: string | undefined): string[] {
  return [
    ...new Set(
      (raw ?? "")
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}

/** What is wrong with a field's options, as a catalog key, or null. */
export function optionsProblem(type: FieldType, options: string[]): string | null {
  if (!TYPES_WITH_OPTIONS.includes(type)) return null;
  if (options.length === 0) return "portalSettings.field.optionsRequired";
  if (options.length > FIELD_OPTIONS_MAX) return "portalSettings.field.optionsTooMany";
  if (options.some((option) => option.length > FIELD_OPTION_MAX)) {
    return "portalSettings.field.optionTooLong";
  }
  if (options.some((option) => !noControlCharacters(option))) return "form.invalidCharacters";
  return null;
}

const FIELD_INTENT = /^(save|(move:f_[a-z0-9]{8,32}\.(up|down))|(remove:f_[a-z0-9]{8,32}))$/;

export const SupportFormSchema = z.object({
  intent: z.string().regex(FIELD_INTENT, "form.invalidValue"),
  fields: z
    .array(
      z.object({
        key: z.string().regex(FIELD_KEY, "form.invalidValue"),
        label: FieldLabelSchema,
        required: on,
        options: OptionsSchema,
        position,
      }),
    )
    .max(FORM_FIELDS_MAX, "portalSettings.form.tooMany")
    .optional(),
});

export const AddFieldSchema = z.object({
  intent: z.literal("add"),
  type: z.enum(FIELD_TYPES, { error: "form.invalidOption" }),
  label: FieldLabelSchema,
  required: on,
  options: OptionsSchema,
});

export type SupportFormForm = z.output<typeof SupportFormSchema>;

export type FormChange =
  | { ok: true; fields: SupportFormField[] }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string[]> };

/**
 * The portal's fields after a save, a move or a removal. Keys and types come from the stored
 * fields: a submitted key that the form does not have, or a stored one missing from the
 * submission, means the page was out of date.
 */
export function supportFormFromForm(
  form: SupportFormForm,
  current: readonly SupportFormField[],
): FormChange {
  const rows = form.fields ?? [];
  const stored = new Map(current.map((field) => [field.key, field]));
  const keys = new Set(rows.map((row) => row.key));
  if (
    rows.length !== current.length ||
    keys.size !== rows.length ||
    [...keys].some((k) => !stored.has(k))
  ) {
    return { ok: false, formError: "portalSettings.form.stale" };
  }
  const fieldErrors: Record<string, string[]> = {};
  const pageOrder = current.map((field) => field.key);
  const fields = rows.map((row, index) => {
    const field = stored.get(row.key) as SupportFormField;
    const options = splitOptions(row.options);
    const problem = optionsProblem(field.type, options);
    if (problem) fieldErrors[`fields[${index}].options`] = [problem];
    return {
      position: row.position,
      field: {
        key: field.key,
        type: field.type,
        label: row.label,
        required: row.required === "on",
        ...(TYPES_WITH_OPTIONS.includes(field.type) ? { options } : {}),
      } satisfies SupportFormField,
    };
  });
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  let ordered = fields
    .sort(
      (a, b) =>
        a.position - b.position || pageOrder.indexOf(a.field.key) - pageOrder.indexOf(b.field.key),
    )
    .map((entry) => entry.field);
  const [verb, target] = form.intent.split(":");
  if (verb === "remove") ordered = ordered.filter((field) => field.key !== target);
  if (verb === "move" && target) {
    const [key, direction] = target.split(".");
    const field = ordered.find((candidate) => candidate.key === key);
    if (field) ordered = moved(ordered, field, direction === "up" ? "up" : "down");
  }
  return { ok: true, fields: ordered };
}

/** A new field for the form, under a key the server made; or why it cannot be added. */
export function addedField(
  form: z.output<typeof AddFieldSchema>,
  current: readonly SupportFormField[],
  key: string,
): FormChange {
  if (current.length >= FORM_FIELDS_MAX)
    return { ok: false, formError: "portalSettings.form.tooMany" };
  if (SINGLE_TYPES.includes(form.type) && current.some((field) => field.type === form.type)) {
    return { ok: false, fieldErrors: { type: ["portalSettings.field.onlyOne"] } };
  }
  const options = splitOptions(form.options);
  const problem = optionsProblem(form.type, options);
  if (problem) return { ok: false, fieldErrors: { options: [problem] } };
  const field: SupportFormField = {
    key,
    type: form.type,
    label: form.label,
    required: form.required === "on",
    ...(TYPES_WITH_OPTIONS.includes(form.type) ? { options } : {}),
  };
  return { ok: true, fields: [...current, field] };
}

// ——— Branding ———

export const BrandingSchema = z.object({
  logoUrl: HttpsUrlSchema,
  accentColor: z
    .string({ error: "form.required" })
    .trim()
    .toLowerCase()
    .superRefine((value, ctx) => {
      const problem = accentProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `portalSettings.${problem}` });
    }),
});
