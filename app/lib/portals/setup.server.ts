// Reads and writes of the portal setup wizard and of the settings tabs that repeat its steps
// (domain, tickets, access). Every statement names the account from the guard.
//
//   step 2 ──► createDraft: INSERT … ON CONFLICT (domain_id, slug) DO NOTHING RETURNING
//              (no row back = the slug is held on that domain, by a portal or a draft)
//   steps 3, 4 and the tabs ──► saveDomain / saveTickets / saveAccess: one conditional statement
//              or batch each
//   finish ──► finishDraft: UPDATE … WHERE status = 'draft' AND setup_step = 'finish', in one batch
//              with its audit entry, which is written only when that update happens
//
// A draft is the wizard's scratch copy: its steps are not audited one by one. It enters the audit
// log whole, as `portal.create`, when it goes live (or as `portal.discard` when it is thrown
// away); after that every change is a `portal.update` with what changed.
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../../db/client";
import {
  type AccessMode,
  accessGroups,
  auditLog,
  domains,
  inboxes,
  type PermissionFilter,
  type Portal,
  portalAccessGroups,
  portals,
  sessions,
  type TicketPermission,
} from "../../../db/schema";
import { type AuditInput, audited, auditedIf, changes } from "../audit/audit.server";
import type { Config } from "../config";
import { newId } from "../db/ids";
import { siteOrigin } from "../email/links";
import { domainServes } from "../tenancy/serving";
import { defaultConsentSettings, defaultDisplaySettings, defaultSupportForm } from "./defaults";
import { type AccountPortal, findAccountPortal } from "./queries.server";
import {
  type DomainOption,
  furthestStep,
  JOB_TITLE_PROPERTY,
  languageName,
  resumeStep,
  type WizardStep,
} from "./setup";

/** Who makes a change: the account from the guard and its signed-in user. */
export type Actor = { accountId: string; userId: string };

// ─── What the forms offer ─────────────────────────────────────────────────────────────────────

/** The account's domains that serve now (system and custom), system ones first. */
export async function servingDomains(
  db: Database,
  config: Pick<Config, "misconfiguredGraceMs">,
  accountId: string,
  localPort: number | null,
  now = Date.now(),
): Promise<DomainOption[]> {
  const rows = await db
    .select()
    .from(domains)
    .where(
      and(eq(domains.accountId, accountId), inArray(domains.status, ["active", "misconfigured"])),
    )
    .orderBy(asc(domains.hostname));
  return rows
    .filter((row) => domainServes(row, now, config.misconfiguredGraceMs))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "system" ? -1 : 1))
    .map((row) => ({
      id: row.id,
      hostname: row.hostname,
      kind: row.kind,
      language: row.primaryLanguage,
      languageName: languageName(row.primaryLanguage),
      origin: siteOrigin(row.hostname, localPort),
    }));
}

export type Choice = { id: string; name: string };

/** The account's open inboxes, oldest first: the first is a new portal's default inbox. */
export function accountInboxes(db: Database, accountId: string): Promise<Choice[]> {
  return db
    .select({ id: inboxes.id, name: inboxes.name })
    .from(inboxes)
    .where(and(eq(inboxes.accountId, accountId), isNull(inboxes.archivedAt)))
    .orderBy(asc(inboxes.createdAt), asc(inboxes.id));
}

/**
 * Every inbox id of the account, archived ones too: a form naming an inbox archived since the page
 * was shown is then refused by the save itself, with its own message, not as a made-up id.
 */
export async function accountInboxIds(db: Database, accountId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(eq(inboxes.accountId, accountId));
  return new Set(rows.map((row) => row.id));
}

export function accountAccessGroups(db: Database, accountId: string): Promise<Choice[]> {
  return db
    .select({ id: accessGroups.id, name: accessGroups.name })
    .from(accessGroups)
    .where(eq(accessGroups.accountId, accountId))
    .orderBy(asc(accessGroups.name));
}

/**
 * The contact properties a company_filtered portal can match on: the job title, and every key
 * found in the account's contacts' custom properties (until contacts can be edited, their data
 * is what there is).
 */
