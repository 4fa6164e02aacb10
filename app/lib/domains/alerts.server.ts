// The email to an account's admins when an active custom domain turns misconfigured: which
// hostname, what is wrong, and when its portals stop serving (the email worker reads all of that
// from D1 at send time). One email per admin per transition: the idempotency key names the domain
// and the moment it turned, so a retried request or a second check sends nothing twice.
import { and, eq, getTableColumns, inArray, is, SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type Domain, domains, emailLog, memberships } from "../../../db/schema";
import { ADMINS } from "../dashboard/roles";
import { queuedRow } from "../email/enqueue.server";
import type { EmailMessage } from "../email/messages";

export type MisconfiguredMessage = Extract<EmailMessage, { kind: "domain_misconfigured" }>;

/** The owner and admins of the account, who get the email. */
export async function accountAdmins(db: Database, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), inArray(memberships.role, [...ADMINS])));
  return rows.map((row) => row.userId);
}

export function misconfiguredMessages(
  domain: Pick<Domain, "id" | "accountId">,
  turnedAt: number,
  adminIds: readonly string[],
): MisconfiguredMessage[] {
  return adminIds.map((userId) => ({
    kind: "domain_misconfigured",
    idempotencyKey: `domain_misconfigured:${domain.id}:${turnedAt}:${userId}`,
    accountId: domain.accountId,
    userId,
    domainId: domain.id,
  }));
}

/**
 * The queued email-log row of one message, written only if the domain is misconfigured since
 * exactly `turnedAt`, i.e. only when the conditional status update just before it in the same
 * batch won. A check that lost the race, or found the domain already misconfigured, writes none.
 */
export function queueIfTurned(
  db: Database,
  message: MisconfiguredMessage,
  turnedAt: number,
  now: number,
) {
  const row: Record<string, unknown> = { ...queuedRow(message, now), createdAt: now };
  // Every column in the table's order, as drizzle lists them for an insert … select; a column
  // this row does not name gets its default.
  const values = Object.entries(getTableColumns(emailLog)).map(([key, column]) => {
    const value = row[key];
    if (value !== undefined) return sql.param(value, column);
    if (column.default !== undefined) {
      return is(column.default, SQL) ? column.default : sql.param(column.default, column);
    }
    return sql`null`;
  });
  return db
    .insert(emailLog)
    .select(
      sql`select ${sql.join(values, sql`, `)} where exists (
        select 1 from ${domains}
        where ${domains.id} = ${message.domainId} and ${domains.accountId} = ${message.accountId}
          and ${domains.status} = 'misconfigured' and ${domains.statusChangedAt} = ${turnedAt}
      )`,
    )
    .onConflictDoNothing({ target: emailLog.idempotencyKey });
}

/**
 * Puts the logged messages on the queue. A failed send is only logged: the rows are queued in the
 * email log, and the scheduled sweep sends them when they have waited too long.
 */
export async function sendMisconfiguredMessages(
  queue: Queue<EmailMessage>,
  messages: MisconfiguredMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  try {
    await queue.sendBatch(messages.map((body) => ({ body })));
  } catch (error) {
    console.error("domain_misconfigured: queue send failed; the sweep sends it later", error);
  }
}
