// The contact form's fields. Messages are catalog keys; addresses come out lower-case and trimmed,
// as contacts store them.
import { z } from "zod";
import { EmailSchema, noControlCharacters } from "../forms/schemas";

const Text = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .refine(noControlCharacters, "form.invalidCharacters")
    .optional()
    .transform((value) => (value ? value : null));

/** `key = value`, one per line; blank lines are ignored. */
export function parseProperties(text: string): Record<string, string> | null {
  const properties: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const at = line.indexOf("=");
    if (at < 1) return null;
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (!key || key.length > 100 || value.length > 500) return null;
    properties[key] = value;
  }
  return properties;
}

export function formatProperties(properties: Record<string, string>): string {
  return Object.entries(properties)
    .map(([key, value]) => `${key} = ${value}`)
    .join("\n");
}

export const ContactSchema = z
  .object({
    name: z
      .string({ error: "form.required" })
      .trim()
      .min(1, "form.required")
      .max(200, "form.tooLong.name")
      .refine(noControlCharacters, "form.invalidCharacters"),
    email: EmailSchema,
    membershipEmail: EmailSchema.optional(),
    companyId: z.string().max(100).optional(),
    jobTitle: Text(200, "contacts.error.tooLong"),
    properties: z
      .string()
      .max(10_000, "contacts.error.properties")
      .optional()
      .transform((value, ctx) => {
        const parsed = parseProperties(value ?? "");
        if (!parsed) {
          ctx.addIssue({ code: "custom", message: "contacts.error.properties" });
          return z.NEVER;
        }
        return parsed;
      }),
  })
  .transform((value) => ({
    ...value,
    // The same address twice is one address: no separate membership email.
    membershipEmail:
      value.membershipEmail && value.membershipEmail !== value.email ? value.membershipEmail : null,
    companyId: value.companyId ? value.companyId : null,
  }));

export type ContactValues = z.output<typeof ContactSchema>;
