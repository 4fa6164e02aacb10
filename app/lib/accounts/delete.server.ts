// Deleting an account: every row that belongs to it goes, in one D1 batch, children before the rows
// they point at, so the foreign keys hold at every step and nothing is left half-deleted. Users stay
// (a teammate keeps their user, their sessions and their other accounts); only their membership
// of this account ends. The search index of the account's tickets goes with them: the tickets'
// delete triggers (migration 0006) clear it, and the first two statements take it all at once.
import { eq, type SQL, sql } from "drizzle-orm";
import { sqliteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/client";
import { type Account, domains } from "../../../db/schema";
import { deleteAccountObjects } from "../attachments/removal.server";

/**
 * The tables an account's rows live in, in the order they are deleted, each with the condition that
 * finds the account's rows. Every table with an account_id column is here (a test compares this
 * with the schema), plus the search tables, which key on the account differently.
 */
function accountRows(accountId: string): [table: string, where: SQL][] {
  const byAccount = sql`account_id = ${accountId}`;
  // A portal session or link always names its account; these also catch any that names only the
  // portal or contact, so a foreign key can never stop the batch.
  const byAccountPortalOrContact = sql`account_id = ${accountId}
    or portal_id in (select id from portals where account_id = ${accountId})
    or contact_id in (select id from contacts where account_id = ${accountId})`;
  return [
    [
      "ticket_search",
      sql`rowid in (select id from ticket_search_docs where account_id = ${accountId})`,
    ],
    ["ticket_search_docs", byAccount],
    [
      "helpdesk_search",
      sql`rowid in (select id from helpdesk_search_docs where account_id = ${accountId})`,
    ],
    ["helpdesk_search_docs", byAccount],
    // Before the messages, contacts and users its rows name; the objects go after the batch.
    ["attachments", byAccount],
    ["ticket_messages", byAccount],
    ["tickets", byAccount],
    ["sessions", byAccountPortalOrContact],
    ["one_time_tokens", byAccountPortalOrContact],
    [
      "email_log",
      sql`${byAccount} or portal_id in (select id from portals where account_id = ${accountId})`,
    ],
    ["audit_log", byAccount],
    ["saved_replies", byAccount],
    ["team_invites", byAccount],
    ["import_rows", byAccount],
    ["imports", byAccount],
    ["portal_members", byAccount],
    ["portal_access_groups", byAccount],
    ["access_group_members", byAccount],
    ["access_groups", byAccount],
    ["contact_companies", byAccount],
    ["contact_addresses", byAccount],
    ["portals", byAccount],
    ["contacts", byAccount],
    ["companies", byAccount],
    ["inboxes", byAccount],
    ["agents", byAccount],
    ["domains", byAccount],
    ["memberships", byAccount],
    ["accounts", sql`id = ${accountId}`],
  ];
}

/**
 * A table addressed by its name alone, for a DELETE whose condition is plain SQL. The search tables
 * live only in hand-written migrations, and Drizzle's batch takes query builders, not raw SQL.
 */
const byName = (name: string) => sqliteTable(name, {});

/** The tables deletion covers, in order (for the test that keeps it complete). */
export const ACCOUNT_TABLES: readonly string[] = accountRows("").map(([table]) => table);

/**
 * Deletes the account and everything of it; returns the hostnames that served it, which the caller
 * makes every cache forget so its portals stop serving at once. The files' objects in `bucket` go
 * once the rows have: every key starts with the account's id.
 */
export async function deleteAccount(
  db: Database,
  bucket: R2Bucket,
  account: Pick<Account, "id">,
): Promise<string[]> {
  const statements = accountRows(account.id).map(([table, where]) =>
    // The domains' rows say, as they go, which hostnames stop serving.
    table === "domains"
      ? db
          .delete(domains)
          .where(eq(domains.accountId, account.id))
          .returning({ hostname: domains.hostname })
      : db.delete(byName(table)).where(where),
  );
  const [first, ...rest] = statements;
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  await deleteAccountObjects(bucket, account.id);
  const removed = results[ACCOUNT_TABLES.indexOf("domains")] as { hostname: string }[];
  return removed.map((row) => row.hostname);
}
