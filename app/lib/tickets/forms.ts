// Ticket form fields: limits as the product promises them, messages as catalog keys.
import { z } from "zod";

export const SUBJECT_MAX = 200;
export const MESSAGE_MAX = 20_000;
export const FIELD_MAX = 1_000;

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
  z.object({ intent: z.literal("reply"), body: MessageSchema }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("reopen") }),
]);
