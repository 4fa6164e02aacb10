// Guards that read like sentences at the top of a loader or action:
//   const { contact } = await requirePortalContact(request, context);
//   const { user } = await requireDashboardUser(request, context, { role: ["owner", "admin"] });
import { type AppLoadContext, redirect } from "@remix-run/cloudflare";
import { and, eq, inArray } from "drizzle-orm";
import { memberships, type Role } from "../../../db/schema";
import { notFound, requireDashboardHost, requirePortal } from "../tenancy/guards.server";
import {
  dashboardCookieName,
  portalCookieName,
  readCookie,
  secureCookies,
  twoFactorCookieName,
} from "./cookies";
import { safeRedirect } from "./redirects";
import { validateDashboardSession, validatePortalSession } from "./sessions.server";

type PortalSignedIn = NonNullable<Awaited<ReturnType<typeof validatePortalSession>>>;
type DashboardSignedIn = NonNullable<Awaited<ReturnType<typeof validateDashboardSession>>>;

// One session lookup per request, however many loaders ask (the load context is per request).
const portalSessions = new WeakMap<AppLoadContext, Promise<PortalSignedIn | null>>();
const dashboardSessions = new WeakMap<AppLoadContext, Promise<DashboardSignedIn | null>>();

export function portalCookieScope(request: Request, context: AppLoadContext) {
  const { portal } = requirePortal(context);
  return {
    name: portalCookieName(portal.id),
    path: `/${portal.slug}`,
    secure: secureCookies(request, context.config),
  };
}

export function dashboardCookieScope(request: Request, context: AppLoadContext) {
  const secure = secureCookies(request, context.config);
  return { name: dashboardCookieName(secure), path: "/", secure };
}

/** The cookie of the step between the password and the second factor. */
export function twoFactorCookieScope(request: Request, context: AppLoadContext) {
  const secure = secureCookies(request, context.config);
  return { name: twoFactorCookieName(secure), path: "/", secure };
}

/** The signed-in contact of this portal, or null. */
export function getPortalContact(
  request: Request,
  context: AppLoadContext,
): Promise<PortalSignedIn | null> {
  const { account, domain, portal } = requirePortal(context);
  let pending = portalSessions.get(context);
  if (!pending) {
    pending = validatePortalSession(context.db, readCookie(request, portalCookieName(portal.id)), {
      accountId: account.id,
      portalId: portal.id,
      host: domain.hostname,
      accessMode: portal.accessMode,
    });
    portalSessions.set(context, pending);
  }
  return pending;
}

/** The signed-in contact; anyone else is sent to sign in and brought back afterwards. */
export async function requirePortalContact(
  request: Request,
  context: AppLoadContext,
): Promise<PortalSignedIn> {
  const signedIn = await getPortalContact(request, context);
  if (signedIn) return signedIn;
  const { portal } = requirePortal(context);
  const url = new URL(request.url);
  const back = url.pathname.replace(/\.data$/, "") + url.search;
  throw redirect(`/${portal.slug}/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * Where a signed-in contact lands: their tickets. Not the portal root, because its single-fetch
 * URL `/{slug}.data` lies outside the cookie's `Path=/{slug}` (docs/decisions/002).
 */
export function portalLanding(context: AppLoadContext): string {
  return `/${requirePortal(context).portal.slug}/tickets`;
}

/** A path inside this portal to return to after signing in; anything else is the landing page. */
export function safePortalRedirect(context: AppLoadContext, target: string | null): string {
  const { portal } = requirePortal(context);
  return safeRedirect(target, `/${portal.slug}/`, portalLanding(context));
}

export function getDashboardUser(
  request: Request,
  context: AppLoadContext,
): Promise<DashboardSignedIn | null> {
  requireDashboardHost(context);
  let pending = dashboardSessions.get(context);
  if (!pending) {
    pending = validateDashboardSession(
      context.db,
      readCookie(request, dashboardCookieScope(request, context).name),
      context.config.dashboardHost,
    );
    dashboardSessions.set(context, pending);
  }
  return pending;
}

/** The signed-in dashboard user, whatever their accounts; anyone else is sent to sign in. */
export async function requireSignedInUser(
  request: Request,
  context: AppLoadContext,
): Promise<DashboardSignedIn> {
  const signedIn = await getDashboardUser(request, context);
  if (signedIn) return signedIn;
  const url = new URL(request.url);
  const back = url.pathname.replace(/\.data$/, "") + url.search;
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * The signed-in dashboard user with their account memberships. With `role`, only users holding one
 * of those roles in some account pass; others get a 404, like a page that is not there.
 */
export async function requireDashboardUser(
  request: Request,
  context: AppLoadContext,
  options: { role?: Role[] } = {},
) {
  const signedIn = await requireSignedInUser(request, context);
  const roles = await context.db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, signedIn.user.id),
        options.role ? inArray(memberships.role, options.role) : undefined,
      ),
    );
  if (roles.length === 0) throw notFound();
  return { ...signedIn, memberships: roles };
}
