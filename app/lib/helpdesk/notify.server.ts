// Who on the team hears about what a contact does in a portal: "new ticket" when one is opened,
// "customer replied" when they write on one. The app picks the recipients when it happens; the email
// worker checks again at send time that each is still on the team with the preference on.
import { type SQL, sql } from "drizzle-orm";
import { emailLog } from "../../../db/schema";
import type { EmailProducer } from "../email/enqueue.server";
import { queuedRow } from "../email/enqueue.server";
import type { EmailMessage } from "../email/messages";

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
export async function agentRecipients(
  producer: Pick<EmailProducer, "db">,
  input: { accountId: string; ticketId: string; kind: AgentTicketEmailKind },
): Promise<string[]> {
  const rows = await producer.db.all<{ user_id: string }>(recipientsQuery(input));
  return rows.map((row) => row.user_id);
}

/** agentRecipients' query: `user_id` of each agent to tell, in order. */
function recipientsQuery(input: {
  accountId: string;
  ticketId: string;
  kind: AgentTicketEmailKind;
}): SQL {
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
                          where inner_active.user_id = ticket.assignee))
    order by active.user_id`;
}

/**
 * "Customer replied" emails as one statement for the reply's own batch: a queued log row per
 * recipient (as `notifyAgents` writes them), returning each new row's queue message. The reply, its
 * files and its emails then cost one round trip; the caller puts the messages on the queue.
 */
export function customerRepliedStatement(
  input: { accountId: string; ticketId: string; messageId: string },
  now: number,
): SQL {
  const kind = "customer_replied";
  return sql`
    insert into email_log (id, idempotency_key, kind, account_id, portal_id, payload, status,
      updated_at)
    select 'eml_' || lower(hex(randomblob(12))),
      ${`${kind}:${input.messageId}:`} || r.user_id, ${kind}, ${input.accountId}, null,
      json_object('kind', ${kind}, 'idempotencyKey', ${`${kind}:${input.messageId}:`} || r.user_id,
        'accountId', ${input.accountId}, 'ticketId', ${input.ticketId},
        'messageId', ${input.messageId}, 'userId', r.user_id),
      'queued', ${now}
    from (${recipientsQuery({ ...input, kind })}) r
    where true
    on conflict (idempotency_key) do nothing
    returning payload`;
}

/** Puts the messages a batch recorded on the queue, after the response (see notifyAgentsLater). */
export function queueRecordedLater(
  context: EmailProducer & { waitUntil: (promise: Promise<unknown>) => void },
  rows: { payload: string }[],
): void {
  const messages = rows.map((row) => JSON.parse(row.payload) as EmailMessage);
  if (messages.length === 0) return;
  context.waitUntil(
    (async () => {
      for (let start = 0; start < messages.length; start += QUEUE_BATCH) {
        await context.env.EMAIL_QUEUE.sendBatch(
          messages.slice(start, start + QUEUE_BATCH).map((body) => ({ body })),
        );
      }
    })().catch((error: unknown) => {
      // The rows are queued in the log: the scheduled sweep sends them again.
      console.error("customer replied emails not queued", error);
    }),
  );
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

/**
 * Queues one email per recipient. The key is the message and the recipient, so a retried request
 * (or a second call) records and sends nothing twice; the email worker sends nothing for a key it
 * has already sent.
 */
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
  const [recipients, messageId] = await Promise.all([
    agentRecipients(producer, input),
    input.messageId ?? firstContactMessage(producer, input.accountId, input.ticketId),
  ]);
  if (!messageId || recipients.length === 0) return [];
  const messages: EmailMessage[] = recipients.map((userId) => ({
    kind: input.kind,
    idempotencyKey: `${input.kind}:${messageId}:${userId}`,
    accountId: input.accountId,
    ticketId: input.ticketId,
    messageId,
    userId,
  }));
  const now = Date.now();
  const [first, ...rest] = messages.map((message) =>
    producer.db
      .insert(emailLog)
      .values(queuedRow(message, now))
      .onConflictDoNothing({ target: emailLog.idempotencyKey }),
  );
  if (first) await producer.db.batch([first, ...rest]);
  for (let start = 0; start < messages.length; start += QUEUE_BATCH) {
    await producer.env.EMAIL_QUEUE.sendBatch(
      messages.slice(start, start + QUEUE_BATCH).map((body) => ({ body })),
    );
  }
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
