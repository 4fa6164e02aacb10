// The account forms' fields: sign-up, another account, settings, deletion. Messages are catalog keys.
import { z } from "zod";
import { cleanDisplayName, plainAddress } from "../email/sender";
import { EmailSchema, PasswordSchema } from "../forms/schemas";
import { isLanguage, isValidTimeZone, type Language } from "../i18n";

// NUL and the other C0 control characters have no place in a name (a tab neither).
const CONTROL = /\p{Cc}/u;

export const AccountNameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(100, "account.name.tooLong")
  .refine((value) => !CONTROL.test(value), "form.invalidCharacters");

export const PersonNameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(200, "form.tooLong.name")
  .refine((value) => !CONTROL.test(value), "form.invalidCharacters");

export const LanguageSchema = z
  .string({ error: "form.required" })
  .refine(isLanguage, "form.invalidOption")
  .transform((value) => value as Language);

/** Another account for a signed-in user. */
export const NewAccountSchema = z.object({
  accountName: AccountNameSchema,
  language: LanguageSchema,
});

/** Sign-up for someone new; the password policy is checked against the email on top. */
export const SignUpSchema = NewAccountSchema.extend({
  name: PersonNameSchema,
  email: EmailSchema,
  password: PasswordSchema,
});

const empty = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export const AccountSettingsSchema = z.object({
  name: AccountNameSchema,
  timeZone: z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .max(100, "account.timeZone.invalid")
    .refine(isValidTimeZone, "account.timeZone.invalid"),
  // The From header's display name: refused rather than cleaned, so customers see exactly what
  // the owner typed.
  senderName: z.preprocess(
    empty,
    z
      .string()
      .trim()
      .max(64, "account.senderName.tooLong")
      .refine((value) => cleanDisplayName(value) === value, "account.senderName.invalid")
      .optional(),
  ),
  supportReplyTo: z.preprocess(
    empty,
    EmailSchema.refine((value) => plainAddress(value) === value, "form.email.invalid").optional(),
  ),
});

export type AccountSettings = z.output<typeof AccountSettingsSchema>;

/** Deleting asks for the account's name, typed exactly. */
export function deleteAccountSchema(accountName: string) {
  return z.object({
    confirm: z
      .string({ error: "account.delete.mismatch" })
      .refine((value) => value.trim() === accountName, "account.delete.mismatch"),
  });
}
