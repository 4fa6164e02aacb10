import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EmailRequestPage } from "../components/email-request";
import { portalEmailRequest } from "../lib/auth/email-request.server";
import { getPortalContact, portalLanding } from "../lib/auth/guards.server";
import { requestRegistration } from "../lib/auth/portal-auth.server";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { portal } = requirePortal(context);
  if (await getPortalContact(request, context)) throw redirect(portalLanding(context));
  return { accessMode: portal.accessMode };
}

export function action({ request, context }: ActionFunctionArgs) {
  return portalEmailRequest(request, context, (ref, email) =>
    requestRegistration(context, ref, email),
  );
}

export default function Register() {
  const { accessMode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { portal, t } = usePortal();
  return (
    <EmailRequestPage
      title={t("register.title", { portal: portal.name })}
      intro={t(accessMode === "access_groups" ? "register.intro.groups" : "register.intro.anyone")}
      submit="register.submit"
      sent="register.sent"
      result={actionData?.result}
      sentTo={actionData?.sentTo}
      retryAt={actionData?.retryAt}
      footer={{ to: `/${portal.slug}/sign-in`, label: t("register.haveAccount") }}
    />
  );
}
