// What a customer changes on tickets. Callers have already found the ticket through
// queries.server.ts with the viewer, so these only ever touch a ticket the contact may see.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { ticketMessages, tickets } from "../../../db/schema";
import { attachStatement, type StoredFile } from "../attachments/store.server";
import { newId } from "../db/ids";
import { batchStatements, type Statement } from "../db/statements";
import { keptMessageId, messageKey, messageWithKey, messageWritten } from "./message-once.server";

export type NewTicket = {
  accountId: string;
  portalId: string;
  inboxId: string;
  contactId: string;
  companyId: string | null;
  subject: string;
  description: string;
  category: string | null;
  priority: "low" | "medium" | "high" | "urgent" | null;
  customFields: Record<string, string | boolean>;
  /** From the form: a double submit carries the same key and creates one ticket. */
  idempotencyKey: string;
  /** Made before the form was read, so its files were stored under it (`{account}/{ticket}/…`). */
  id?: string;
  /** Files stored pending for the first message; attached in the same batch. */
  files?: Pick<StoredFile, "id">[];
};

/** Creates the ticket and its first message at once; a repeated key returns the first ticket. */
export async function createTicket(
  db: Database,
  input: NewTicket,
  now = Date.now(),
): Promise<{ id: string; number: number }> {
  const id = input.id ?? newId("tkt");
  const messageId = newId("msg");
  const attach = attachStatement(
    { accountId: input.accountId, ticketId: id, messageId },
    input.files ?? [],
  );
  await batchStatements(db, [
    db
      .insert(tickets)
      .values({
        id,
        accountId: input.accountId,
        // Next number of this account, taken in the same statement that uses it.
        number: sql`(select coalesce(max(number), 0) + 1 from tickets where account_id = ${input.accountId})`,
        subject: input.subject,
        status: "new",
        priority: input.priority,
        category: input.category,
        requesterContactId: input.contactId,
        companyId: input.companyId,
        inboxId: input.inboxId,
        portalId: input.portalId,
        source: "portal",
        customFields: input.customFields,
        idempotencyKey: input.idempotencyKey,
        createdAt: now,
        lastActivityAt: now,
      })
      .onConflictDoNothing({ target: [tickets.accountId, tickets.idempotencyKey] }),
    // Only when the ticket above was really inserted (a repeat leaves `id` unused).
    db.insert(ticketMessages).select(
      db
        .select({
          id: sql<string>`${messageId}`.as("id"),
          accountId: tickets.accountId,
          ticketId: tickets.id,
          visibility: sql<"public">`'public'`.as("visibility"),
          authorContactId: tickets.requesterContactId,
          authorUserId: sql<null>`null`.as("author_user_id"),
          body: sql<string>`${input.description}`.as("body"),
          // The ticket's own key already makes its first message once.
          idempotencyKey: sql<null>`null`.as("idempotency_key"),
          createdAt: tickets.createdAt,
        })
        .from(tickets)
        .where(eq(tickets.id, id)),
    ),
    // Only when the message above was inserted: a repeat leaves its files pending, for the sweep.
    ...(attach ? [attach] : []),
  ]);
  const [created] = await db
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(
      and(eq(tickets.accountId, input.accountId), eq(tickets.idempotencyKey, input.idempotencyKey)),
    );
  if (!created) throw new Error("ticket insert returned nothing");
  return created;
}

/**
 * A customer's reply: on the thread, and the ticket waits on the support team again. Its files
 * and the statements `alongside` makes for it (the team's emails) go in the same batch; their
 * results come back with the message's id. Written once per form key: a repeat of the same form
 * writes nothing (`written` false), answers the first submit's message, and leaves its own files
 * pending for the sweep.
 */
export async function replyAsContact(
  db: Database,
  ticket: { accountId: string; id: string },
  contactId: string,
  body: string,
  options: {
    /** From the reply form; without one the reply is written like a fresh submit. */
    idempotencyKey?: string;
    files?: Pick<StoredFile, "id">[];
    /** Runs only when the message is written: see `messageWritten`. */
    alongside?: (messageId: string, now: number) => Statement;
    now?: number;
  } = {},
): Promise<{ messageId: string; written: boolean; alongside: D1Result | null }> {
  const now = options.now ?? Date.now();
  const files = options.files ?? [];
  // Made here so the statements after the insert can ask whether it landed.
  const id = newId("msg");
  const key = messageKey(ticket.id, { contactId }, options.idempotencyKey);
  const written = messageWritten(ticket.accountId, id);
  // Already conditioned on the message row existing.
  const attach = attachStatement(
    { accountId: ticket.accountId, ticketId: ticket.id, messageId: id },
    files,
  );
  const statements: Statement[] = [
    db
      .insert(ticketMessages)
      .values({
        id,
        accountId: ticket.accountId,
        ticketId: ticket.id,
        visibility: "public",
        authorContactId: contactId,
        body,
        idempotencyKey: key,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [ticketMessages.accountId, ticketMessages.idempotencyKey] }),
    db
      .update(tickets)
      .set({ status: "waiting_on_us", lastActivityAt: now, closedAt: null })
      .where(and(eq(tickets.accountId, ticket.accountId), eq(tickets.id, ticket.id), written)),
  ];
  // The message and its files land together: a message never names a file that is not there.
  if (attach) statements.push(attach);
  const alongsideAt = options.alongside ? statements.push(options.alongside(id, now)) - 1 : -1;
  statements.push(messageWithKey(ticket.accountId, key));
  const results = await batchStatements(db, statements);
  const messageId = keptMessageId(results.at(-1));
  return {
    messageId,
    written: messageId === id,
    alongside: alongsideAt >= 0 ? (results[alongsideAt] ?? null) : null,
  };
}

export async function setClosed(
  db: Database,
  ticket: { accountId: string; id: string },
  closed: boolean,
  now = Date.now(),
): Promise<void> {
  await db
    .update(tickets)
    .set(
      closed
        ? { status: "closed", closedAt: now, lastActivityAt: now }
        : { status: "waiting_on_us", closedAt: null, lastActivityAt: now },
    )
    .where(and(eq(tickets.accountId, ticket.accountId), eq(tickets.id, ticket.id)));
}
