// One ticket as agents work it: the whole thread (internal notes included, marked as such), replies
// and notes, and changes to its fields. Replies and notes only add rows, so two agents answering at
// once both land; a change to the fields carries the version the agent saw and loses cleanly to a
// change made in between (`UPDATE … WHERE version = ?`), which the page then shows.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type SupportFormField,
  type TicketStatus,
  ticketMessages,
  tickets,
} from "../../../db/schema";
import { attachStatement, type StoredFile } from "../attachments/store.server";
import { auditEntryIfChanged } from "../audit/audit.server";
import { newId } from "../db/ids";
import { batchStatements } from "../db/statements";
import {
  keptMessageId,
  messageKey,
  messageWithKey,
  messageWritten,
} from "../tickets/message-once.server";

export type AgentTicket = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: string | null;
  category: string | null;
  assigneeUserId: string | null;
  /** Answers to the portal's custom fields, by field key. */
  customFields: Record<string, string | boolean>;
  version: number;
  source: string;
  createdAt: number;
  requester: { id: string; name: string; email: string; notifyOnAgentReply: boolean };
  companyName: string | null;
  /** The portal the ticket came from, with its support form: the custom fields' definitions. */
  portal: { id: string; name: string; supportForm: SupportFormField[] } | null;
  inboxName: string;
};

const parseJson = <T>(raw: unknown, fallback: T): T => {
  if (typeof raw !== "string") return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
};

export type ThreadMessage = {
  id: string;
  visibility: "public" | "internal";
  body: string;
  createdAt: number;
  author: { kind: "contact" | "agent"; name: string };
};

/** The ticket with this number in this account, or null (a foreign number is a missing one). */
export async function findAgentTicket(
  db: Database,
  accountId: string,
  number: number,
): Promise<AgentTicket | null> {
  const [row] = await db.all<Record<string, unknown>>(sql`
    select t.id, t.number, t.subject, t.status, t.priority, t.category, t.assignee_user_id,
           t.custom_fields, t.version, t.source, t.created_at, c.id as contact_id, c.name as contact_name,
           c.sign_in_email as contact_email, c.notify_on_agent_reply, co.name as company_name,
           p.id as portal_id, p.name as portal_name, p.support_form, i.name as inbox_name
    from tickets t
    join contacts c on c.id = t.requester_contact_id and c.account_id = t.account_id
    join inboxes i on i.id = t.inbox_id and i.account_id = t.account_id
    left join companies co on co.id = t.company_id and co.account_id = t.account_id
    left join portals p on p.id = t.portal_id and p.account_id = t.account_id
    where t.account_id = ${accountId} and t.number = ${number}`);
  if (!row) return null;
  return {
    id: row.id as string,
    number: row.number as number,
    subject: row.subject as string,
    status: row.status as TicketStatus,
    priority: row.priority as string | null,
    category: row.category as string | null,
    assigneeUserId: row.assignee_user_id as string | null,
    customFields: parseJson(row.custom_fields, {}),
    version: row.version as number,
    source: row.source as string,
    createdAt: row.created_at as number,
    requester: {
      id: row.contact_id as string,
      name: row.contact_name as string,
      email: row.contact_email as string,
      notifyOnAgentReply: Boolean(row.notify_on_agent_reply),
    },
    companyName: row.company_name as string | null,
    portal: row.portal_id
      ? {
          id: row.portal_id as string,
          name: row.portal_name as string,
          supportForm: parseJson(row.support_form, []),
        }
      : null,
    inboxName: row.inbox_name as string,
  };
}

/** The whole thread, oldest first; internal notes included (agents only). */
export async function agentThread(
  db: Database,
  accountId: string,
  ticketId: string,
): Promise<ThreadMessage[]> {
  const rows = await db.all<{
    id: string;
    visibility: "public" | "internal";
    body: string;
    created_at: number;
    contact_name: string | null;
    agent_name: string | null;
  }>(sql`
    select m.id, m.visibility, m.body, m.created_at, c.name as contact_name,
           a.display_name as agent_name
    from ticket_messages m
    left join contacts c on c.id = m.author_contact_id and c.account_id = m.account_id
    left join agents a on a.account_id = m.account_id and a.user_id = m.author_user_id
    where m.account_id = ${accountId} and m.ticket_id = ${ticketId}
    order by m.created_at, m.id`);
  return rows.map((row) => ({
    id: row.id,
    visibility: row.visibility,
    body: row.body,
    createdAt: row.created_at,
    author:
      row.contact_name !== null
        ? { kind: "contact", name: row.contact_name }
        : { kind: "agent", name: row.agent_name ?? "" },
  }));
}

