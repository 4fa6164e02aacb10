// An account's domains: list, claim, check, re-language, remove. Every read and write names the
// account from the guard, so an id from a URL alone finds nothing; a foreign id is the same 404 as
// a missing one. Each change goes to the audit log in the same batch as the change.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { auditLog, type Domain, domains, portals } from "../../../db/schema";
import { type AuditInput, audited } from "../audit/audit.server";
import type { Config } from "../config";
import { newId } from "../db/ids";
import type { EmailMessage } from "../email/messages";
import { isLanguage } from "../i18n";
import { notFound } from "../tenancy/guards.server";
import {
  accountAdmins,
  misconfiguredMessages,
  queueIfTurned,
  sendMisconfiguredMessages,
} from "./alerts.server";
import { type CheckResult, checkDomain, withCloudflare } from "./check";
import type { CustomHostnames } from "./cloudflare.server";
import type { DnsResolver } from "./doh";
import { afterCheck, nextPendingCheck } from "./lifecycle";
import { type DomainProblem, domainProblem, isSystemHostname, newVerificationToken } from "./rules";

export type DomainPortal = { id: string; name: string; slug: string; status: string };
export type AccountDomain = Domain & { system: boolean; portals: DomainPortal[] };

async function portalsOn(db: Database, accountId: string, domainIds: string[]) {
  if (domainIds.length === 0) return new Map<string, DomainPortal[]>();
  const rows = await db
    .select({
      id: portals.id,
      name: portals.name,
      slug: portals.slug,
      status: portals.status,
      domainId: portals.domainId,
    })
    .from(portals)
    .where(and(eq(portals.accountId, accountId), inArray(portals.domainId, domainIds)))
    .orderBy(asc(portals.name));
  const byDomain = new Map<string, DomainPortal[]>();
  for (const { domainId, ...portal } of rows) {
    byDomain.set(domainId, [...(byDomain.get(domainId) ?? []), portal]);
  }
  return byDomain;
}

/** The account's domains that are not removed, system ones first, with the portals on each. */
export async function listAccountDomains(
  db: Database,
  accountId: string,
  systemDomains: readonly string[],
): Promise<AccountDomain[]> {
  const rows = await db
    .select()
    .from(domains)
    .where(and(eq(domains.accountId, accountId), ne(domains.status, "removed")))
    .orderBy(asc(domains.kind), asc(domains.hostname));
  const onDomain = await portalsOn(
    db,
    accountId,
    rows.map((row) => row.id),
  );
  return rows
    .map((row) => ({
      ...row,
      system: isSystemHostname(row, systemDomains),
      portals: onDomain.get(row.id) ?? [],
    }))
    .sort((a, b) => Number(b.system) - Number(a.system));
}

/** The account's (not removed) domain the URL names, or the 404 every foreign or missing id gets. */
export async function requireAccountDomain(
  db: Database,
  accountId: string,
  domainId: string | undefined,
  systemDomains: readonly string[],
): Promise<AccountDomain> {
  if (!domainId) throw notFound();
  const row = await db
    .select()
    .from(domains)
    .where(
      and(
        eq(domains.accountId, accountId),
        eq(domains.id, domainId),
        ne(domains.status, "removed"),
      ),
    )
    .get();
  if (!row) throw notFound();
  const onDomain = await portalsOn(db, accountId, [row.id]);
  return {
    ...row,
    system: isSystemHostname(row, systemDomains),
    portals: onDomain.get(row.id) ?? [],
  };
}

export type AddProblem = DomainProblem | "domains.error.taken" | "domains.error.alreadyAdded";

type Actor = { accountId: string; actorUserId: string };

function isUniqueViolation(error: unknown): boolean {
  const text = String(error instanceof Error ? `${error.message} ${String(error.cause)}` : error);
  return /UNIQUE constraint failed/i.test(text);
}

/**
 * Claims a custom domain for the account, pending, with a fresh token. The partial unique index
 * (one live claim per hostname) decides races: the losing insert fails inside its batch, which
 * then writes nothing, not even its audit entry. A hostname live for another account reads
 * exactly like any taken one.
 */
