// The one guard of every page under /a/{account}:
//
//   const { user, account, role } = await requireAccountMember(args, handle);
//
// signed out → sign in and come back; not a member of the account the URL names (or no such
// account) → 404, the same answer whether or not it exists; a member whose role the route does not
// allow → 403; a member without two-factor in an account that requires it → set-up first.
// Membership is read on every request, so a removed teammate loses the account at their next
// request while keeping their session and their other accounts.
import { type AppLoadContext, type LoaderFunctionArgs, redirect } from "@remix-run/cloudflare";
import { and, eq } from "drizzle-orm";
import { type Account, accounts, memberships, type Role } from "../../../db/schema";
import { getDashboardUser } from "../auth/guards.server";
import { notFound } from "../tenancy/guards.server";
import { type DashboardHandle, roleAllows } from "./roles";

type Args = Pick<LoaderFunctionArgs, "request" | "context" | "params">;

type SignedIn = NonNullable<Awaited<ReturnType<typeof getDashboardUser>>>;
export type AccountMember = SignedIn & { account: Account; role: Role };

// One membership lookup per request, however many loaders of the page ask.
const members = new WeakMap<
  AppLoadContext,
  Map<string, Promise<{ account: Account; role: Role } | null>>
>();

function membershipOf(context: AppLoadContext, userId: string, slug: string) {
  let perSlug = members.get(context);
  if (!perSlug) {
    perSlug = new Map();
    members.set(context, perSlug);
  }
  let pending = perSlug.get(slug);
  if (!pending) {
    pending = context.db
      .select({ account: accounts, role: memberships.role })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(accounts.slug, slug), eq(memberships.userId, userId)))
      .get()
      .then((row) => row ?? null);
    perSlug.set(slug, pending);
  }
  return pending;
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export async function requireAccountMember(
  { request, context, params }: Args,
  handle: DashboardHandle,
): Promise<AccountMember> {
  const signedIn = await getDashboardUser(request, context);
  if (!signedIn) {
    const url = new URL(request.url);
    const back = url.pathname.replace(/\.data$/, "") + url.search;
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  const slug = params.account;
  if (!slug) throw notFound();
  const membership = await membershipOf(context, signedIn.user.id, slug);
  if (!membership) throw notFound();
  // An account that requires two-factor lets no member in without it, on any of its pages; the
  // user's other accounts are unaffected. Set-up lives outside /a/, so this never loops.
  if (membership.account.requireTwoFactor && !signedIn.twoFactor) {
    throw redirect(`/profile/two-factor?account=${encodeURIComponent(membership.account.slug)}`);
  }
  if (!roleAllows(membership.role, handle.roles)) throw forbidden();
  return { ...signedIn, ...membership };
}

/** The account's own URL prefix: every dashboard link of the account starts here. */
export function accountPath(account: Pick<Account, "slug">, path = ""): string {
  return `/a/${account.slug}${path}`;
}
