// A message from a form is written once however often the form is submitted. The form carries a
// key made when the page was rendered; the message row stores it (UNIQUE per account) and is
// inserted ON CONFLICT DO NOTHING. Everything else the batch does for the message — the ticket's
// stage, its files, the team's emails — names the message's fresh id and happens only if a row with
// that id exists, i.e. only when this batch's insert landed. A repeat so writes nothing, and finds
// the first submit's message by the key, in the same batch (no extra round trip).
import { type SQL, sql } from "drizzle-orm";
import { newFormKey } from "../db/ids";

export type MessageAuthor = { contactId: string } | { userId: string };

/**
 * The key stored on the message: the form's key scoped to the ticket and the author, so a key can
 * only ever stand for one message of one person on one ticket. No key (a page from before forms
 * carried one) is a fresh key: that submit is written like any other.
 */
export function messageKey(ticketId: string, author: MessageAuthor, formKey?: string): string {
  const who = "contactId" in author ? `contact:${author.contactId}` : `agent:${author.userId}`;
  return `${ticketId}:${who}:${formKey ?? newFormKey()}`;
}

/** True in SQL when the message with this id was written (by this batch: its id is fresh). */
export function messageWritten(accountId: string, messageId: string): SQL {
  return sql`exists (select 1 from ticket_messages
                     where account_id = ${accountId} and id = ${messageId})`;
}

/** The message stored under the key: this batch's, or the one a first submit wrote. */
export function messageWithKey(accountId: string, key: string): SQL {
  return sql`select id from ticket_messages where account_id = ${accountId} and idempotency_key = ${key}`;
}

/** The id `messageWithKey` found, from its D1 result. */
export function keptMessageId(result: D1Result | undefined): string {
  const row = result?.results[0] as { id: string } | undefined;
  if (!row) throw new Error("message insert left no message under its key");
  return row.id;
}
