// The shared half of the registration, invitation and reset pages: reading and checking the form.
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { Portal } from "../../../db/schema";
import { PasswordSchema } from "../forms/schemas";
import { passwordProblem } from "./password-policy";

const SetPasswordSchema = z.object({
  password: PasswordSchema,
  consent: z.literal("on", { error: "consent.required" }).optional(),
});

/** The portal's consent notice as the registration page shows it, or null when it is off. */
export function consentNotice(portal: Portal) {
  const consent = portal.consentSettings;
  return consent.enabled ? { text: consent.text, requireCheckbox: consent.requireCheckbox } : null;
}

export function parseSetPassword(
  formData: FormData,
  options: { email: string; consent: ReturnType<typeof consentNotice> },
) {
  const submission = parseWithZod(formData, {
    schema: SetPasswordSchema.superRefine((value, ctx) => {
      const problem = passwordProblem(value.password, options.email);
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
      if (options.consent?.requireCheckbox && value.consent !== "on") {
        ctx.addIssue({ code: "custom", path: ["consent"], message: "consent.required" });
      }
    }),
  });
  return submission;
}
