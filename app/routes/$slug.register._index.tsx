import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EmailRequestPage } from "../components/email-request";
import { acceptEmailRequest } from "../lib/auth/email-request.server";
import { getPortalContact, portalLanding } from "../lib/auth/guards.server";
import { requestRegistration } from "../lib/auth/portal-auth.server";
import { EmailSchema } from "../lib/forms/schemas";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";

const RegisterSchema = z.object({ email: EmailSchema });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { portal } = requirePortal(context);
  if (await getPortalContact(request, context)) throw redirect(portalLanding(context));
  return { accessMode: portal.accessMode };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const submission = parseWithZod(await request.formData(), { schema: RegisterSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sentTo: null, retryAt: null }, 400);
  }
  const { email } = submission.value;
  const refused = await acceptEmailRequest(request, context, { scope: account.id, email }, () =>
    requestRegistration(context, { account, portal }, email),
  );
  if (refused) {
    const result = submission.reply({ formErrors: ["emailRequest.rateLimited"] });
    return data({ result, sentTo: null, retryAt: refused.retryAt }, 429);
  }
  // The same answer, after the same work, whether or not the address may register: the lookup and
  // the email happen after it (app/lib/auth/email-request.server.ts).
  return { result: submission.reply({ resetForm: true }), sentTo: email, retryAt: null };
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
