import { type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { AccessMode, Portal } from "../../../db/schema";
import { type Access, portalAccess } from "./access";

/** A value, or a column of the surrounding query (then the subqueries are correlated with it). */
type Ref = string | SQLWrapper;

/**
 * The facts portalAccess decides on that live in other tables, as columns any query can select:
 * loadAccess asks them for one contact, the portal session check for the session's own row, so
 * signing in and staying signed in follow the same rule from the same facts.
 */
export function accessColumns(ref: { accountId: Ref; portalId: Ref; contactId: Ref }) {
  return {
    hasTicket: sql<boolean>`exists (select 1 from tickets t
      where t.account_id = ${ref.accountId} and t.requester_contact_id = ${ref.contactId})`.mapWith(
      Boolean,
    ),
    inAccessGroup: sql<boolean>`exists (select 1 from access_group_members m
      join portal_access_groups g
        on g.access_group_id = m.access_group_id and g.account_id = m.account_id
      where g.portal_id = ${ref.portalId} and m.account_id = ${ref.accountId}
        and m.contact_id = ${ref.contactId})`.mapWith(Boolean),
  };
}

export type AccessRow = {
  hasTicket: boolean;
  inAccessGroup: boolean;
  inviteStatus: "pending" | "accepted" | "failed" | null;
  revokedAt: number | null;
};

/** portalAccess over a row that selected accessColumns and the portal member's standing. */
export function accessOf(accessMode: AccessMode, row: AccessRow | undefined): Access {
  return portalAccess({
    accessMode,
    hasTicket: Boolean(row?.hasTicket),
    inAccessGroup: Boolean(row?.inAccessGroup),
    member: row?.inviteStatus
      ? { inviteStatus: row.inviteStatus, revoked: row.revokedAt !== null }
      : null,
  });
}

/** Gathers the facts portalAccess decides on, in one query. */
export async function loadAccess(db: Database, portal: Portal, contactId: string): Promise<Access> {
  const facts = accessColumns({ accountId: portal.accountId, portalId: portal.id, contactId });
  const [row] = await db.all<{
    has_ticket: number;
    in_group: number;
    invite_status: AccessRow["inviteStatus"];
    revoked_at: number | null;
  }>(sql`
    select ${facts.hasTicket} as has_ticket, ${facts.inAccessGroup} as in_group,
      pm.invite_status, pm.revoked_at
    from (select 1) left join portal_members pm
      on pm.portal_id = ${portal.id} and pm.account_id = ${portal.accountId} and pm.contact_id = ${contactId}`);
  return accessOf(
    portal.accessMode,
    row && {
      hasTicket: Boolean(row.has_ticket),
      inAccessGroup: Boolean(row.in_group),
      inviteStatus: row.invite_status,
      revokedAt: row.revoked_at,
    },
  );
}
