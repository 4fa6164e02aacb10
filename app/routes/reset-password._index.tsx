import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData } from "@remix-run/react";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { requestUserPasswordReset } from "../lib/auth/dashboard-auth.server";
import { emailRequestAction } from "../lib/auth/email-request.server";
import { dateTimeFormatter } from "../lib/i18n";
import { useTranslate } from "../lib/i18n/page";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Portico" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  return null;
}

export function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  // Users' addresses are unique across the dashboard.
  return emailRequestAction(request, context, "users", (email) =>
    requestUserPasswordReset(context, email),
  );
}

export default function DashboardForgotPassword() {
  const t = useTranslate();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ email: string }>({ lastResult: actionData?.result });
  const retryAt = actionData?.retryAt;
  const time = retryAt ? `${dateTimeFormatter("en", "UTC").dateTime(retryAt)} UTC` : "";
  return (
    <DashboardShell user={null}>
      <h1>Reset your password</h1>
      {actionData?.sentTo ? (
        <p role="status" className="notice">
          {t("forgot.sent", { email: actionData.sentTo })}
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <p>Enter your email address and we send you a link to choose a new password.</p>
          <FormErrors id={form.errorId} errors={form.errors} t={t} values={{ time }} />
          <Field
            meta={fields.email}
            label="Email address"
            type="email"
            autoComplete="email"
            t={t}
          />
          <button type="submit" className="button">
            Send reset link
          </button>
        </Form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </DashboardShell>
  );
}
