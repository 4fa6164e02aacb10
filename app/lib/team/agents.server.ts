// The account's agents table kept in step with its memberships. Each statement here goes into the
// same batch as the membership change it mirrors, so the two never disagree; tenant queries (the
// ticket thread, emails) then read names from agents and never join users.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { agents, memberships } from "../../../db/schema";

/** The user becomes (or is again) one of the account's agents, under this name. */
export function agentJoins(
  db: Database,
  input: { accountId: string; userId: string; displayName: string; now: number },
) {
  return db
    .insert(agents)
    .values({
      accountId: input.accountId,
      userId: input.userId,
      displayName: input.displayName,
      createdAt: input.now,
    })
    .onConflictDoUpdate({
      target: [agents.accountId, agents.userId],
      set: { leftAt: null, displayName: input.displayName },
    });
}

/**
 * The agent row for a membership written by `INSERT … SELECT` from an open invitation: only when
 * that membership exists after the statement before it in the batch.
 */
export function agentJoinsIfMember(
  accountIdSql: ReturnType<typeof sql>,
  userId: string,
  displayName: string,
  now: number,
) {
  return sql`insert into ${agents} (account_id, user_id, display_name, created_at)
    select ${memberships.accountId}, ${memberships.userId}, ${displayName}, ${now} from ${memberships}
    where ${memberships.accountId} = (${accountIdSql}) and ${memberships.userId} = ${userId}
    on conflict (account_id, user_id) do update set left_at = null, display_name = excluded.display_name`;
}

/** After a membership was deleted in the same batch: the agent row says they left (their name stays). */
export function agentLeaves(db: Database, accountId: string, userId: string, now: number) {
  return db
    .update(agents)
    .set({ leftAt: now })
    .where(
      and(
        eq(agents.accountId, accountId),
        eq(agents.userId, userId),
        sql`not exists (select 1 from ${memberships} where ${memberships.accountId} = ${accountId} and ${memberships.userId} = ${userId})`,
      ),
    );
}
