import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { Portal } from "../tenancy/resolve.server";
import { type Access, portalAccess } from "./access";

/** Gathers the facts portalAccess decides on, in one query. */
export async function loadAccess(db: Database, portal: Portal, contactId: string): Promise<Access> {
  const [row] = await db.all<{
    has_ticket: number;
    in_group: number;
    invite_status: "pending" | "accepted" | "failed" | null;
    revoked_at: number | null;
  }>(sql`
    select
      exists (select 1 from tickets
              where account_id = ${portal.accountId} and requester_contact_id = ${contactId}) as has_ticket,
      exists (select 1 from access_group_members m
              join portal_access_groups g
                on g.access_group_id = m.access_group_id and g.account_id = m.account_id
              where g.portal_id = ${portal.id} and m.account_id = ${portal.accountId}
                and m.contact_id = ${contactId}) as in_group,
      pm.invite_status, pm.revoked_at
    from (select 1) left join portal_members pm
      on pm.portal_id = ${portal.id} and pm.account_id = ${portal.accountId} and pm.contact_id = ${contactId}`);
  return portalAccess({
    accessMode: portal.accessMode,
    hasTicket: Boolean(row?.has_ticket),
    inAccessGroup: Boolean(row?.in_group),
    member: row?.invite_status
      ? { inviteStatus: row.invite_status, revoked: row.revoked_at !== null }
      : null,
  });
}
