import { type ActionFunctionArgs, redirect } from "@remix-run/cloudflare";
import { clearedCookie } from "../lib/auth/cookies";
import { getPortalContact, portalCookieScope } from "../lib/auth/guards.server";
import { invalidateContactSessions, invalidateSession } from "../lib/auth/sessions.server";
import { notFound, requirePortal } from "../lib/tenancy/guards.server";

export async function loader() {
  // Signing out changes state, so it is a POST only; a GET leads nowhere.
  throw notFound();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const signedIn = await getPortalContact(request, context);
  if (signedIn) {
    const form = await request.formData();
    if (form.get("everywhere") === "true") {
      await invalidateContactSessions(context.db, account.id, signedIn.contact.id);
    } else {
      await invalidateSession(context.db, signedIn.session.id);
    }
  }
  return redirect(`/${portal.slug}/sign-in?signedOut=1`, {
    headers: { "Set-Cookie": clearedCookie(portalCookieScope(request, context)) },
  });
}
