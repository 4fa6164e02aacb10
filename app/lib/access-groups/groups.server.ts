// An account's access groups: who is in each, which portals admit it, and the admin's writes.
//
// Every query is scoped to the guard's account; a group, contact or portal id from a URL or a form
// is used only together with it, so a foreign id finds nothing (the same 404 as a missing one).
// Every write runs in one D1 batch with its audit entry. Taking a contact out of a portal's last
// access group ends their sessions on that portal in the same batch (the portal checks access on
// every request too, so a session created meanwhile is no session either).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  accessGroupMembers,
  accessGroups,
  contacts,
  type Domain,
  domains,
  emailLog,
  type Portal,
  portalAccessGroups,
  portalMembers,
  portals,
} from "../../../db/schema";
import { auditEntry } from "../audit/audit.server";
import { LINK_TTL_MS } from "../auth/links.server";
import { newToken } from "../auth/tokens";
import { newId } from "../db/ids";
import { batchStatements, type Statement } from "../db/statements";
import { queuedRow } from "../email/enqueue.server";
import type { EmailMessage } from "../email/messages";
import { type Delivery, mayDeliver } from "../email/policy";

export type GroupScope = { db: Database; accountId: string; actorUserId: string };

export type AccessGroupSummary = {
  id: string;
  name: string;
  members: number;
  portals: string[];
};

/** The queue takes at most 100 messages per `sendBatch`. */
export const QUEUE_BATCH_MAX = 100;
export const CONTACT_SEARCH_LIMIT = 20;
/** IDs a form may name at once (a page of members), far under D1's 100 bound parameters. */
export const MAX_IDS_PER_FORM = 50;

export async function listAccessGroups(
  db: Database,
  accountId: string,
): Promise<AccessGroupSummary[]> {
  const rows = await db.all<{ id: string; name: string; members: number; portals: string }>(sql`
    select g.id, g.name,
      (select count(*) from access_group_members m
        where m.access_group_id = g.id and m.account_id = g.account_id) as members,
      (select json_group_array(p.name) from portal_access_groups pg
        join portals p on p.id = pg.portal_id and p.account_id = pg.account_id
        where pg.access_group_id = g.id and pg.account_id = g.account_id) as portals
    from access_groups g
    where g.account_id = ${accountId}
    order by g.name collate nocase, g.id`);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    members: Number(row.members),
    portals: (JSON.parse(row.portals || "[]") as string[]).sort((a, b) => a.localeCompare(b)),
  }));
}

export async function findAccessGroup(db: Database, accountId: string, id: string | undefined) {
  if (!id || !/^[\w-]{1,100}$/.test(id)) return null;
  const [group] = await db
    .select({ id: accessGroups.id, name: accessGroups.name })
    .from(accessGroups)
    .where(and(eq(accessGroups.accountId, accountId), eq(accessGroups.id, id)));
  return group ?? null;
}

export type GroupPortal = {
  portal: Portal;
  domain: Domain;
  /** This group is the only one the portal admits: deleting it would lock everyone out. */
  onlyGroup: boolean;
};

/** The portals that admit this group, with their domains. */
export async function groupPortals(
  db: Database,
  accountId: string,
  groupId: string,
): Promise<GroupPortal[]> {
  const rows = await db
    .select({
      portal: portals,
      domain: domains,
      groups: sql<number>`(select count(*) from portal_access_groups o
        where o.portal_id = ${portals.id} and o.account_id = ${portals.accountId})`,
    })
    .from(portalAccessGroups)
    .innerJoin(
      portals,
      and(eq(portals.id, portalAccessGroups.portalId), eq(portals.accountId, accountId)),
    )
    .innerJoin(domains, and(eq(domains.id, portals.domainId), eq(domains.accountId, accountId)))
    .where(
      and(
        eq(portalAccessGroups.accountId, accountId),
        eq(portalAccessGroups.accessGroupId, groupId),
      ),
    )
    .orderBy(asc(portals.name));
  return rows.map((row) => ({
    portal: row.portal,
    domain: row.domain,
    onlyGroup: row.portal.accessMode === "access_groups" && Number(row.groups) === 1,
  }));
}

export type GroupMember = { contactId: string; name: string; signInEmail: string };

export async function listGroupMembers(
  db: Database,
  accountId: string,
  groupId: string,
): Promise<GroupMember[]> {
  const rows = await db
    .select({ contactId: contacts.id, name: contacts.name, signInEmail: contacts.signInEmail })
    .from(accessGroupMembers)
    .innerJoin(
      contacts,
      and(eq(contacts.id, accessGroupMembers.contactId), eq(contacts.accountId, accountId)),
    )
    .where(
      and(
        eq(accessGroupMembers.accountId, accountId),
        eq(accessGroupMembers.accessGroupId, groupId),
      ),
    )
    .orderBy(sql`${contacts.name} collate nocase`, contacts.id);
  return rows.map((row) => ({ ...row, signInEmail: row.signInEmail ?? "" }));
}