/**
 * An agent's message: a public reply (the ticket then waits on the contact) or an internal note
 * (the stage stays). Inserts and a plain UPDATE in one batch: parallel replies all land. Written
 * once per form key: a repeat of the same form writes nothing and answers the first submit's
 * message (`written` false); its files stay pending for the sweep.
 */
export async function addAgentMessage(
  db: Database,
  ticket: { accountId: string; id: string },
  input: {
    userId: string;
    body: string;
    visibility: "public" | "internal";
    /** From the reply form; without one the message is written like a fresh submit. */
    idempotencyKey?: string;
    /** Files stored pending for this message; attached in the same batch. */
    files?: Pick<StoredFile, "id">[];
    now?: number;
  },
): Promise<{ id: string; written: boolean }> {
  const now = input.now ?? Date.now();
  const id = newId("msg");
  const key = messageKey(ticket.id, { userId: input.userId }, input.idempotencyKey);
  const written = messageWritten(ticket.accountId, id);
  const here = sql`${tickets.accountId} = ${ticket.accountId} and ${tickets.id} = ${ticket.id} and ${written}`;
  // Already conditioned on the message row existing.
  const attach = attachStatement(
    { accountId: ticket.accountId, ticketId: ticket.id, messageId: id },
    input.files ?? [],
  );
  const results = await batchStatements(db, [
    db
      .insert(ticketMessages)
      .values({
        id,
        accountId: ticket.accountId,
        ticketId: ticket.id,
        visibility: input.visibility,
        authorUserId: input.userId,
        body: input.body,
        idempotencyKey: key,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [ticketMessages.accountId, ticketMessages.idempotencyKey] }),
    input.visibility === "public"
      ? db
          .update(tickets)
          .set({ status: "waiting_on_contact", closedAt: null, lastActivityAt: now })
          .where(here)
      : db.update(tickets).set({ lastActivityAt: now }).where(here),
    ...(attach ? [attach] : []),
    messageWithKey(ticket.accountId, key),
  ]);
  const kept = keptMessageId(results.at(-1));
  return { id: kept, written: kept === id };
}

export type TicketFields = {
  status: TicketStatus;
  priority: string | null;
  assigneeUserId: string | null;
  category: string | null;
  customFields: Record<string, string | boolean>;
};

export const FIELD_NAMES = ["status", "priority", "assigneeUserId", "category"] as const;

/**
 * Changes the ticket's fields if it is still at `version`; audited in the same batch. Returns
 * false when someone changed it in between (or the assignee is not an active agent): nothing then.
 */
export async function changeTicketFields(
  db: Database,
  by: { accountId: string; actorUserId: string; now?: number },
  ticket: AgentTicket,
  version: number,
  fields: TicketFields,
): Promise<boolean> {
  const now = by.now ?? Date.now();
  const assigneeOk = fields.assigneeUserId
    ? sql` and exists (select 1 from agents where account_id = ${by.accountId} and user_id = ${fields.assigneeUserId} and left_at is null)`
    : sql``;
  const closedAt = fields.status === "closed" ? sql`coalesce(closed_at, ${now})` : sql`${null}`;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const was = name === "status" ? ticket.status : ticket[name];
    if (was !== fields[name]) {
      before[name] = was;
      after[name] = fields[name];
    }
  }
  // Custom fields are audited answer by answer, under their key, only those that changed.
  const keys = new Set([...Object.keys(ticket.customFields), ...Object.keys(fields.customFields)]);
  const customBefore: Record<string, unknown> = {};
  const customAfter: Record<string, unknown> = {};
  for (const key of keys) {
    const was = ticket.customFields[key] ?? null;
    const is = fields.customFields[key] ?? null;
    if (was !== is) {
      customBefore[key] = was;
      customAfter[key] = is;
    }
  }
  if (Object.keys(customAfter).length > 0) {
    before.customFields = customBefore;
    after.customFields = customAfter;
  }
  const [updated] = await batchStatements(db, [
    sql`update tickets set status = ${fields.status}, priority = ${fields.priority},
          assignee_user_id = ${fields.assigneeUserId}, category = ${fields.category},
          custom_fields = ${JSON.stringify(fields.customFields)},
          closed_at = ${closedAt}, last_activity_at = ${now}, version = version + 1
        where account_id = ${by.accountId} and id = ${ticket.id} and version = ${version}${assigneeOk}
        returning id`,
    auditEntryIfChanged(
      { ...by, action: "ticket.update", target: `#${ticket.number}`, before, after },
      now,
    ),
  ]);
  return (updated?.results.length ?? 0) === 1;
}

