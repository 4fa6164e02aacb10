// Who on the team hears about what a contact does in a portal: "new ticket" when one is opened,
// "customer replied" when they write on one. The app picks the recipients when it happens; the email
// worker checks again at send time that each is still on the team with the preference on.
import { type SQL, sql } from "drizzle-orm";
import { batchStatements } from "../db/statements";
import type { EmailProducer } from "../email/enqueue.server";
import { type EmailMessage, EmailMessageSchema } from "../email/messages";
import { messageWritten } from "../tickets/message-once.server";

export type AgentTicketEmailKind = "new_ticket" | "customer_replied";

/** The preference column each kind needs. */
const PREFERENCE = {
  new_ticket: sql.raw("a.notify_new_ticket"),
  customer_replied: sql.raw("a.notify_customer_replied"),
} as const;

/** Queue messages go in batches of at most 100. */
const QUEUE_BATCH = 100;

/**
 * The agents to tell about a contact's message on a ticket, with the preference for the kind on:
 * the ticket's assignee when it has one still on the team; otherwise every agent of the account
 * (every agent works every inbox of their account). Agents who left never get a customer's words.
 */
function recipients(input: { accountId: string; ticketId: string; kind: AgentTicketEmailKind }) {
  return sql`
    with active as (
      select a.user_id, ${PREFERENCE[input.kind]} as wanted
      from agents a
      join memberships m on m.account_id = a.account_id and m.user_id = a.user_id
      where a.account_id = ${input.accountId} and a.left_at is null
    ),
    ticket as (
      select t.assignee_user_id as assignee
      from tickets t where t.account_id = ${input.accountId} and t.id = ${input.ticketId}
    )
    select active.user_id from active, ticket
    where active.wanted = 1
      and (active.user_id = ticket.assignee
           or not exists (select 1 from active inner_active
                          where inner_active.user_id = ticket.assignee))`;
}

/**
 * One statement that picks the recipients and records one queued email each, answering (RETURNING)
 * the queue messages to send. A statement rather than a query and a write, so the portal's reply
 * runs it in the batch that writes the message: no extra D1 round trip for the customer, and the
 * log rows exist exactly when the message does. The key is the message and the recipient, so a
 * second run records and returns nothing (the email worker also sends nothing twice for a key).
 */
export function agentEmailsStatement(input: {
  accountId: string;
  ticketId: string;
  kind: AgentTicketEmailKind;
  messageId: string;
  now: number;
}): SQL {
  const key = sql`${input.kind} || ':' || ${input.messageId} || ':' || r.user_id`;
  // Only for a message that exists: in the reply's own batch, a repeated submit whose message was
  // not written (its id is unused) records nothing. The WHERE also lets SQLite read the ON CONFLICT
  // of an INSERT … SELECT unambiguously.
  return sql`
    insert into email_log (id, idempotency_key, kind, account_id, payload, status, created_at, updated_at)
    select 'eml_' || lower(hex(randomblob(12))), ${key}, ${input.kind}, ${input.accountId},
      json_object('kind', ${input.kind}, 'idempotencyKey', ${key}, 'accountId', ${input.accountId},
        'ticketId', ${input.ticketId}, 'messageId', ${input.messageId}, 'userId', r.user_id),
      'queued', ${input.now}, ${input.now}
    from (${recipients(input)}) r
    where ${messageWritten(input.accountId, input.messageId)}
    on conflict (idempotency_key) do nothing
    returning payload`;
}

/** The queue messages a run of `agentEmailsStatement` recorded, from its D1 result. */
export function recordedAgentEmails(result: D1Result | null | undefined): EmailMessage[] {
  const rows = (result?.results ?? []) as { payload: string }[];
  return rows.map((row) => EmailMessageSchema.parse(JSON.parse(row.payload)));
}

/** Puts recorded emails on the queue, in batches of at most 100. */
export async function sendAgentEmails(
  producer: EmailProducer,
  messages: EmailMessage[],
): Promise<void> {
  for (let start = 0; start < messages.length; start += QUEUE_BATCH) {
    await producer.env.EMAIL_QUEUE.sendBatch(
      messages.slice(start, start + QUEUE_BATCH).map((body) => ({ body })),
    );
  }
}

/**
 * The contact's first public message on the ticket: what a "new ticket" email quotes, and the
 * stable part of its idempotency key however often the request is retried.
 */
async function firstContactMessage(
  producer: Pick<EmailProducer, "db">,
  accountId: string,
  ticketId: string,
): Promise<string | null> {
  const [row] = await producer.db.all<{ id: string }>(sql`
    select id from ticket_messages
    where account_id = ${accountId} and ticket_id = ${ticketId}
      and visibility = 'public' and author_contact_id is not null
    order by created_at, id limit 1`);
  return row?.id ?? null;
}

/** Records and queues the team's emails about a contact's message on a ticket. */
export async function notifyAgents(
  producer: EmailProducer,
  input: {
    accountId: string;
    ticketId: string;
    kind: AgentTicketEmailKind;
    /** The contact's message; for a new ticket, omitted: its first message. */
    messageId?: string;
  },
): Promise<EmailMessage[]> {
  const messageId =
    input.messageId ?? (await firstContactMessage(producer, input.accountId, input.ticketId));
  if (!messageId) return [];
  const [result] = await batchStatements(producer.db, [
    agentEmailsStatement({ ...input, messageId, now: Date.now() }),
  ]);
  const messages = recordedAgentEmails(result);
  await sendAgentEmails(producer, messages);
  return messages;
}

/**
 * The same, after the response: the contact's page does not wait for the team's emails. A failure
 * is logged; the request already succeeded and the message is on the ticket either way.
 */
export function notifyAgentsLater(
  context: EmailProducer & { waitUntil: (promise: Promise<unknown>) => void },
  input: Parameters<typeof notifyAgents>[1],
): void {
  context.waitUntil(
    notifyAgents(context, input).catch((error: unknown) => {
      console.error("agent ticket emails not queued", input.kind, input.ticketId, error);
    }),
  );
}

/**
 * Queues, after the response, emails already recorded in the request's own batch. Should the
 * queue fail, the rows stay queued and the scheduled sweep sends them.
 */
export function sendAgentEmailsLater(
  context: EmailProducer & { waitUntil: (promise: Promise<unknown>) => void },
  messages: EmailMessage[],
): void {
  if (messages.length === 0) return;
  context.waitUntil(
    sendAgentEmails(context, messages).catch((error: unknown) => {
      console.error("agent ticket emails not queued; the sweep sends them", error);
    }),
  );
}
