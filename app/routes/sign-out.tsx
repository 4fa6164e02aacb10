import { type ActionFunctionArgs, redirect } from "@remix-run/cloudflare";
import { clearedCookie } from "../lib/auth/cookies";
import { dashboardCookieScope, getDashboardUser } from "../lib/auth/guards.server";
import { invalidateSession } from "../lib/auth/sessions.server";
import { notFound } from "../lib/tenancy/guards.server";

export async function loader() {
  throw notFound();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await getDashboardUser(request, context);
  if (signedIn) await invalidateSession(context.db, signedIn.session.id);
  return redirect("/sign-in?signedOut=1", {
    headers: { "Set-Cookie": clearedCookie(dashboardCookieScope(request, context)) },
  });
}
