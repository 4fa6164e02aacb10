// What a portal page receives of a ticket: the properties its display settings list, and nothing
// more. Loaders send this, never a row: a property the admin hid must not be in the page's data
// either, since Remix's `.data` responses show everything a loader returns.
import type { TicketStatus } from "../../../db/schema";

export const TICKET_PROPERTIES = [
  "number",
  "status",
  "priority",
  "category",
  "created",
  "last_activity",
  "assignee",
] as const;
export type TicketProperty = (typeof TICKET_PROPERTIES)[number];

/** Everything a customer could be shown of a ticket. */
export type TicketFacts = {
  number: number;
  subject: string;
  status: TicketStatus;
  priority: string | null;
  category: string | null;
  createdAt: number;
  lastActivityAt: number;
  /** The assigned agent's first name. */
  assigneeName: string | null;
};

/** Number and subject always (the link and the title); the rest only when listed. */
export type ShownTicket = Pick<TicketFacts, "number" | "subject"> & Partial<TicketFacts>;

/** The properties a setting lists that the portal knows, in the setting's order, once each. */
export function shownProperties(listed: readonly string[]): TicketProperty[] {
  const known = new Set<string>(TICKET_PROPERTIES);
  return [...new Set(listed)].filter((p): p is TicketProperty => known.has(p));
}

const FIELDS: Record<TicketProperty, keyof TicketFacts> = {
  number: "number",
  status: "status",
  priority: "priority",
  category: "category",
  created: "createdAt",
  last_activity: "lastActivityAt",
  assignee: "assigneeName",
};

export function shownTicket(
  ticket: TicketFacts,
  properties: readonly TicketProperty[],
): ShownTicket {
  const shown: Record<string, unknown> = { number: ticket.number, subject: ticket.subject };
  for (const property of properties) {
    const field = FIELDS[property];
    shown[field] = ticket[field];
  }
  return shown as ShownTicket;
}
