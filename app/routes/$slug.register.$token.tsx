import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SetPasswordPage, type SetPasswordPageData } from "../components/set-password";
import { sessionCookie } from "../lib/auth/cookies";
import { portalCookieScope, portalLanding } from "../lib/auth/guards.server";
import { checkLink, completeRegistration } from "../lib/auth/portal-auth.server";
import { consentNotice, parseSetPassword } from "../lib/auth/set-password.server";
import { requirePortal } from "../lib/tenancy/guards.server";

// Registration links and access-group invitations (…/join/{token}) lead to the same page.
const KINDS = ["registration", "access_group_invite"] as const;
const INVALID: SetPasswordPageData = { valid: false };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const target = await checkLink(context.db, { account, portal }, params.token, KINDS);
  if (!target) return data(INVALID, 410);
  const page: SetPasswordPageData = {
    valid: true,
    email: target.contact.signInEmail ?? target.contact.email,
    consent: consentNotice(portal),
  };
  return page;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { account, domain, portal } = requirePortal(context);
  const target = await checkLink(context.db, { account, portal }, params.token, KINDS);
  if (!target) return data({ result: undefined }, 410);
  const consent = consentNotice(portal);
  const submission = parseSetPassword(await request.formData(), {
    email: target.contact.signInEmail ?? target.contact.email,
    consent,
  });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, 400);
  }
  const session = await completeRegistration(
    context.db,
    { account, portal, host: domain.hostname },
    target,
    {
      password: submission.value.password,
      consentVersion: consent ? portal.consentSettings.version : null,
    },
  );
  if (!session) return data({ result: undefined }, 410);
  return redirect(portalLanding(context), {
    headers: {
      "Set-Cookie": sessionCookie(portalCookieScope(request, context), session.token),
    },
  });
}

export default function CompleteRegistration() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A link spent while the form was open turns the page into the "can no longer be used" answer.
  const spent = actionData && !actionData.result;
  return (
    <SetPasswordPage
      page={spent ? INVALID : page}
      result={actionData?.result}
      title="setPassword.title"
      submit="setPassword.submit"
      again={{ path: "register", label: "link.invalid.register" }}
    />
  );
}
