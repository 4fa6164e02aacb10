// Ticket form fields: the limits of limits.ts, messages as catalog keys.
import { z } from "zod";
import { MESSAGE_MAX, SUBJECT_MAX } from "./limits";

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