export async function contactProperties(db: Database, accountId: string): Promise<string[]> {
  const rows = await db.all<{ key: string }>(sql`
    select distinct property.key as key
    from contacts as contact, json_each(contact.properties) as property
    where contact.account_id = ${accountId} and property.type = 'text'
    order by property.key
    limit 200`);
  const keys = rows.map((row) => row.key).filter((key) => key !== JOB_TITLE_PROPERTY);
  return [JOB_TITLE_PROPERTY, ...keys];
}

/** The ids of the access groups admitted to a portal. */
export async function portalGroupIds(
  db: Database,
  accountId: string,
  portalId: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: portalAccessGroups.accessGroupId })
    .from(portalAccessGroups)
    .where(
      and(eq(portalAccessGroups.accountId, accountId), eq(portalAccessGroups.portalId, portalId)),
    )
    .orderBy(asc(portalAccessGroups.accessGroupId));
  return rows.map((row) => row.id);
}

/** A draft of the account (the wizard's `?portal=`), or null for anything else. */
export async function findDraft(
  db: Database,
  accountId: string,
  portalId: string | null | undefined,
): Promise<AccountPortal | null> {
  const found = await findAccountPortal(db, accountId, portalId ?? undefined);
  return found && found.portal.status === "draft" ? found : null;
}

// ─── Writes ───────────────────────────────────────────────────────────────────────────────────

/** The row a write may touch: this account's portal, and while in the wizard only as a draft. */
function samePortal(accountId: string, portal: Pick<Portal, "id" | "status">): SQL {
  return and(
    eq(portals.accountId, accountId),
    eq(portals.id, portal.id),
    portal.status === "draft" ? eq(portals.status, "draft") : undefined,
  ) as SQL;
}

/** A draft's progress after a step: never back, whatever step is revisited. */
function progress(portal: Pick<Portal, "status" | "setupStep">, advanceTo?: WizardStep) {
  if (portal.status !== "draft" || !advanceTo) return {};
  return { setupStep: furthestStep(resumeStep(portal.setupStep), advanceTo) };
}

/** An audit entry written only when `condition` holds for the portal row, inside the same batch. */
function auditWhere(db: Database, input: AuditInput, condition: SQL, now: number) {
  const details = JSON.stringify({ before: input.before ?? {}, after: input.after ?? {} });
  return db.insert(auditLog).select(
    db
      .select({
        id: sql<string>`${newId("aud")}`.as("id"),
        accountId: portals.accountId,
        actorUserId: sql<string | null>`${input.actorUserId}`.as("actor_user_id"),
        action: sql<string>`${input.action}`.as("action"),
        target: portals.name,
        details: sql<Record<string, unknown>>`${details}`.as("details"),
        createdAt: sql<number>`${now}`.as("created_at"),
      })
      .from(portals)
      .where(condition),
  );
}

/** The SQLite error of a unique index, through Drizzle's and D1's wrappers. */
function violatesUnique(error: unknown, index: string): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.message.includes("UNIQUE constraint failed") && cause.message.includes(index)) {
      return true;
    }
  }
  return false;
}

export type DraftInput = { name: string; domainId: string; slug: string };

/**
 * Step 2 of a new portal: the draft row, holding its slug from now on. The unique index
 * (domain_id, slug) decides between two parallel submits; the loser gets "taken".
 */
export async function createDraft(
  db: Database,
  accountId: string,
  input: DraftInput,
  now = Date.now(),
): Promise<{ portalId: string } | { error: "taken" | "no_inbox" }> {
  // The first open inbox becomes the draft's default. Should it be archived between this read and
  // the INSERT, the same batch deletes the draft again (archiving refuses while a portal uses the
  // inbox, so it cannot happen later); then the next open inbox is tried.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [inbox] = await accountInboxes(db, accountId);
    if (!inbox) return { error: "no_inbox" };
    const outcome = await insertDraft(db, accountId, input, inbox.id, now);
    if (outcome !== "archived") return outcome;
  }
  return { error: "no_inbox" };
}