/** `%…%` for LIKE, with the user's own `%`, `_` and `\` taken literally. */
function contains(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The account's contacts not in the group whose name or either address contains `search`. */
export async function searchContacts(
  db: Database,
  accountId: string,
  groupId: string,
  search: string,
): Promise<GroupMember[]> {
  if (!search) return [];
  const pattern = contains(search);
  return db.all<GroupMember>(sql`
    select c.id as contactId, c.name, coalesce(c.sign_in_email, c.email) as signInEmail
    from contacts c
    where c.account_id = ${accountId}
      and (c.name like ${pattern} escape '\\' or c.email like ${pattern} escape '\\'
        or c.sign_in_email like ${pattern} escape '\\')
      and not exists (select 1 from access_group_members m
        where m.access_group_id = ${groupId} and m.contact_id = c.id)
    order by c.name collate nocase, c.id
    limit ${CONTACT_SEARCH_LIMIT}`);
}

export type NameOutcome = { ok: true; id: string } | { ok: false; error: "groups.error.nameTaken" };

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? error);
  return /UNIQUE constraint failed/i.test(text) || /UNIQUE constraint failed/i.test(String(error));
}

/** A new group; the name is unique per account (the index decides, even for two at once). */
export async function createAccessGroup(scope: GroupScope, name: string): Promise<NameOutcome> {
  const { db, accountId } = scope;
  const id = newId("grp");
  try {
    await db.batch([
      db.insert(accessGroups).values({ id, accountId, name }),
      auditEntry(db, {
        accountId,
        actorUserId: scope.actorUserId,
        action: "group.create",
        target: name,
        after: { name },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "groups.error.nameTaken" };
    throw error;
  }
  return { ok: true, id };
}

export async function renameAccessGroup(
  scope: GroupScope,
  group: { id: string; name: string },
  name: string,
): Promise<NameOutcome> {
  const { db, accountId } = scope;
  if (name === group.name) return { ok: true, id: group.id };
  try {
    await db.batch([
      db
        .update(accessGroups)
        .set({ name })
        .where(and(eq(accessGroups.accountId, accountId), eq(accessGroups.id, group.id))),
      auditEntry(db, {
        accountId,
        actorUserId: scope.actorUserId,
        action: "group.rename",
        target: name,
        before: { name: group.name },
        after: { name },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "groups.error.nameTaken" };
    throw error;
  }
  return { ok: true, id: group.id };
}

/**
 * Portal sessions of the group's members (all, or `contactIds`) on access-group portals that admit
 * this group and no other group the contact is in: what they lose when they leave this group.
 * Runs before the membership rows go, in the same batch.
 */
function endSessionsSql(accountId: string, groupId: string, contactIds: string[] | null) {
  const who = contactIds
    ? sql`s.contact_id in (${sql.join(
        contactIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`s.contact_id in (select m.contact_id from access_group_members m
        where m.access_group_id = ${groupId} and m.account_id = ${accountId})`;
  return sql`delete from sessions as s
    where s.kind = 'portal' and s.account_id = ${accountId} and ${who}
      and s.portal_id in (select pg.portal_id from portal_access_groups pg
        join portals p on p.id = pg.portal_id and p.account_id = pg.account_id
        where pg.access_group_id = ${groupId} and pg.account_id = ${accountId}
          and p.access_mode = 'access_groups')
      and not exists (select 1 from portal_access_groups other
        join access_group_members om
          on om.access_group_id = other.access_group_id and om.account_id = other.account_id
        where other.portal_id = s.portal_id and other.account_id = ${accountId}
          and other.access_group_id != ${groupId} and om.contact_id = s.contact_id)`;
}

/** A portal that admits only this group, by name: the reason a delete is refused. */
export type DeleteOutcome = { ok: true } | { ok: false; portals: string[] };

/**
 * Deletes the group unless an access-group portal admits it alone. The refusal is checked again in
 * the batch itself: every statement holds only while no such portal exists, so a portal that
 * made the group its only one meanwhile keeps it whole.
 */
export async function deleteAccessGroup(
  scope: GroupScope,
  group: { id: string; name: string },
): Promise<DeleteOutcome> {
  const { db, accountId } = scope;
  const dependents = (await groupPortals(db, accountId, group.id)).filter((p) => p.onlyGroup);
  if (dependents.length) return { ok: false, portals: dependents.map((p) => p.portal.name) };
  const free = sql`not exists (select 1 from portal_access_groups pg
      join portals p on p.id = pg.portal_id and p.account_id = pg.account_id
      where pg.access_group_id = ${group.id} and pg.account_id = ${accountId}
        and p.access_mode = 'access_groups'
        and not exists (select 1 from portal_access_groups o
          where o.portal_id = pg.portal_id and o.access_group_id != pg.access_group_id))`;
  const members = await db.$count(
    accessGroupMembers,
    and(
      eq(accessGroupMembers.accountId, accountId),
      eq(accessGroupMembers.accessGroupId, group.id),
    ),
  );
  const statements: Statement[] = [
    // The entry first, under the same condition as every statement after it.
    sql`insert into audit_log (id, account_id, actor_user_id, action, target, details, created_at)
      select ${newId("aud")}, ${accountId}, ${scope.actorUserId}, 'group.delete', ${group.name},
        ${JSON.stringify({ before: { name: group.name, members }, after: {} })}, ${Date.now()}
      where ${free} and exists (select 1 from access_groups
        where id = ${group.id} and account_id = ${accountId})`,
    sql`${endSessionsSql(accountId, group.id, null)} and ${free}`,
    sql`delete from access_group_members
      where access_group_id = ${group.id} and account_id = ${accountId} and ${free}`,
    sql`delete from portal_access_groups
      where access_group_id = ${group.id} and account_id = ${accountId} and ${free}`,
    // With its portal links gone only when free; a link still there keeps the group.
    sql`delete from access_groups where id = ${group.id} and account_id = ${accountId}
      and not exists (select 1 from portal_access_groups pg where pg.access_group_id = ${group.id})`,
  ];
  const results = await batchStatements(db, statements);
  if ((results[4]?.meta.changes ?? 0) === 0) {
    const again = (await groupPortals(db, accountId, group.id)).filter((p) => p.onlyGroup);
    return { ok: false, portals: again.map((p) => p.portal.name) };
  }
  return { ok: true };
}

/** Adds the account's contacts among `contactIds` (others are ignored); returns how many joined. */
export async function addGroupMembers(
  scope: GroupScope,
  group: { id: string; name: string },
  contactIds: string[],
): Promise<number> {
  const { db, accountId } = scope;
  const ids = [...new Set(contactIds)].slice(0, MAX_IDS_PER_FORM);
  if (!ids.length) return 0;
  const now = Date.now();
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const results = await batchStatements(db, [
    sql`insert into access_group_members (account_id, access_group_id, contact_id, created_at)
      select c.account_id, ${group.id}, c.id, ${now} from contacts c
      where c.account_id = ${accountId} and c.id in (${list})
        and exists (select 1 from access_groups g
          where g.id = ${group.id} and g.account_id = ${accountId})
      on conflict do nothing`,
    sql`insert into audit_log (id, account_id, actor_user_id, action, target, details, created_at)
      select ${newId("aud")}, ${accountId}, ${scope.actorUserId}, 'group.add_members', ${group.name},
        json_object('before', json_object(), 'after', json_object('added', changes())), ${now}
      where changes() > 0`,
  ]);
  return results[0]?.meta.changes ?? 0;
}

/**
 * Takes contacts out of the group; those who thereby lose a portal (its last access group they
 * were in) are signed out of it in the same batch. Returns how many left.
 */
export async function removeGroupMembers(
  scope: GroupScope,
  group: { id: string; name: string },
  contactIds: string[],
): Promise<number> {
  const { db, accountId } = scope;
  const ids = [...new Set(contactIds)].slice(0, MAX_IDS_PER_FORM);
  if (!ids.length) return 0;
  const now = Date.now();
  const results = await batchStatements(db, [
    endSessionsSql(accountId, group.id, ids),
    db
      .delete(accessGroupMembers)
      .where(
        and(
          eq(accessGroupMembers.accountId, accountId),
          eq(accessGroupMembers.accessGroupId, group.id),
          inArray(accessGroupMembers.contactId, ids),
        ),
      ),
    sql`insert into audit_log (id, account_id, actor_user_id, action, target, details, created_at)
      select ${newId("aud")}, ${accountId}, ${scope.actorUserId}, 'group.remove_members',
        ${group.name},
        json_object('before', json_object(), 'after', json_object('removed', changes())), ${now}
      where changes() > 0`,
  ]);
  return results[1]?.meta.changes ?? 0;
}

export type InviteScope = GroupScope & {
  queue: Queue<EmailMessage>;
  account: Account;
  graceMs: number;
};

export type InvitesOutcome = {
  /** Invites queued by this request (0 when the same round was sent already). */
  queued: number;
  delivery: Delivery;
  /** When no email may go out: each invited member's link, for the admin to pass on. */
  links: { contactId: string; name: string; signInEmail: string; token: string }[];
};

/**
 * One access-group invite per member of the group who has not accepted on the portal (and whose
 * access there is not revoked). `round` comes from the page the admin submitted: the idempotency
 * key is per member, portal and round, so a second click, a retried request or two tabs of the same
 * page queue nothing twice. Each member's link, log row and standing land in one batch; the queue
 * gets the messages in calls of at most 100.
 */
export async function sendGroupInvites(
  scope: InviteScope,
  group: { id: string; name: string },
  target: { portal: Portal; domain: Domain },
  round: string,
  now = Date.now(),
): Promise<InvitesOutcome> {
  const { db, accountId } = scope;
  const { portal, domain } = target;
  const delivery = mayDeliver(
    "access_group_invite",
    { accessMode: portal.accessMode, domain },
    now,
    scope.graceMs,
  );
  const candidates = await db.all<{ contactId: string; name: string; signInEmail: string }>(sql`
    select c.id as contactId, c.name, coalesce(c.sign_in_email, c.email) as signInEmail
    from access_group_members m
    join contacts c on c.id = m.contact_id and c.account_id = m.account_id
    left join portal_members pm
      on pm.portal_id = ${portal.id} and pm.contact_id = c.id and pm.account_id = ${accountId}
    where m.account_id = ${accountId} and m.access_group_id = ${group.id}
      and (pm.id is null or (pm.invite_status != 'accepted' and pm.revoked_at is null))
    order by c.name collate nocase, c.id`);
  const invites = candidates.map((member) => {
    const link = newToken();
    const message: EmailMessage = {
      kind: "access_group_invite",
      idempotencyKey: `access_group_invite:${portal.id}:${member.contactId}:${round}`,
      accountId,
      portalId: portal.id,
      contactId: member.contactId,
      token: link.token,
    };
    return { member, link, message };
  });

  const sent: typeof invites = [];
  for (let start = 0; start < invites.length; start += QUEUE_BATCH_MAX) {
    const chunk = invites.slice(start, start + QUEUE_BATCH_MAX);
    // Each batch's links carry their own time, which its audit entry counts them by.
    const at = now + start / QUEUE_BATCH_MAX;
    const statements: Statement[] = [];
    for (const { member, link, message } of chunk) {
      // The link exists only when this round's email for the member did not: a second submit
      // adds neither.
      statements.push(
        sql`insert into one_time_tokens
            (id, secret_hash, kind, account_id, portal_id, contact_id, expires_at, created_at)
          select ${link.id}, ${link.secretHash}, 'access_group_invite', ${accountId}, ${portal.id},
            ${member.contactId}, ${at + LINK_TTL_MS}, ${at}
          where not exists (select 1 from email_log where idempotency_key = ${message.idempotencyKey})`,
        db
          .insert(emailLog)
          .values(queuedRow(message, now))
          .onConflictDoNothing({ target: emailLog.idempotencyKey }),
        db
          .insert(portalMembers)
          .values({
            id: newId("pmb"),
            accountId,
            portalId: portal.id,
            contactId: member.contactId,
            inviteStatus: "pending",
            invitedAt: now,
          })
          .onConflictDoUpdate({
            target: [portalMembers.portalId, portalMembers.contactId],
            set: { inviteStatus: "pending", invitedAt: now },
            setWhere: sql`${portalMembers.accountId} = ${accountId}
              and ${portalMembers.inviteStatus} != 'accepted' and ${portalMembers.revokedAt} is null`,
          }),
      );
    }
    // The entry, in the same batch, when this batch invited anyone (its links carry `now`).
    statements.push(sql`insert into audit_log
        (id, account_id, actor_user_id, action, target, details, created_at)
      select ${newId("aud")}, ${accountId}, ${scope.actorUserId}, 'group.send_invites',
        ${`${group.name} (${portal.name})`},
        json_object('before', json_object(), 'after', json_object('invited',
          (select count(*) from one_time_tokens t where t.account_id = ${accountId}
            and t.portal_id = ${portal.id} and t.kind = 'access_group_invite'
            and t.created_at = ${at}))), ${at}
      where exists (select 1 from one_time_tokens t where t.account_id = ${accountId}
        and t.portal_id = ${portal.id} and t.kind = 'access_group_invite' and t.created_at = ${at})`);
    const results = await batchStatements(db, statements);
    chunk.forEach((invite, index) => {
      if ((results[index * 3]?.meta.changes ?? 0) > 0) sent.push(invite);
    });
  }
  if (sent.length) {
    for (let start = 0; start < sent.length; start += QUEUE_BATCH_MAX) {
      await scope.queue.sendBatch(
        sent.slice(start, start + QUEUE_BATCH_MAX).map(({ message }) => ({ body: message })),
      );
    }
  }
  return {
    queued: sent.length,
    delivery,
    links: delivery.send ? [] : sent.map(({ member, link }) => ({ ...member, token: link.token })),
  };
}
