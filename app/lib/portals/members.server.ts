// A portal's Members tab: who has standing on the portal, and the admin's actions on one of them.
//
//   standing = a portal_members row (invited, registered, signed in, revoked)
//            + on an access-group portal, the members of its access groups without a row yet
//
// A member is named by their contact id, always together with the account from the guard and the
// portal of the URL: a contact without standing on this portal is the same 404 as a missing one.
// What an admin may do to a member is decided by `memberStanding` (members.ts); every write runs in
// one D1 batch with its audit entry, and an email is put on the queue only after its log row and
// its link are stored (should the send fail, the scheduled sweep queues it again).
import { and, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  type Domain,
  emailLog,
  type Portal,
  portalMembers,
  sessions,
} from "../../../db/schema";
import { audited } from "../audit/audit.server";
import { accessColumns } from "../auth/access.server";
import { countEmailRequest } from "../auth/email-request.server";
import { countLink, newLink } from "../auth/portal-auth.server";
import type { Config } from "../config";
import { newId } from "../db/ids";
import { queuedRow } from "../email/enqueue.server";
import type { EmailMessage } from "../email/messages";
import { mayDeliver } from "../email/policy";
import {
  MEMBERS_PAGE_SIZE,
  type MemberAction,
  memberStanding,
  type PortalMember,
  SEARCH_MAX_LENGTH,
} from "./members";

export type MembersPage = { members: PortalMember[]; nextCursor: string | null };

type Row = {
  id: string;
  name: string;
  sign_in_email: string;
  email: string;
  has_password: number;
  has_row: number;
  invite_status: "pending" | "accepted" | "failed" | null;
  invited_at: number | null;
  last_sign_in_at: number | null;
  revoked_at: number | null;
  has_ticket: number;
  access_groups: string;
};

/** The columns a member is shown and judged by, for a query over `contacts c` and `s` (standing). */
function memberColumns(portal: Portal): SQL {
  const facts = accessColumns({
    accountId: portal.accountId,
    portalId: portal.id,
    contactId: sql`c.id`,
  });
  return sql`c.id, c.name, c.sign_in_email, c.email, c.password_hash is not null as has_password,
    s.has_row, s.invite_status, s.invited_at, s.last_sign_in_at, s.revoked_at,
    ${facts.hasTicket} as has_ticket,
    (select json_group_array(ag.name) from portal_access_groups g
      join access_group_members m
        on m.access_group_id = g.access_group_id and m.account_id = g.account_id
      join access_groups ag on ag.id = g.access_group_id and ag.account_id = g.account_id
      where g.portal_id = ${portal.id} and g.account_id = ${portal.accountId}
        and m.contact_id = c.id) as access_groups`;
}

/** Contact ids with standing on the portal, with their row's facts (null when there is none). */
function standing(portal: Portal, contactId?: string): SQL {
  const one = (column: SQL) => (contactId ? sql` and ${column} = ${contactId}` : sql``);
  const rows = sql`select pm.contact_id, 1 as has_row, pm.invite_status, pm.invited_at,
      pm.last_sign_in_at, pm.revoked_at
    from portal_members pm
    where pm.account_id = ${portal.accountId} and pm.portal_id = ${portal.id}${one(sql`pm.contact_id`)}`;
  if (portal.accessMode !== "access_groups") return rows;
  return sql`${rows}
    union all
    select distinct m.contact_id, 0, null, null, null, null
    from portal_access_groups g
    join access_group_members m
      on m.access_group_id = g.access_group_id and m.account_id = g.account_id
    where g.account_id = ${portal.accountId} and g.portal_id = ${portal.id}${one(sql`m.contact_id`)}
      and not exists (select 1 from portal_members pm
        where pm.portal_id = g.portal_id and pm.contact_id = m.contact_id)`;
}

function toMember(portal: Portal, row: Row): PortalMember {
  const accessGroups = (JSON.parse(row.access_groups || "[]") as string[]).sort((a, b) =>
    a.localeCompare(b),
  );
  return {
    contactId: row.id,
    name: row.name,
    signInEmail: row.sign_in_email ?? row.email,
    accessGroups,
    lastSignInAt: row.last_sign_in_at,
    ...memberStanding({
      accessMode: portal.accessMode,
      member:
        row.has_row && row.invite_status
          ? {
              inviteStatus: row.invite_status,
              invitedAt: row.invited_at,
              revokedAt: row.revoked_at,
            }
          : null,
      inAccessGroup: accessGroups.length > 0,
      hasTicket: Boolean(row.has_ticket),
      hasPassword: Boolean(row.has_password),
    }),
  };
}

