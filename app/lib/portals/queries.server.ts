// Reading an account's portals for the dashboard. Every read names the account from the guard: an
// id from a URL alone finds nothing, so another account's portal is the same 404 as a missing one.
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Domain,
  domains,
  type Portal,
  portalMembers,
  portals,
  tickets,
} from "../../../db/schema";
import { notFound } from "../tenancy/guards.server";

export type AccountPortal = { portal: Portal; domain: Domain };

export async function findAccountPortal(
  db: Database,
  accountId: string,
  portalId: string | undefined,
): Promise<AccountPortal | null> {
  if (!portalId) return null;
  const row = await db
    .select({ portal: portals, domain: domains })
    .from(portals)
    .innerJoin(
      domains,
      and(eq(domains.id, portals.domainId), eq(domains.accountId, portals.accountId)),
    )
    .where(and(eq(portals.accountId, accountId), eq(portals.id, portalId)))
    .get();
  return row ?? null;
}

/** The account's portal the URL names, or the 404 every foreign or missing id gets. */
export async function requireAccountPortal(
  db: Database,
  accountId: string,
  portalId: string | undefined,
): Promise<AccountPortal> {
  const found = await findAccountPortal(db, accountId, portalId);
  if (!found) throw notFound();
  return found;
}

// A settings tab's loader and its frame's loader (a.$account.portals.$id.tsx) run in parallel for
// one page and both need the portal: on a read, one query serves both. Never across a write: a
// POST re-reads, because the loaders that render after an action must see what it saved.
const pagePortals = new WeakMap<AppLoadContext, Map<string, Promise<AccountPortal | null>>>();

/** `requireAccountPortal` for the portal in the page's URL (`$id`), read once per GET. */
export async function requirePagePortal(
  { request, context, params }: Pick<LoaderFunctionArgs, "request" | "context" | "params">,
  accountId: string,
): Promise<AccountPortal> {
  const portalId = params.id;
  if (request.method !== "GET" && request.method !== "HEAD") {
    return requireAccountPortal(context.db, accountId, portalId);
  }
  let perPortal = pagePortals.get(context);
  if (!perPortal) {
    perPortal = new Map();
    pagePortals.set(context, perPortal);
  }
  const key = `${accountId}/${portalId ?? ""}`;
  let pending = perPortal.get(key);
  if (!pending) {
    pending = findAccountPortal(context.db, accountId, portalId);
    perPortal.set(key, pending);
  }
  const found = await pending;
  if (!found) throw notFound();
  return found;
}

/** What deleting a portal touches: its members' standing goes, its tickets stay. */
export async function portalFootprint(
  db: Database,
  accountId: string,
  portalId: string,
): Promise<{ members: number; tickets: number }> {
  const [members, ticketCount] = await Promise.all([
    db.$count(
      portalMembers,
      and(eq(portalMembers.accountId, accountId), eq(portalMembers.portalId, portalId)),
    ),
    db.$count(tickets, and(eq(tickets.accountId, accountId), eq(tickets.portalId, portalId))),
  ]);
  return { members, tickets: ticketCount };
}