async function insertDraft(
  db: Database,
  accountId: string,
  input: DraftInput,
  inboxId: string,
  now: number,
): Promise<{ portalId: string } | { error: "taken" } | "archived"> {
  const portalId = newId("prt");
  const insert = db
    .insert(portals)
    .values({
      id: portalId,
      accountId,
      domainId: input.domainId,
      slug: input.slug,
      name: input.name,
      status: "draft",
      setupStep: "tickets",
      defaultInboxId: inboxId,
      displaySettings: defaultDisplaySettings(),
      consentSettings: defaultConsentSettings(),
      supportForm: defaultSupportForm(),
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [portals.domainId, portals.slug] })
    .returning({ id: portals.id });
  const undo = db
    .delete(portals)
    .where(
      and(
        eq(portals.accountId, accountId),
        eq(portals.id, portalId),
        sql`not exists (select 1 from ${inboxes} where ${inboxes.id} = ${inboxId}
          and ${inboxes.accountId} = ${accountId} and ${inboxes.archivedAt} is null)`,
      ),
    )
    .returning({ id: portals.id });
  const [created, undone] = await db.batch([insert, undo]);
  if (undone.length > 0) return "archived";
  const [row] = created;
  return row ? { portalId: row.id } : { error: "taken" };
}

/** Step 1 revisited on a draft: its name. */
export async function saveDraftName(
  db: Database,
  accountId: string,
  draft: Pick<Portal, "id" | "status">,
  name: string,
  now = Date.now(),
): Promise<boolean> {
  const rows = await db
    .update(portals)
    .set({ name, updatedAt: now })
    .where(samePortal(accountId, draft))
    .returning({ id: portals.id });
  return rows.length > 0;
}

export type Outcome = "saved" | "unchanged" | "gone";

/** What the caller must forget in this isolate's tenant cache after a write that routing reads. */
export type Written<T extends string = never> = { outcome: Outcome | T; forget: string[] };

/**
 * Step 2 revisited, or the domain tab: moves the portal to another domain or slug. On a portal
 * that served, the old address stops serving and its customers' sessions end (they were bound to
 * the old host and path), in the same batch as the move.
 */
export async function saveDomain(
  db: Database,
  actor: Actor,
  current: AccountPortal,
  next: { domain: Pick<DomainOption, "id" | "hostname">; slug: string },
  options: { advanceTo?: WizardStep; now?: number } = {},
): Promise<Written<"taken">> {
  const { portal, domain } = current;
  const now = options.now ?? Date.now();
  const moved = next.domain.id !== portal.domainId || next.slug !== portal.slug;
  const step = progress(portal, options.advanceTo);
  if (!moved && !step.setupStep) return { outcome: "unchanged", forget: [] };
  const update = db
    .update(portals)
    .set({ domainId: next.domain.id, slug: next.slug, updatedAt: now, ...step })
    .where(samePortal(actor.accountId, portal))
    .returning({ id: portals.id });
  try {
    if (portal.status === "draft") {
      const rows = await update;
      return { outcome: rows.length > 0 ? "saved" : "gone", forget: [] };
    }
    if (!moved) return { outcome: "unchanged", forget: [] };
    await audited(
      db,
      {
        accountId: actor.accountId,
        actorUserId: actor.userId,
        action: "portal.update",
        target: portal.name,
        ...changes(
          { domain: domain.hostname, slug: portal.slug },
          { domain: next.domain.hostname, slug: next.slug },
        ),
      },
      [
        update,
        db
          .delete(sessions)
          .where(and(eq(sessions.accountId, actor.accountId), eq(sessions.portalId, portal.id))),
      ],
      now,
    );
    return { outcome: "saved", forget: [...new Set([domain.hostname, next.domain.hostname])] };
  } catch (error) {
    if (violatesUnique(error, "portals.domain_id")) return { outcome: "taken", forget: [] };
    throw error;
  }
}

export type TicketsInput = {
  defaultInboxId: string;
  ticketPermission: TicketPermission;
  permissionFilter: PermissionFilter;
};

