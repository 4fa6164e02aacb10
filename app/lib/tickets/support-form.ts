// The portal's support form: subject and description always, plus the fields the portal adds.
// One schema, built from the portal's settings, validates every submission.
import { z } from "zod";
import { type SupportFormField, TICKET_PRIORITIES } from "../../../db/schema";
import { FORM_KEY, MessageSchema, SubjectSchema } from "./forms";
import { FIELD_MAX } from "./limits";

/** One answer's rules, per the field's type: the portal's form and the help desk both use it. */
export function supportFieldSchema(
  field: SupportFormField,
): z.ZodType<string | boolean | undefined> {
  switch (field.type) {
    case "checkbox": {
      const box = z.literal("on", { error: "form.invalidOption" });
      return field.required
        ? box.transform(() => true)
        : box.optional().transform((value) => value === "on");
    }
    case "priority":
    case "category":
    case "select": {
      const options = field.type === "priority" ? [...TICKET_PRIORITIES] : (field.options ?? []);
      const choice = z
        .string({ error: "form.required" })
        .refine((value) => options.includes(value), "form.invalidOption");
      return field.required ? choice : choice.optional();
    }
    case "text": {
      const text = z
        .string({ error: "form.required" })
        .trim()
        .max(FIELD_MAX, "form.tooLong.field")
        .refine((value) => !value.includes("\u0000"), "form.invalidCharacters");
      return field.required ? text.min(1, "form.required") : text.optional();
    }
  }
}

/** Field names in the form: `field.{key}`, so a portal's keys can never clash with ours. */
export const fieldName = (field: SupportFormField) => `field.${field.key}`;

export function supportFormSchema(fields: SupportFormField[]) {
  return z.object({
    idempotencyKey: z.string().regex(FORM_KEY),
    subject: SubjectSchema,
    description: MessageSchema,
    field: z
      .object(Object.fromEntries(fields.map((field) => [field.key, supportFieldSchema(field)])))
      .optional(),
  });
}

export type SupportFormValues = z.output<ReturnType<typeof supportFormSchema>>;

/** Where each answer goes on the ticket: its own columns for category and priority. */
export function ticketFieldsFrom(fields: SupportFormField[], values: SupportFormValues) {
  let category: string | null = null;
  let priority: (typeof TICKET_PRIORITIES)[number] | null = null;
  const customFields: Record<string, string | boolean> = {};
  for (const field of fields) {
    const value = values.field?.[field.key];
    if (value === undefined || value === "") continue;
    if (field.type === "category") category = String(value);
    else if (field.type === "priority") priority = value as (typeof TICKET_PRIORITIES)[number];
    else customFields[field.key] = value;
  }
  return { category, priority, customFields };
}

/** The fields whose answers live in `tickets.custom_fields` (category and priority have columns). */
export function customFormFields(fields: readonly SupportFormField[]): SupportFormField[] {
  return fields.filter((field) => field.type !== "category" && field.type !== "priority");
}

/** The custom fields' answers alone, under `field.{key}` as in the portal's form. */
export function customFieldsSchema(fields: readonly SupportFormField[]) {
  return z
    .object(
      Object.fromEntries(
        customFormFields(fields).map((field) => [field.key, supportFieldSchema(field)]),
      ),
    )
    .optional();
}

/**
 * The ticket's custom fields after an edit of the form's fields: answers to fields the portal's
 * form no longer has are kept as they were (the portal's settings say answers are kept), an
 * emptied answer goes away, and an unticked box that was never answered stays unanswered (an edit
 * of other fields must not read as a change to it).
 */
export function mergeCustomFields(
  fields: readonly SupportFormField[],
  current: Record<string, string | boolean>,
  answers: Record<string, string | boolean | undefined> | undefined,
): Record<string, string | boolean> {
  const next: Record<string, string | boolean> = { ...current };
  for (const field of customFormFields(fields)) {
    const value = answers?.[field.key];
    if (value === undefined || value === "" || (value === false && !(field.key in current)))
      delete next[field.key];
    else next[field.key] = value;
  }
  return next;
}
