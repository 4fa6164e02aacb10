// The field every two-factor form shares: an authenticator code or a recovery code, as typed.
import { z } from "zod";

export const SecondFactorCodeSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(20, "twoFactor.code.tooLong");
