// The account's teammates: who they are, and the three changes an admin or the owner makes to them.
// Each change is one D1 batch: a conditional write that holds only if the teammate is still as the
// page saw them, and its audit entry, written only when that write changed a row. Two admins acting
// at once therefore never leave a half-done change, two owners or none.
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  type InvitableRole,
  memberships,
  type Role,
  tickets,
  users,
} from "../../../db/schema";
import { auditEntryIfChanged } from "../audit/audit.server";
import { batchStatements, changed } from "../db/statements";
import { agentLeaves } from "./agents.server";

export type Teammate = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: number;
};

const ROLE_ORDER = sql`case ${memberships.role} when 'owner' then 0 when 'admin' then 1 else 2 end`;

function teammates(db: Database) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
}

/** The account's members, the owner first, then admins, then agents, each by name. */
export function listTeammates(db: Database, accountId: string): Promise<Teammate[]> {
  return teammates(db)
    .where(eq(memberships.accountId, accountId))
    .orderBy(ROLE_ORDER, asc(users.name), asc(users.email));
}

/** One member of the account; null for a user who is not (a foreign id reads like a missing one). */
export async function findTeammate(
  db: Database,
  accountId: string,
  userId: string,
): Promise<Teammate | null> {
  const [teammate] = await teammates(db).where(
    and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)),
  );
  return teammate ?? null;
}

type Change = { account: Pick<Account, "id">; actorUserId: string; now?: number };

/** admin ↔ agent. False when the teammate's role changed (or they left) since the page was read. */
export async function changeRole(
  db: Database,
  input: Change & { teammate: Teammate; role: InvitableRole },
): Promise<boolean> {
  const { teammate, role } = input;
  const [updated] = await batchStatements(db, [
    db
      .update(memberships)
      .set({ role })
      .where(
        and(
          eq(memberships.accountId, input.account.id),
          eq(memberships.userId, teammate.userId),
          eq(memberships.role, teammate.role),
          ne(memberships.role, "owner"),
        ),
      ),
    auditEntryIfChanged(
      {
        accountId: input.account.id,
        actorUserId: input.actorUserId,
        action: "team.role_change",
        target: teammate.email,
        before: { role: teammate.role },
        after: { role },
      },
      input.now,
    ),
  ]);
  return changed(updated) === 1;
}

/**
 * Ends the teammate's membership of this account, never the owner's. Their sessions stay (they may
 * belong to other accounts); the guard reads memberships on every request, so this account is gone
 * for them from their next request. Tickets assigned to them here are unassigned in the same batch,
 * so nothing points at someone who left.
 */
export async function removeTeammate(
  db: Database,
  input: Change & { teammate: Teammate },
): Promise<boolean> {
  const { teammate } = input;
  const accountId = input.account.id;
  const [removed] = await batchStatements(db, [
    db
      .delete(memberships)
      .where(
        and(
          eq(memberships.accountId, accountId),
          eq(memberships.userId, teammate.userId),
          ne(memberships.role, "owner"),
        ),
      ),
    auditEntryIfChanged(
      {
        accountId,
        actorUserId: input.actorUserId,
        action: "team.remove",
        target: teammate.email,
        before: { name: teammate.name, role: teammate.role },
      },
      input.now,
    ),
    agentLeaves(db, accountId, teammate.userId, input.now ?? Date.now()),
    db
      .update(tickets)
      .set({ assigneeUserId: null })
      .where(
        and(
          eq(tickets.accountId, accountId),
          eq(tickets.assigneeUserId, teammate.userId),
          sql`not exists (select 1 from ${memberships} where ${memberships.accountId} = ${accountId} and ${memberships.userId} = ${teammate.userId})`,
        ),
      ),
  ]);
  return changed(removed) === 1;
}

/**
 * The owner hands the account to one of its admins and becomes an admin. Two conditional updates in
 * one batch: the admin becomes owner only while the current owner still is one, and the current owner
 * steps down only once the admin has become owner; so two transfers at once leave exactly one owner.
 */
export async function transferOwnership(
  db: Database,
  input: Change & { owner: Teammate; teammate: Teammate },
): Promise<boolean> {
  const accountId = input.account.id;
  const { owner, teammate } = input;
  const isOwner = (userId: string) =>
    sql`exists (select 1 from ${memberships} where ${memberships.accountId} = ${accountId} and ${memberships.userId} = ${userId} and ${memberships.role} = 'owner')`;
  const [, steppedDown] = await batchStatements(db, [
    db
      .update(memberships)
      .set({ role: "owner" })
      .where(
        and(
          eq(memberships.accountId, accountId),
          eq(memberships.userId, teammate.userId),
          eq(memberships.role, "admin"),
          isOwner(owner.userId),
        ),
      ),
    db
      .update(memberships)
      .set({ role: "admin" })
      .where(
        and(
          eq(memberships.accountId, accountId),
          eq(memberships.userId, owner.userId),
          eq(memberships.role, "owner"),
          isOwner(teammate.userId),
        ),
      ),
    auditEntryIfChanged(
      {
        accountId,
        actorUserId: input.actorUserId,
        action: "team.transfer_ownership",
        target: teammate.email,
        before: { owner: owner.email },
        after: { owner: teammate.email },
      },
      input.now,
    ),
  ]);
  return changed(steppedDown) === 1;
}
