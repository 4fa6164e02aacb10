// Placeholders a saved reply may carry, filled when an agent inserts it into a reply. The same
// function fills them on the server for the page's picker data and for an insert without JavaScript.

export const PLACEHOLDERS = ["contact.first_name", "agent.first_name", "ticket.number"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

/** A person's first name as customers and replies use it: the first word of the name. */
export function firstWord(name: string | null | undefined): string {
  return name?.trim().split(/\s+/)[0] ?? "";
}

/**
 * The body with each known `{{placeholder}}` (spaces inside the braces allowed) replaced by its
 * value; an unknown one stays as written, so a typo shows in the reply box instead of vanishing.
 */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}

/** Where a saved reply goes into what the agent already typed: after it, on a line of its own. */
export function appendReply(draft: string, reply: string): string {
  const typed = draft.replace(/\s+$/, "");
  return typed ? `${typed}\n\n${reply}` : reply;
}

/** The values for a ticket as the signed-in agent works it. */
export function ticketPlaceholders(
  ticket: { number: number; requester: { name: string } },
  agentName: string,
): PlaceholderValues {
  return {
    "contact.first_name": firstWord(ticket.requester.name),
    "agent.first_name": firstWord(agentName),
    "ticket.number": String(ticket.number),
  };
}
