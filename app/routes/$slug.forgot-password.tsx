import type { ActionFunctionArgs } from "@remix-run/cloudflare";
import { useActionData } from "@remix-run/react";
import { EmailRequestPage } from "../components/email-request";
import { portalEmailRequest } from "../lib/auth/email-request.server";
import { requestPasswordReset } from "../lib/auth/portal-auth.server";
import { usePortal } from "../lib/portals/layout";

export function action({ request, context }: ActionFunctionArgs) {
  return portalEmailRequest(request, context, (ref, email) =>
    requestPasswordReset(context, ref, email),
  );
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const { portal, t } = usePortal();
  return (
    <EmailRequestPage
      title={t("forgot.title")}
      intro={t("forgot.intro")}
      submit="forgot.submit"
      sent="forgot.sent"
      result={actionData?.result}
      sentTo={actionData?.sentTo}
      retryAt={actionData?.retryAt}
      footer={{ to: `/${portal.slug}/sign-in`, label: t("signIn.submit") }}
    />
  );
}
