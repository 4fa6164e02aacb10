// The Team page's and the join page's forms. Messages are catalog keys (app/lib/i18n/dashboard/en/team.ts).
import { z } from "zod";
import { INVITABLE_ROLES } from "../../../db/schema";
import { EmailSchema, PasswordSchema } from "../forms/schemas";

const RoleSchema = z.enum(INVITABLE_ROLES, { error: "team.role.invalid" });
const Id = z
  .string({ error: "form.required" })
  .min(1, "form.required")
  .max(100, "form.invalidValue");

export const TeamFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: EmailSchema, role: RoleSchema }),
  z.object({ intent: z.literal("role"), userId: Id, role: RoleSchema }),
  z.object({ intent: z.literal("remove"), userId: Id }),
  z.object({ intent: z.literal("resend"), inviteId: Id }),
  z.object({ intent: z.literal("revoke"), inviteId: Id }),
  z.object({
    intent: z.literal("transfer"),
    userId: z.string({ error: "team.transfer.choose" }).min(1, "team.transfer.choose").max(100),
    confirm: z.literal("on", { error: "team.transfer.confirm" }),
  }),
]);

export type TeamIntent = z.infer<typeof TeamFormSchema>["intent"];
export const TEAM_INTENTS = [
  "invite",
  "role",
  "remove",
  "resend",
  "revoke",
  "transfer",
] as const satisfies readonly TeamIntent[];

/** The form a row's action belongs to: one per teammate or invitation, so errors land beside it. */
export function teamFormId(intent: TeamIntent, subject?: string): string {
  return subject ? `${intent}-${subject}` : intent;
}

export const PersonNameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(200, "form.tooLong.name")
  .refine(
    (value) => ![...value].some((char) => char.charCodeAt(0) < 32 || char === "\u007f"),
    "form.invalidCharacters",
  );

export const JoinFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: PersonNameSchema, password: PasswordSchema }),
  z.object({ intent: z.literal("accept") }),
]);
