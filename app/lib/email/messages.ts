// The one message type both workers share: the app enqueues these, the email worker consumes them.
// A message names what to send and to whom by id; the email worker reads everything else from D1 at
// send time (recipient, language, domain, whether the email may go out at all).

type Base = {
  /** Unique per email; the email log's key and Resend's Idempotency-Key. */
  idempotencyKey: string;
  accountId: string;
};

export type EmailMessage =
  | (Base & { kind: "access_group_invite"; portalId: string; contactId: string; token: string })
  | (Base & { kind: "registration"; portalId: string; contactId: string; token: string })
  | (Base & { kind: "password_reset"; portalId: string; contactId: string; token: string })
  | (Base & { kind: "agent_replied"; portalId: string; ticketId: string; messageId: string })
  | (Base & { kind: "ticket_received"; portalId: string; ticketId: string })
  | (Base & { kind: "dashboard_invite"; email: string; invitedByUserId: string; token: string })
  | (Base & { kind: "dashboard_password_reset"; userId: string; token: string });

export type EmailKind = EmailMessage["kind"];

export const EMAIL_KINDS = [
  "access_group_invite",
  "registration",
  "password_reset",
  "agent_replied",
  "ticket_received",
  "dashboard_invite",
  "dashboard_password_reset",
] as const satisfies readonly EmailKind[];