/** `%…%` for LIKE, with the user's own `%`, `_` and `\` taken literally. */
function contains(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * One page of the portal's members by name (case-insensitive), then id; optionally only those whose
 * name or email contains `search`. The cursor is the last member's contact id: the next page starts
 * after that contact's (name, id), so a page never repeats or skips a member who stays put.
 */
export async function listPortalMembers(
  db: Database,
  portal: Portal,
  options: { search?: string | null; cursor?: string | null } = {},
): Promise<MembersPage> {
  const search = options.search?.trim().slice(0, SEARCH_MAX_LENGTH) ?? "";
  const cursor = options.cursor && /^[\w-]{1,100}$/.test(options.cursor) ? options.cursor : null;
  const filters: SQL[] = [];
  if (search) {
    const pattern = contains(search);
    filters.push(sql`(c.name like ${pattern} escape '\\' or c.sign_in_email like ${pattern} escape '\\'
      or c.email like ${pattern} escape '\\')`);
  }
  if (cursor) {
    filters.push(sql`exists (select 1 from contacts after
      where after.account_id = ${portal.accountId} and after.id = ${cursor}
        and (c.name collate nocase > after.name
          or (c.name collate nocase = after.name and c.id > after.id)))`);
  }
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  const rows = await db.all<Row>(sql`
    with s as (${standing(portal)})
    select ${memberColumns(portal)}
    from s join contacts c on c.id = s.contact_id and c.account_id = ${portal.accountId}
    ${where}
    order by c.name collate nocase, c.id
    limit ${MEMBERS_PAGE_SIZE + 1}`);
  const members = rows.slice(0, MEMBERS_PAGE_SIZE).map((row) => toMember(portal, row));
  const last = members[members.length - 1];
  return {
    members,
    nextCursor: rows.length > MEMBERS_PAGE_SIZE && last ? last.contactId : null,
  };
}

/** The member a form names, if they have standing on this portal of the guard's account. */
export async function findPortalMember(
  db: Database,
  portal: Portal,
  contactId: string,
): Promise<PortalMember | null> {
  const [row] = await db.all<Row>(sql`
    with s as (${standing(portal, contactId)})
    select ${memberColumns(portal)}
    from s join contacts c on c.id = s.contact_id and c.account_id = ${portal.accountId}
    limit 1`);
  return row ? toMember(portal, row) : null;
}

export type MemberScope = {
  db: Database;
  queue: Queue<EmailMessage>;
  config: Config;
  account: Account;
  portal: Portal;
  domain: Domain;
  actorUserId: string;
  /** The admin's client address: a password reset counts against the portal's own limits. */
  ip: string;
};

export type MemberOutcome =
  | { ok: true; action: "invite"; emailed: true }
  /** No email may go out (a system domain): the admin gets the link, this once. */
  | { ok: true; action: "invite"; emailed: false; reason: string; token: string }
  | { ok: true; action: Exclude<MemberAction, "invite"> }
  | { ok: false; error: "members.error.notAllowed" }
  | { ok: false; error: "members.error.rateLimited"; retryAt: number };

/** Runs an admin's action on a member; the action must be one `memberStanding` offers them. */
export async function actOnMember(
  scope: MemberScope,
  member: PortalMember,
  action: MemberAction,
  now = Date.now(),
): Promise<MemberOutcome> {
  if (!member.actions.includes(action)) return { ok: false, error: "members.error.notAllowed" };
  switch (action) {
    case "invite":
      return invite(scope, member, now);
    case "password_reset":
      return passwordReset(scope, member, now);
    case "revoke":
      return revoke(scope, member, now);
    case "restore":
      return restore(scope, member, now);
  }
}

function auditOf(scope: MemberScope, member: PortalMember, action: string) {
  return {
    accountId: scope.account.id,
    actorUserId: scope.actorUserId,
    action,
    target: `${member.signInEmail} (${scope.portal.name})`,
  };
}

function memberKey(scope: MemberScope, member: PortalMember) {
  return {
    accountId: scope.account.id,
    portalId: scope.portal.id,
    contactId: member.contactId,
  };
}

function memberWhere(scope: MemberScope, member: PortalMember) {
  return and(
    eq(portalMembers.accountId, scope.account.id),
    eq(portalMembers.portalId, scope.portal.id),
    eq(portalMembers.contactId, member.contactId),
  );
}

/**
 * A fresh invite link, always queued: the email worker decides at send time whether it may go out
 * (and logs `skipped: system domain` when not). The page asks the same rule now, with the domain as
 * D1 has it, to hand the admin the link when no email will carry it.
 */
async function invite(scope: MemberScope, member: PortalMember, now: number) {
  const limit = await countLink(scope.db, member.contactId, now);
  if (!limit.allowed) {
    return { ok: false, error: "members.error.rateLimited", retryAt: limit.retryAt } as const;
  }
  const { db } = scope;
  const key = memberKey(scope, member);
  const link = newLink(db, key, "access_group_invite", now);
  const message: EmailMessage = {
    kind: "access_group_invite",
    idempotencyKey: `access_group_invite:${link.id}`,
    ...key,
    token: link.token,
  };
  await audited(
    db,
    {
      ...auditOf(scope, member, "member.invite"),
      before: { status: member.status },
      after: { status: "pending" },
    },
    [
      link.statement,
      db.insert(emailLog).values(queuedRow(message, now)),
      // Invited now; an accepted member stays accepted (the button is not offered, but two tabs).
      db
        .insert(portalMembers)
        .values({ id: newId("pmb"), ...key, inviteStatus: "pending", invitedAt: now })
        .onConflictDoUpdate({
          target: [portalMembers.portalId, portalMembers.contactId],
          set: { inviteStatus: "pending", invitedAt: now },
          setWhere: and(
            eq(portalMembers.accountId, scope.account.id),
            ne(portalMembers.inviteStatus, "accepted"),
            isNull(portalMembers.revokedAt),
          ),
        }),
    ],
    now,
  );
  await scope.queue.send(message);
  const delivery = mayDeliver(
    "access_group_invite",
    { accessMode: scope.portal.accessMode, domain: scope.domain },
    now,
    scope.config.misconfiguredGraceMs,
  );
  if (delivery.send) return { ok: true, action: "invite", emailed: true } as const;
  return {
    ok: true,
    action: "invite",
    emailed: false,
    reason: delivery.reason,
    token: link.token,
  } as const;
}

/** As the portal's own "forgot password": the same limits, the same link, the same email. */
async function passwordReset(scope: MemberScope, member: PortalMember, now: number) {
  const { db } = scope;
  const [request, link] = await Promise.all([
    countEmailRequest(
      db,
      scope.config,
      { ip: scope.ip, scope: scope.account.id, email: member.signInEmail },
      now,
    ),
    countLink(db, member.contactId, now),
  ]);
  if (!request.allowed || !link.allowed) {
    const retryAt = Math.max(
      request.allowed ? 0 : request.retryAt,
      link.allowed ? 0 : link.retryAt,
    );
    return { ok: false, error: "members.error.rateLimited", retryAt } as const;
  }
  const key = memberKey(scope, member);
  const reset = newLink(db, key, "password_reset", now);
  const message: EmailMessage = {
    kind: "password_reset",
    idempotencyKey: `password_reset:${reset.id}`,
    ...key,
    token: reset.token,
  };
  await audited(db, auditOf(scope, member, "member.password_reset"), [
    reset.statement,
    db.insert(emailLog).values(queuedRow(message, now)),
  ]);
  await scope.queue.send(message);
  return { ok: true, action: "password_reset" } as const;
}

/**
 * Revoked, and signed out of this portal in the same batch: the portal checks access on every
 * request too, so even a session created meanwhile is no session from now on.
 */
async function revoke(scope: MemberScope, member: PortalMember, now: number) {
  const { db } = scope;
  const key = memberKey(scope, member);
  await audited(
    db,
    {
      ...auditOf(scope, member, "member.revoke"),
      before: { revoked: false },
      after: { revoked: true },
    },
    [
      // A group member never invited gets a row that says only "revoked" (invited_at stays null).
      db
        .insert(portalMembers)
        .values({ id: newId("pmb"), ...key, inviteStatus: "pending", revokedAt: now })
        .onConflictDoUpdate({
          target: [portalMembers.portalId, portalMembers.contactId],
          set: { revokedAt: now },
          setWhere: and(
            eq(portalMembers.accountId, scope.account.id),
            isNull(portalMembers.revokedAt),
          ),
        }),
      db
        .delete(sessions)
        .where(
          and(
            eq(sessions.kind, "portal"),
            eq(sessions.accountId, scope.account.id),
            eq(sessions.portalId, scope.portal.id),
            eq(sessions.contactId, member.contactId),
          ),
        ),
    ],
    now,
  );
  return { ok: true, action: "revoke" } as const;
}

/** Access as before the revoke: the member signs in again with their password. */
async function restore(scope: MemberScope, member: PortalMember, now: number) {
  const { db } = scope;
  await audited(
    db,
    {
      ...auditOf(scope, member, "member.restore"),
      before: { revoked: true },
      after: { revoked: false },
    },
    [db.update(portalMembers).set({ revokedAt: null }).where(memberWhere(scope, member))],
    now,
  );
  return { ok: true, action: "restore" } as const;
}