/**
 * Step 3 or the tickets tab: the default inbox, who sees which tickets, and the filter. The UPDATE
 * itself re-checks that the inbox is the account's and still open, as archiving an inbox re-checks
 * that no portal uses it (app/lib/helpdesk/inboxes.server.ts): whichever statement runs second
 * finds the other's change, so no portal ever points at an archived inbox. "archived" means the
 * inbox was archived since the form was shown; nothing was written.
 */
export async function saveTickets(
  db: Database,
  actor: Actor,
  current: AccountPortal,
  next: TicketsInput,
  options: { advanceTo?: WizardStep; now?: number } = {},
): Promise<Written<"archived">> {
  const { portal, domain } = current;
  const now = options.now ?? Date.now();
  const before: TicketsInput = {
    defaultInboxId: portal.defaultInboxId,
    ticketPermission: portal.ticketPermission,
    permissionFilter: portal.permissionFilter,
  };
  const diff = changes(before, next);
  const step = progress(portal, options.advanceTo);
  if (Object.keys(diff.after).length === 0 && !step.setupStep) {
    return { outcome: "unchanged", forget: [] };
  }
  const inboxOpen = sql`exists (select 1 from ${inboxes} where ${inboxes.id} = ${next.defaultInboxId}
    and ${inboxes.accountId} = ${actor.accountId} and ${inboxes.archivedAt} is null)`;
  const where = and(samePortal(actor.accountId, portal), inboxOpen) as SQL;
  const update = db
    .update(portals)
    .set({ ...next, updatedAt: now, ...step })
    .where(where)
    .returning({ id: portals.id });
  const rows =
    portal.status === "draft"
      ? await update
      : (((
          await auditedIf(
            db,
            {
              accountId: actor.accountId,
              actorUserId: actor.userId,
              action: "portal.update",
              target: portal.name,
              ...diff,
            },
            sql`exists (select 1 from ${portals} where ${where})`,
            [update],
            now,
          )
        )[0] ?? []) as { id: string }[]);
  if (rows.length > 0) {
    return { outcome: "saved", forget: portal.status === "draft" ? [] : [domain.hostname] };
  }
  // Nothing written: the portal is gone, or the inbox was archived in between. Say which.
  const [still] = await db
    .select({ id: portals.id })
    .from(portals)
    .where(samePortal(actor.accountId, portal));
  return { outcome: still ? "archived" : "gone", forget: [] };
}

export type AccessInput = { accessMode: AccessMode; accessGroupIds: string[] };

/**
 * Step 4 or the access tab: the access mode and the portal's groups, the group rows replaced in
 * the same batch as the mode, so a portal is never left between two sets of groups.
 */
export async function saveAccess(
  db: Database,
  actor: Actor,
  current: AccountPortal,
  next: AccessInput,
  options: { advanceTo?: WizardStep; now?: number } = {},
): Promise<Written> {
  const { portal, domain } = current;
  const now = options.now ?? Date.now();
  const before: AccessInput = {
    accessMode: portal.accessMode,
    accessGroupIds: await portalGroupIds(db, actor.accountId, portal.id),
  };
  const diff = changes(before, next);
  const step = progress(portal, options.advanceTo);
  if (Object.keys(diff.after).length === 0 && !step.setupStep) {
    return { outcome: "unchanged", forget: [] };
  }
  const where = samePortal(actor.accountId, portal);
  // The group rows change only while the portal row is the one read (a draft still a draft).
  const stillThere = sql`exists (select 1 from ${portals} where ${where})`;
  const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [
    db
      .delete(portalAccessGroups)
      .where(
        and(
          eq(portalAccessGroups.accountId, actor.accountId),
          eq(portalAccessGroups.portalId, portal.id),
          stillThere,
        ),
      ),
    ...next.accessGroupIds.map((accessGroupId) =>
      db.insert(portalAccessGroups).select(
        db
          .select({
            accountId: portals.accountId,
            portalId: portals.id,
            accessGroupId: sql<string>`${accessGroupId}`.as("access_group_id"),
          })
          .from(portals)
          .where(where),
      ),
    ),
    db
      .update(portals)
      .set({ accessMode: next.accessMode, updatedAt: now, ...step })
      .where(where)
      .returning({ id: portals.id }),
  ];
  if (portal.status === "draft") {
    const results = await db.batch(statements);
    const updated = results.at(-1) as { id: string }[];
    return { outcome: updated.length > 0 ? "saved" : "gone", forget: [] };
  }
  await audited(
    db,
    {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: "portal.update",
      target: portal.name,
      ...diff,
    },
    statements,
    now,
  );
  return { outcome: "saved", forget: [domain.hostname] };
}

