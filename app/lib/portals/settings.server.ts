// Writing a portal's settings from the dashboard tabs. Every write:
// - names the account from the guard (a portal of another account is never touched);
// - is conditional on the portal as it was read (`updated_at`), so two admins saving at once never
//   overwrite each other unseen: the later one is told to look again;
// - lands together with its audit entry, which records only what changed (`changes`);
// - forgets the portal's hostname in this isolate's tenant cache, so the next request serves it.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  emailLog,
  oneTimeTokens,
  type Portal,
  portalAccessGroups,
  portalMembers,
  portals,
  sessions,
  tickets,
} from "../../../db/schema";
import { type AuditValues, auditedIf, changes } from "../audit/audit.server";
import type { AccountPortal } from "./queries.server";

export type SettingsWriter = {
  db: Database;
  /** The signed-in admin. */
  actorUserId: string;
  /** The tenant cache's `forgetHost`, from the load context. */
  forgetHost: (hostname: string) => void;
};

/** The columns a settings tab may change. */
export type PortalPatch = Partial<
  Pick<
    Portal,
    | "name"
    | "knowledgeBaseUrl"
    | "displaySettings"
    | "consentSettings"
    | "supportForm"
    | "logoUrl"
    | "accentColor"
  >
>;

export type WriteOutcome = "saved" | "unchanged" | "conflict";

/** The portal row exactly as it was read: the condition of every write. */
function asRead({ portal }: AccountPortal): SQL {
  return and(
    eq(portals.accountId, portal.accountId),
    eq(portals.id, portal.id),
    eq(portals.updatedAt, portal.updatedAt),
  ) as SQL;
}

function exists(db: Database, where: SQL): SQL {
  // Drizzle puts the embedded select in parentheses itself.
  return sql`exists ${db.select({ one: sql`1` }).from(portals).where(where)}`;
}

/** A later time than the row's, even within the same millisecond: `updated_at` only moves on. */
function nextStamp(portal: Portal): number {
  return Math.max(Date.now(), portal.updatedAt + 1);
}

async function write(
  writer: SettingsWriter,
  found: AccountPortal,
  action: string,
  set: Partial<typeof portals.$inferInsert>,
  audit: { before: AuditValues; after: AuditValues },
  where: SQL = asRead(found),
): Promise<WriteOutcome> {
  const { db } = writer;
  const { portal, domain } = found;
  const [updated] = (await auditedIf(
    db,
    {
      accountId: portal.accountId,
      actorUserId: writer.actorUserId,
      action,
      target: portal.name,
      ...audit,
    },
    exists(db, where),
    [
      db
        .update(portals)
        .set({ ...set, updatedAt: nextStamp(portal) })
        .where(where)
        .returning({ id: portals.id }),
    ],
  )) as { id: string }[][];
  if (!updated?.length) return "conflict";
  writer.forgetHost(domain.hostname);
  return "saved";
}

/** Saves what a tab changed (`portal.update`); nothing is written when nothing differs. */
export async function updatePortal(
  writer: SettingsWriter,
  found: AccountPortal,
  patch: PortalPatch,
): Promise<WriteOutcome> {
  const before: AuditValues = {};
  for (const key of Object.keys(patch) as (keyof PortalPatch)[]) before[key] = found.portal[key];
  const diff = changes(before, patch);
  if (Object.keys(diff.after).length === 0 && Object.keys(diff.before).length === 0) {
    return "unchanged";
  }
  return write(writer, found, "portal.update", patch, diff);
}

/**
 * Unpublish (live → unpublished) or publish again (unpublished → live). A draft has neither: it
 * goes live by finishing the wizard. Conditional on the status, so a repeated click changes nothing.
 */
export async function setPublished(
  writer: SettingsWriter,
  found: AccountPortal,
  publish: boolean,
): Promise<WriteOutcome> {
  const from = publish ? "unpublished" : "live";
  const to = publish ? "live" : "unpublished";
  if (found.portal.status !== from) return "unchanged";
  const where = and(
    eq(portals.accountId, found.portal.accountId),
    eq(portals.id, found.portal.id),
    eq(portals.status, from),
  ) as SQL;
  return write(
    writer,
    found,
    publish ? "portal.publish" : "portal.unpublish",
    { status: to },
    { before: { status: from }, after: { status: to } },
    where,
  );
}

/**
 * Deletes a portal in one batch: its URL stops serving; its sessions, its members' standing on it
 * (invites, consent), its access-group links and its open links (registration, reset, invites) go;
 * tickets and the email log stay in the help desk with their portal link cleared.
 */
export async function deletePortal(
  writer: SettingsWriter,
  found: AccountPortal,
): Promise<WriteOutcome> {
  const { db } = writer;
  const { portal, domain } = found;
  const accountId = portal.accountId;
  const ofPortal = <T extends { accountId: unknown; portalId: unknown }>(table: T) =>
    and(
      eq(table.accountId as typeof portals.accountId, accountId),
      eq(table.portalId as typeof portals.id, portal.id),
    );
  const where = and(eq(portals.accountId, accountId), eq(portals.id, portal.id)) as SQL;
  const results = await auditedIf(
    db,
    {
      accountId,
      actorUserId: writer.actorUserId,
      action: "portal.delete",
      target: portal.name,
      before: {
        name: portal.name,
        slug: portal.slug,
        hostname: domain.hostname,
        status: portal.status,
      },
      after: {},
    },
    exists(db, where),
    [
      db.delete(sessions).where(ofPortal(sessions)),
      db.delete(oneTimeTokens).where(ofPortal(oneTimeTokens)),
      db.delete(portalMembers).where(ofPortal(portalMembers)),
      db.delete(portalAccessGroups).where(ofPortal(portalAccessGroups)),
      db.update(emailLog).set({ portalId: null }).where(ofPortal(emailLog)),
      db.update(tickets).set({ portalId: null }).where(ofPortal(tickets)),
      db.delete(portals).where(where).returning({ id: portals.id }),
    ],
  );
  const deleted = results.at(-1) as { id: string }[] | undefined;
  writer.forgetHost(domain.hostname);
  return deleted?.length ? "saved" : "unchanged";
}
