import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data } from "@remix-run/cloudflare";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { EmailRequestPage } from "../components/email-request";
import { usePortal } from "../components/portal";
import { requestPasswordReset } from "../lib/auth/portal-auth.server";
import { EmailSchema } from "../lib/forms/schemas";
import { requirePortal } from "../lib/tenancy/guards.server";

const ForgotSchema = z.object({ email: EmailSchema });

export async function action({ request, context }: ActionFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const submission = parseWithZod(await request.formData(), { schema: ForgotSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sentTo: null }, 400);
  }
  await requestPasswordReset(context, { account, portal }, submission.value.email);
  // The same answer whether or not the address has an account here.
  return { result: submission.reply({ resetForm: true }), sentTo: submission.value.email };
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
      footer={{ to: `/${portal.slug}/sign-in`, label: t("signIn.submit") }}
    />
  );
}