/**
 * "Finish setting up your portal": the draft goes live, once. Its audit entry (`portal.create`,
 * with the settings it went live with) is written in the same batch and under the same condition,
 * so a double submit makes one live portal and one entry.
 */
export async function finishDraft(
  db: Database,
  actor: Actor,
  draft: AccountPortal,
  settings: Record<string, unknown>,
  now = Date.now(),
): Promise<Written> {
  const ready = and(
    eq(portals.accountId, actor.accountId),
    eq(portals.id, draft.portal.id),
    eq(portals.status, "draft"),
    eq(portals.setupStep, "finish"),
  ) as SQL;
  const [, updated] = await db.batch([
    auditWhere(
      db,
      {
        accountId: actor.accountId,
        actorUserId: actor.userId,
        action: "portal.create",
        after: settings,
      },
      ready,
      now,
    ),
    db
      .update(portals)
      .set({ status: "live", setupStep: null, updatedAt: now })
      .where(ready)
      .returning({ id: portals.id }),
  ]);
  return updated.length > 0
    ? { outcome: "saved", forget: [draft.domain.hostname] }
    : { outcome: "gone", forget: [] };
}

/** Throws a draft away, freeing its slug; only a draft (a live portal is deleted elsewhere). */
export async function discardDraft(
  db: Database,
  actor: Actor,
  portalId: string,
  now = Date.now(),
): Promise<boolean> {
  const isDraft = and(
    eq(portals.accountId, actor.accountId),
    eq(portals.id, portalId),
    eq(portals.status, "draft"),
  ) as SQL;
  const results = await db.batch([
    auditWhere(
      db,
      { accountId: actor.accountId, actorUserId: actor.userId, action: "portal.discard" },
      isDraft,
      now,
    ),
    db
      .delete(portalAccessGroups)
      .where(
        and(
          eq(portalAccessGroups.accountId, actor.accountId),
          eq(portalAccessGroups.portalId, portalId),
          sql`exists (select 1 from ${portals} where ${isDraft})`,
        ),
      ),
    db.delete(portals).where(isDraft).returning({ id: portals.id }),
  ]);
  return (results[2] as { id: string }[]).length > 0;
}

export type PortalSummary = {
  name: string;
  hostname: string;
  slug: string;
  language: string;
  inbox: string;
  ticketPermission: TicketPermission;
  permissionFilter: PermissionFilter;
  accessMode: AccessMode;
  groups: string[];
};

/** What the finish step shows and what `portal.create` records: the portal's settings, by name. */
export async function portalSummary(
  db: Database,
  accountId: string,
  { portal, domain }: AccountPortal,
): Promise<PortalSummary> {
  const [inbox, groups] = await Promise.all([
    db
      .select({ name: inboxes.name })
      .from(inboxes)
      .where(and(eq(inboxes.accountId, accountId), eq(inboxes.id, portal.defaultInboxId)))
      .get(),
    db
      .select({ name: accessGroups.name })
      .from(portalAccessGroups)
      .innerJoin(
        accessGroups,
        and(
          eq(accessGroups.id, portalAccessGroups.accessGroupId),
          eq(accessGroups.accountId, portalAccessGroups.accountId),
        ),
      )
      .where(
        and(
          eq(portalAccessGroups.accountId, accountId),
          eq(portalAccessGroups.portalId, portal.id),
        ),
      )
      .orderBy(asc(accessGroups.name)),
  ]);
  return {
    name: portal.name,
    hostname: domain.hostname,
    slug: portal.slug,
    language: languageName(domain.primaryLanguage),
    inbox: inbox?.name ?? "",
    ticketPermission: portal.ticketPermission,
    permissionFilter: portal.permissionFilter,
    accessMode: portal.accessMode,
    groups: groups.map((group) => group.name),
  };
}
