// The one message type both workers share: the app enqueues these, the email worker consumes them.
// A message names what to send and to whom by id; the email worker reads everything else from D1 at
// send time (recipient, language, domain, whether the email may go out at all). The schema is the
// definition: the email worker checks every message against it before acting on it.
// zod's mini build: the email worker bundles it, and the full build would triple the worker's size.
import * as z from "zod/mini";

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const id = text(100);
/** The raw single-use token; only its hash is stored (one_time_tokens). */
const token = text(200);

const base = {
  /** Unique per email; the email log's key and Resend's Idempotency-Key. */
  idempotencyKey: text(200),
  accountId: id,
};

export const EmailMessageSchema = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("access_group_invite"),
    portalId: id,
    contactId: id,
    token,
  }),
  z.object({ ...base, kind: z.literal("registration"), portalId: id, contactId: id, token }),
  z.object({ ...base, kind: z.literal("password_reset"), portalId: id, contactId: id, token }),
  z.object({
    ...base,
    kind: z.literal("agent_replied"),
    portalId: id,
    ticketId: id,
    messageId: id,
  }),
  z.object({ ...base, kind: z.literal("ticket_received"), portalId: id, ticketId: id }),
  z.object({
    ...base,
    kind: z.literal("dashboard_invite"),
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email()),
    invitedByUserId: id,
    token,
  }),
  z.object({ ...base, kind: z.literal("dashboard_password_reset"), userId: id, token }),
  // A user's new email address: the link that confirms it goes there, to `email`.
  z.object({
    ...base,
    kind: z.literal("dashboard_email_change"),
    userId: id,
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email()),
    token,
  }),
  // The notice to the address being replaced (`email`), naming the new one (`newEmail`).
  z.object({
    ...base,
    kind: z.literal("dashboard_email_change_notice"),
    userId: id,
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email()),
    newEmail: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email()),
  }),
  z.object({ ...base, kind: z.literal("dashboard_email_verification"), userId: id, token }),
  // To one of the account's admins: an active custom domain's records stopped checking out.
  z.object({ ...base, kind: z.literal("domain_misconfigured"), userId: id, domainId: id }),
  // To one agent (`userId`) about a contact's public message (`messageId`) on a ticket: the
  // ticket's first message is a new ticket, a later one a customer reply. Dashboard emails, English.
  z.object({ ...base, kind: z.literal("new_ticket"), ticketId: id, messageId: id, userId: id }),
  z.object({
    ...base,
    kind: z.literal("customer_replied"),
    ticketId: id,
    messageId: id,
    userId: id,
  }),
]);

export type EmailMessage = z.infer<typeof EmailMessageSchema>;

export type EmailKind = EmailMessage["kind"];

export const EMAIL_KINDS = [
  "access_group_invite",
  "registration",
  "password_reset",
  "agent_replied",
  "ticket_received",
  "dashboard_invite",
  "dashboard_password_reset",
  "dashboard_email_change",
  "dashboard_email_change_notice",
  "dashboard_email_verification",
  "domain_misconfigured",
  "new_ticket",
  "customer_replied",
] as const satisfies readonly EmailKind[];

/** Emails that carry a single-use link; the email log never keeps their token. */
export const LINK_EMAIL_KINDS = [
  "access_group_invite",
  "registration",
  "password_reset",
  "dashboard_invite",
  "dashboard_password_reset",
  "dashboard_email_change",
  "dashboard_email_verification",
] as const satisfies readonly Extract<EmailMessage, { token: string }>["kind"][];

export type LinkEmailKind = (typeof LINK_EMAIL_KINDS)[number];

export function isLinkEmail(kind: string): kind is LinkEmailKind {
  return (LINK_EMAIL_KINDS as readonly string[]).includes(kind);
}

/** Emails about a portal: sent in its domain's language, with its branding and links. */
export type PortalEmailMessage = Extract<EmailMessage, { portalId: string }>;

export function isPortalEmail(message: EmailMessage): message is PortalEmailMessage {
  return "portalId" in message;
}
