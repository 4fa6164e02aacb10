// "Require two-factor" per account: the owner's switch, who in the team has two-factor, and the
// entries that tell each account's audit log when one of its members turns it on or off.
// Enforcement itself is one line in the account guard (app/lib/dashboard/guard.server.ts).
import { asc, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../../db/client";
import {
  type Account,
  accounts,
  auditLog,
  memberships,
  twoFactorSecrets,
  users,
} from "../../../db/schema";
import { audited } from "../audit/audit.server";

export async function setRequireTwoFactor(
  db: Database,
  account: Pick<Account, "id" | "requireTwoFactor">,
  actorUserId: string,
  requireTwoFactor: boolean,
  now = Date.now(),
): Promise<void> {
  if (account.requireTwoFactor === requireTwoFactor) return;
  await audited(
    db,
    {
      accountId: account.id,
      actorUserId,
      action: "account.require_two_factor",
      before: { requireTwoFactor: account.requireTwoFactor },
      after: { requireTwoFactor },
    },
    [db.update(accounts).set({ requireTwoFactor }).where(eq(accounts.id, account.id))],
    now,
  );
}

/** The account's members and whether each has two-factor on, by name. */
export function teamTwoFactor(db: Database, accountId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      twoFactor: sql<boolean>`${twoFactorSecrets.enabledAt} is not null`.mapWith(Boolean),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      twoFactorSecrets,
      sql`${twoFactorSecrets.userId} = ${users.id} and ${isNotNull(twoFactorSecrets.enabledAt)}`,
    )
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(users.name), asc(users.email));
}

/**
 * One audit entry in every account the user belongs to, in one statement: a member's two-factor
 * is a fact each of their accounts' owners may need to know. `onlyIf` makes it conditional on the
 * same check as the change it records (so a change that did not happen leaves no entry).
 */
export function memberAuditEntries(
  db: Database,
  input: { userId: string; email: string; action: string; onlyIf?: SQL },
  now: number,
): BatchItem<"sqlite"> {
  return db.insert(auditLog).select(
    sql`select 'aud_' || lower(hex(randomblob(12))), ${memberships.accountId}, ${input.userId},
      ${input.action}, ${input.email}, '{"before":{},"after":{}}', ${now}
      from ${memberships} where ${memberships.userId} = ${input.userId}
      ${input.onlyIf ? sql`and ${input.onlyIf}` : sql``}`,
  );
}
