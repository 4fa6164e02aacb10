import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { sessionCookie, shortLivedCookie } from "../lib/auth/cookies";
import { signInUser } from "../lib/auth/dashboard-auth.server";
import {
  dashboardCookieScope,
  getDashboardUser,
  twoFactorCookieScope,
} from "../lib/auth/guards.server";
import { clientIp } from "../lib/auth/rate-limit.server";
import { safeDashboardRedirect } from "../lib/auth/redirects";
import { EmailSchema, PasswordSchema, RedirectToSchema } from "../lib/forms/schemas";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { useTranslate } from "../lib/i18n/page";
import { requireDashboardHost } from "../lib/tenancy/guards.server";
import { CHALLENGE_TTL_MS } from "../lib/two-factor/challenge.server";

const SignInSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  redirectTo: RedirectToSchema,
});

export const meta: MetaFunction = () => [{ title: "Sign in · Portico" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  if (await getDashboardUser(request, context)) {
    throw redirect(safeDashboardRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const submission = parseWithZod(await request.formData(), { schema: SignInSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAt: null }, 400);
  }
  const outcome = await signInUser(context.db, context.config, {
    ...submission.value,
    ip: clientIp(request),
  });
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ formErrors: [outcome.error], hideFields: ["password"] }),
        retryAt: "retryAt" in outcome ? outcome.retryAt : null,
      },
      outcome.error === "signIn.rateLimited" ? 429 : 400,
    );
  }
  const redirectTo = safeDashboardRedirect(submission.value.redirectTo);
  if (outcome.ok === "two_factor") {
    const cookie = shortLivedCookie(
      twoFactorCookieScope(request, context),
      outcome.challenge,
      CHALLENGE_TTL_MS,
    );
    return redirect(`/sign-in/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`, {
      headers: { "Set-Cookie": cookie },
    });
  }
  return redirect(redirectTo, {
    headers: {
      "Set-Cookie": sessionCookie(dashboardCookieScope(request, context), outcome.token),
    },
  });
}

export default function DashboardSignIn() {
  const t = useTranslate();
  const dt = useDashboardTranslate();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof SignInSchema>>({
    lastResult: actionData?.result,
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });
  const retryAt = actionData?.retryAt;
  const time = retryAt ? dateTimeFormatter("en", "UTC").dateTime(retryAt) : "";
  return (
    <DashboardShell user={null}>
      <h1>Sign in to Portico</h1>
      {searchParams.has("signedOut") ? <p role="status">{t("signIn.signedOut")}</p> : null}
      {searchParams.has("expired") ? <p role="status">{dt("twoFactor.signIn.expired")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} values={{ time: `${time} UTC` }} />
        <input
          type="hidden"
          name={fields.redirectTo.name}
          value={fields.redirectTo.initialValue ?? ""}
        />
        <Field
          meta={fields.email}
          label="Email address"
          type="email"
          autoComplete="username"
          t={t}
        />
        <Field
          meta={fields.password}
          label="Password"
          type="password"
          autoComplete="current-password"
          t={t}
        />
        <button type="submit" className="button">
          Sign in
        </button>
      </Form>
      <p>
        <Link to="/reset-password">Forgot your password?</Link>
      </p>
      <p>
        {dt("signUp.noAccount")} <Link to="/sign-up">{dt("signUp.cta")}</Link>
      </p>
    </DashboardShell>
  );
}
