// A dashboard user's help-desk preferences, one set per account they work in: which ticket emails
// they get, and whether the desk's single-key shortcuts are on. Only ever their own agent rows.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { accounts, agents, memberships } from "../../../db/schema";

export type AgentPreferences = {
  notifyNewTicket: boolean;
  notifyCustomerReplied: boolean;
  keyboardShortcuts: boolean;
};

/** The user's preferences in every account they are a member of, by account name. */
export function agentPreferences(db: Database, userId: string) {
  return db
    .select({
      accountName: accounts.name,
      accountSlug: accounts.slug,
      notifyNewTicket: agents.notifyNewTicket,
      notifyCustomerReplied: agents.notifyCustomerReplied,
      keyboardShortcuts: agents.keyboardShortcuts,
    })
    .from(agents)
    .innerJoin(
      memberships,
      and(eq(memberships.accountId, agents.accountId), eq(memberships.userId, agents.userId)),
    )
    .innerJoin(accounts, eq(accounts.id, agents.accountId))
    .where(and(eq(agents.userId, userId), isNull(agents.leftAt)))
    .orderBy(asc(accounts.name), asc(accounts.slug));
}

/**
 * Saves the user's preferences in the account with this slug, in one conditional UPDATE: only their
 * own row, only while they are a member. False when there is no such row (not their account).
 */
export async function saveAgentPreferences(
  db: Database,
  userId: string,
  accountSlug: string,
  preferences: AgentPreferences,
): Promise<boolean> {
  const updated = await db
    .update(agents)
    .set(preferences)
    .where(
      and(
        eq(agents.userId, userId),
        isNull(agents.leftAt),
        eq(
          agents.accountId,
          sql`(select ${accounts.id} from ${accounts} where ${accounts.slug} = ${accountSlug})`,
        ),
        sql`exists (select 1 from ${memberships} where ${memberships.accountId} = ${agents.accountId} and ${memberships.userId} = ${userId})`,
      ),
    )
    .returning({ accountId: agents.accountId });
  return updated.length > 0;
}

/**
 * What the desk's pages need of the signed-in agent in this account: their display name (for a saved
 * reply's {{agent.first_name}}) and whether single-key shortcuts are on. Without an agent row (not
 * expected for a member) shortcuts stay on, the default.
 */
export async function deskAgent(db: Database, accountId: string, userId: string) {
  const row = await db
    .select({ displayName: agents.displayName, keyboardShortcuts: agents.keyboardShortcuts })
    .from(agents)
    .where(and(eq(agents.accountId, accountId), eq(agents.userId, userId)))
    .get();
  return { displayName: row?.displayName ?? "", keyboardShortcuts: row?.keyboardShortcuts ?? true };
}
