// Field schemas every form builds on. Messages are catalog keys, so one schema serves every
// language: the page translates the key next to the field.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "../auth/password-policy";

// NUL and the other C0 control characters have no place in a typed value (tab and newlines aside).
export const noControlCharacters = (value: string) =>
  ![...value].some((char) => {
    const code = char.charCodeAt(0);
    return code < 32 && code !== 9 && code !== 10 && code !== 13;
  });

export const EmailSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(254, "form.email.invalid")
  .refine(noControlCharacters, "form.invalidCharacters")
  .pipe(z.email({ error: "form.email.invalid" }))
  .transform((value) => value.toLowerCase());

export const PasswordSchema = z
  .string({ error: "form.required" })
  .min(1, "form.required")
  .max(PASSWORD_MAX_LENGTH, "password.tooLong")
  .refine(noControlCharacters, "form.invalidCharacters");

export const RedirectToSchema = z.string().max(2000).optional();
