// The access-group pages' forms; error messages are catalog keys.
import { z } from "zod";

export const GROUP_NAME_MAX = 100;

export const GroupNameSchema = z.object({
  name: z
    .string({ error: "groups.error.name" })
    .trim()
    .min(1, "groups.error.name")
    .max(GROUP_NAME_MAX, "groups.error.name")
    // Control characters would make the name unreadable in lists and the audit log.
    .refine((value) => !/[\p{Cc}]/u.test(value), "form.invalidCharacters"),
});

const id = z.string().regex(/^[\w-]{1,100}$/, "groups.error.invalid");

export const GroupActionSchema = z.discriminatedUnion("intent", [
  GroupNameSchema.extend({ intent: z.literal("rename") }),
  z.object({ intent: z.literal("delete") }),
  z.object({
    intent: z.literal("add"),
    contact: z
      .array(id, { error: "groups.error.noneChosen" })
      .min(1, "groups.error.noneChosen")
      .max(50, "groups.error.invalid"),
  }),
  z.object({
    intent: z.literal("remove"),
    contact: z
      .array(id, { error: "groups.error.noneChosen" })
      .min(1, "groups.error.noneChosen")
      .max(50, "groups.error.invalid"),
  }),
  z.object({ intent: z.literal("invite"), portal: id, round: id }),
]);
