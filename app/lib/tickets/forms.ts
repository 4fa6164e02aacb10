// Ticket form fields: the limits of limits.ts, messages as catalog keys.
import { z } from "zod";
import { MESSAGE_MAX, SUBJECT_MAX } from "./limits";

/** The shape of `newFormKey()`'s keys. */
export const FORM_KEY = /^[a-z0-9_]{8,64}$/;

/**
 * A message form's key against double submits. A page rendered before forms carried one (or a
 * mangled key) still posts: it reads as no key, and the write makes a fresh one.
 */
export const MessageKeySchema = z.string().regex(FORM_KEY).optional().catch(undefined);

const noNul = (value: string) => !value.includes("\u0000");

export const SubjectSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(SUBJECT_MAX, "form.tooLong.subject")
  .refine(noNul, "form.invalidCharacters");

export const MessageSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(MESSAGE_MAX, "form.tooLong.message")
  .refine(noNul, "form.invalidCharacters");

export const ReplySchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("reply"),
    body: MessageSchema,
    idempotencyKey: MessageKeySchema,
  }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("reopen") }),
]);