export async function addCustomDomain(
  db: Database,
  config: Pick<Config, "dashboardHost" | "systemDomains" | "allowLocalhostDomains">,
  actor: Actor,
  input: { hostname: string; primaryLanguage: string },
  options: { now?: number; hostnames?: CustomHostnames | null } = {},
): Promise<{ ok: true; domain: Domain } | { ok: false; problem: AddProblem }> {
  const now = options.now ?? Date.now();
  const checked = domainProblem(input.hostname, config);
  if ("problem" in checked) return { ok: false, problem: checked.problem };
  const { hostname } = checked;
  const live = await db
    .select({ accountId: domains.accountId })
    .from(domains)
    .where(and(eq(domains.hostname, hostname), ne(domains.status, "removed")))
    .get();
  if (live) {
    return {
      ok: false,
      problem:
        live.accountId === actor.accountId ? "domains.error.alreadyAdded" : "domains.error.taken",
    };
  }
  const domain: Domain = {
    id: newId("dom"),
    accountId: actor.accountId,
    hostname,
    kind: "custom",
    status: "pending",
    primaryLanguage: isLanguage(input.primaryLanguage) ? input.primaryLanguage : "en",
    verificationToken: newVerificationToken(),
    statusChangedAt: now,
    lastCheckedAt: null,
    nextCheckAt: nextPendingCheck(now, now),
    checkFailures: 0,
    lastCheckError: null,
    createdAt: now,
  };
  try {
    await audited(
      db,
      {
        ...actor,
        action: "domain.add",
        target: hostname,
        after: { hostname, status: "pending", primaryLanguage: domain.primaryLanguage },
      },
      [db.insert(domains).values(domain)],
      now,
    );
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problem: "domains.error.taken" };
    throw error;
  }
  // Cloudflare starts issuing the certificate now. Should it not answer, the first check that
  // finds the records right creates the hostname instead.
  await options.hostnames?.create(hostname);
  return { ok: true, domain };
}

/**
 * An audit entry written only when the statement just before it in the same batch changed a row:
 * a conditional update that found nothing (a race lost, a row already removed) leaves no entry.
 */
function auditIfChanged(db: Database, input: AuditInput, now: number) {
  const details = JSON.stringify({ before: input.before ?? {}, after: input.after ?? {} });
  // Columns in the table's order (id, account_id, actor_user_id, action, target, details,
  // created_at): drizzle names them all for an insert … select.
  return db.insert(auditLog).select(
    sql`select ${newId("aud")}, ${input.accountId}, ${input.actorUserId}, ${input.action},
      ${input.target ?? null}, ${details}, ${now} where changes() > 0`,
  );
}

export type VerifyOutcome = { result: CheckResult; domain: Domain; changed: boolean };

export type VerifyDeps = {
  db: Database;
  resolver: DnsResolver;
  cnameTarget: string;
  /** Where the email to the admins goes when an active domain turns misconfigured. */
  queue: Queue<EmailMessage>;
  /** Cloudflare for SaaS, when configured: it must serve a hostname before it turns active. */
  hostnames: CustomHostnames | null;
};

/**
 * Checks a domain's DNS now and applies the lifecycle. The update is conditional on the state the
 * check started from, so two checks at once (a button and the scheduled task) apply once; the
 * later one changes nothing. `actorUserId` null is Portico itself (the scheduled re-check), whose
 * checks are audited only when they change the status.
 */
