// The portal's support form: subject and description always, plus the fields the portal adds.
// One schema, built from the portal's settings, validates every submission.
import { z } from "zod";
import { type SupportFormField, TICKET_PRIORITIES } from "../../../db/schema";
import { MessageSchema, SubjectSchema } from "./forms";
import { FIELD_MAX } from "./limits";

function fieldSchema(field: SupportFormField): z.ZodType<string | boolean | undefined> {
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
    idempotencyKey: z.string().regex(/^[a-z0-9_]{8,64}$/),
    subject: SubjectSchema,
    description: MessageSchema,
    field: z
      .object(Object.fromEntries(fields.map((field) => [field.key, fieldSchema(field)])))
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
