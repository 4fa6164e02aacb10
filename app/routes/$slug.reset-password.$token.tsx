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
import { checkLink, completePasswordReset } from "../lib/auth/portal-auth.server";
import { parseSetPassword } from "../lib/auth/set-password.server";
import { requirePortal } from "../lib/tenancy/guards.server";

const KINDS = ["password_reset"] as const;
const INVALID: SetPasswordPageData = { valid: false };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const target = await checkLink(context.db, { account, portal }, params.token, KINDS);
  if (!target) return data(INVALID, 410);
  const page: SetPasswordPageData = {
    valid: true,
    email: target.contact.signInEmail ?? target.contact.email,
    consent: null,
  };
  return page;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { account, domain, portal } = requirePortal(context);
  const target = await checkLink(context.db, { account, portal }, params.token, KINDS);
  if (!target) return data({ result: undefined }, 410);
  const submission = parseSetPassword(await request.formData(), {
    email: target.contact.signInEmail ?? target.contact.email,
    consent: null,
  });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, 400);
  }
  const session = await completePasswordReset(
    context.db,
    { account, portal, host: domain.hostname },
    target,
    submission.value.password,
  );
  if (!session) return data({ result: undefined }, 410);
  return redirect(portalLanding(context), {
    headers: {
      "Set-Cookie": sessionCookie(portalCookieScope(request, context), session.token),
    },
  });
}

export default function ResetPassword() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const spent = actionData && !actionData.result;
  return (
    <SetPasswordPage
      page={spent ? INVALID : page}
      result={actionData?.result}
      title="reset.title"
      submit="reset.submit"
      note="reset.note"
      again={{ path: "forgot-password", label: "link.invalid.reset" }}
    />
  );
}