export async function verifyDomain(
  deps: VerifyDeps,
  domain: Domain,
  actorUserId: string | null,
  now = Date.now(),
): Promise<VerifyOutcome> {
  const { db } = deps;
  let result = await checkDomain(deps.resolver, domain, deps.cnameTarget);
  if (deps.hostnames && result.outcome === "verified") {
    let state = await deps.hostnames.read(domain.hostname);
    if (state.kind === "missing") state = await deps.hostnames.create(domain.hostname);
    result = withCloudflare(domain.status, result, state);
  }
  const next = afterCheck(domain, result, now);
  // Turning misconfigured tells the admins, in the same batch as the update that decides it.
  const turned = domain.status === "active" && next.status === "misconfigured";
  const alerts = turned
    ? misconfiguredMessages(domain, now, await accountAdmins(db, domain.accountId))
    : [];
  const update = db
    .update(domains)
    .set(next)
    .where(
      and(
        eq(domains.id, domain.id),
        eq(domains.accountId, domain.accountId),
        eq(domains.status, domain.status),
        eq(domains.statusChangedAt, domain.statusChangedAt),
        domain.lastCheckedAt === null
          ? sql`${domains.lastCheckedAt} is null`
          : eq(domains.lastCheckedAt, domain.lastCheckedAt),
      ),
    )
    .returning({ id: domains.id });
  const statusChanged = next.status !== domain.status;
  let applied: { id: string }[];
  if (actorUserId !== null || statusChanged) {
    const [rows] = await db.batch([
      update,
      auditIfChanged(
        db,
        {
          accountId: domain.accountId,
          actorUserId,
          action: "domain.verify",
          target: domain.hostname,
          before: { status: domain.status },
          after: { status: next.status, result: result.outcome },
        },
        now,
      ),
      ...alerts.map((message) => queueIfTurned(db, message, now, now)),
    ]);
    applied = rows;
  } else {
    applied = await update;
  }
  const changed = applied.length === 1 && statusChanged;
  if (changed && turned) await sendMisconfiguredMessages(deps.queue, alerts);
  return { result, domain: { ...domain, ...next }, changed };
}

/** Changes the language every portal on the domain renders in (and its emails are written in). */
export async function setPrimaryLanguage(
  db: Database,
  actor: Actor,
  domain: Domain,
  language: string,
  now = Date.now(),
): Promise<boolean> {
  if (!isLanguage(language)) return false;
  if (language === domain.primaryLanguage) return true;
  await db.batch([
    db
      .update(domains)
      .set({ primaryLanguage: language })
      .where(
        and(
          eq(domains.id, domain.id),
          eq(domains.accountId, actor.accountId),
          ne(domains.status, "removed"),
        ),
      ),
    auditIfChanged(
      db,
      {
        ...actor,
        action: "domain.language",
        target: domain.hostname,
        before: { primaryLanguage: domain.primaryLanguage },
        after: { primaryLanguage: language },
      },
      now,
    ),
  ]);
  return true;
}

/**
 * Removes a custom domain: it stops serving at once (the caller forgets the host in this isolate;
 * other isolates within the tenant-cache TTL), and so do the portals on it, which stay in the
 * account to be moved to another domain. The claim stays as history; the hostname can be claimed
 * again, by anyone, only with a new token. A system domain is never removed here.
 */
export async function removeDomain(
  db: Database,
  actor: Actor,
  domain: AccountDomain,
  options: { now?: number; hostnames?: CustomHostnames | null } = {},
): Promise<{ ok: true } | { ok: false; problem: "domains.error.removeSystem" }> {
  const now = options.now ?? Date.now();
  if (domain.system) return { ok: false, problem: "domains.error.removeSystem" };
  const [removed] = await db.batch([
    db
      .update(domains)
      .set({ status: "removed", statusChangedAt: now, nextCheckAt: null })
      .where(
        and(
          eq(domains.id, domain.id),
          eq(domains.accountId, actor.accountId),
          eq(domains.kind, "custom"),
          ne(domains.status, "removed"),
        ),
      ),
    auditIfChanged(
      db,
      {
        ...actor,
        action: "domain.remove",
        target: domain.hostname,
        before: { status: domain.status },
        after: { status: "removed" },
      },
      now,
    ),
  ]);
  // Cloudflare stops serving it too. Should it not answer, the hostname stays there unused:
  // routing no longer serves it, and a new claim's checks create or reuse it.
  if (removed.meta.changes > 0) await options.hostnames?.remove(domain.hostname);
  return { ok: true };
}

/** Domains due for a check at `now`, oldest due first, at most `limit`. */
export function dueDomains(db: Database, now: number, limit: number) {
  return db
    .select()
    .from(domains)
    .where(
      and(
        inArray(domains.status, ["pending", "active", "misconfigured"]),
        eq(domains.kind, "custom"),
        sql`${domains.nextCheckAt} <= ${now}`,
      ),
    )
    .orderBy(asc(domains.nextCheckAt))
    .limit(limit);
}