export type NewAgentTicket = {
  contactEmail: string;
  inboxId: string;
  portalId: string | null;
  subject: string;
  body: string;
  /** From the form: a double submit creates one ticket. */
  idempotencyKey: string;
};

/**
 * A ticket an agent opens on behalf of a contact of this account (source `agent`), with the agent's
 * first message. The contact, inbox and portal are looked up inside the INSERT, scoped to the
 * account: a foreign or unknown one inserts nothing, and the caller says so.
 */
export async function createTicketForContact(
  db: Database,
  by: { accountId: string; actorUserId: string; now?: number },
  input: NewAgentTicket,
): Promise<
  | {
      number: number;
      /** Only when this call created it: the ticket, its first message and who to tell. */
      created: {
        ticketId: string;
        messageId: string;
        portalId: string | null;
        notifyContact: boolean;
      } | null;
    }
  | { error: "contact" | "inbox" }
> {
  const now = by.now ?? Date.now();
  const id = newId("tkt");
  const messageId = newId("msg");
  const key = `agent:${input.idempotencyKey}`;
  await batchStatements(db, [
    sql`insert into tickets (id, account_id, number, subject, status, requester_contact_id,
          company_id, inbox_id, portal_id, source, idempotency_key, created_at, last_activity_at)
        select ${id}, ${by.accountId},
          (select coalesce(max(number), 0) + 1 from tickets where account_id = ${by.accountId}),
          ${input.subject}, 'waiting_on_contact', c.id, c.primary_company_id, i.id,
          (select p.id from portals p where p.account_id = ${by.accountId} and p.id = ${input.portalId}),
          'agent', ${key}, ${now}, ${now}
        from contacts c join inboxes i on i.account_id = c.account_id
        where c.account_id = ${by.accountId} and c.sign_in_email = ${input.contactEmail}
          and i.id = ${input.inboxId} and i.archived_at is null
        on conflict do nothing`,
    sql`insert into ticket_messages (id, account_id, ticket_id, visibility, author_user_id, body, created_at)
        select ${messageId}, account_id, id, 'public', ${by.actorUserId}, ${input.body}, ${now}
        from tickets where id = ${id}`,
  ]);
  const [row] = await db.all<{
    id: string;
    number: number;
    portal_id: string | null;
    notify_on_agent_reply: number;
  }>(
    sql`select t.id, t.number, t.portal_id, c.notify_on_agent_reply
        from tickets t join contacts c on c.id = t.requester_contact_id
        where t.account_id = ${by.accountId} and t.idempotency_key = ${key}`,
  );
  if (row)
    return {
      number: row.number,
      // A repeated form finds the first call's ticket: it was told about then.
      created:
        row.id === id
          ? {
              ticketId: id,
              messageId,
              portalId: row.portal_id,
              notifyContact: Boolean(row.notify_on_agent_reply),
            }
          : null,
    };
  const [contact] = await db.all(
    sql`select 1 from contacts where account_id = ${by.accountId} and sign_in_email = ${input.contactEmail}`,
  );
  return { error: contact ? "inbox" : "contact" };
}
