// The email log's states, shared by the app (enqueue, the scheduled sweep, the log page) and the email
// worker (claim, settle). One place, so the two workers never disagree about what is unfinished.
import type { EmailStatus } from "../../../db/schema";

/** An email in one of these states may still be sent: a consumer may claim it, a sweep may retake it. */
export const UNFINISHED_EMAIL_STATUSES = [
  "queued",
  "sending",
] as const satisfies readonly EmailStatus[];

/** The provider id of an email that went to the dev mailbox instead of Resend. */
export const DEV_MAILBOX_PROVIDER_ID = "dev-mailbox";
