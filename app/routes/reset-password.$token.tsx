import { getFormProps, useForm } from "@conform-to/react";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { sessionCookie, shortLivedCookie } from "../lib/auth/cookies";
import { checkUserResetLink, completeUserPasswordReset } from "../lib/auth/dashboard-auth.server";
import { dashboardCookieScope, twoFactorCookieScope } from "../lib/auth/guards.server";
import { parseSetPassword } from "../lib/auth/set-password.server";
import { useTranslate } from "../lib/i18n/page";
import { requireDashboardHost } from "../lib/tenancy/guards.server";
import { CHALLENGE_TTL_MS } from "../lib/two-factor/challenge.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Portico" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const target = await checkUserResetLink(context.db, params.token);
  if (!target) return data({ email: null }, 410);
  return { email: target.user.email };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const target = await checkUserResetLink(context.db, params.token);
  if (!target) return data({ result: undefined }, 410);
  const submission = parseSetPassword(await request.formData(), {
    email: target.user.email,
    consent: null,
  });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, 400);
  }
  const session = await completeUserPasswordReset(
    context.db,
    context.config,
    target,
    submission.value.password,
  );
  if (!session) return data({ result: undefined }, 410);
  if (session.kind === "two_factor") {
    return redirect("/sign-in/two-factor", {
      headers: {
        "Set-Cookie": shortLivedCookie(
          twoFactorCookieScope(request, context),
          session.challenge,
          CHALLENGE_TTL_MS,
        ),
      },
    });
  }
  return redirect("/", {
    headers: {
      "Set-Cookie": sessionCookie(dashboardCookieScope(request, context), session.token),
    },
  });
}

export default function DashboardResetPassword() {
  const t = useTranslate();
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ password: string }>({ lastResult: actionData?.result });
  const spent = !email || (actionData && !actionData.result);
  return (
    <DashboardShell user={null}>
      {spent ? (
        <>
          <h1>{t("link.invalid.title")}</h1>
          <p>{t("link.invalid.body")}</p>
          <p>
            <Link to="/reset-password">{t("link.invalid.reset")}</Link>
          </p>
        </>
      ) : (
        <>
          <h1>Choose a new password</h1>
          <p>For {email}</p>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} t={t} />
            <Field
              meta={fields.password}
              label="New password"
              type="password"
              autoComplete="new-password"
              hint={t("setPassword.hint", { min: 8 })}
              t={t}
            />
            <p>{t("reset.note")}</p>
            <button type="submit" className="button">
              Save password and sign in
            </button>
          </Form>
        </>
      )}
    </DashboardShell>
  );
}
