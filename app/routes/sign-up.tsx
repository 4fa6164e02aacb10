import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { SelectField } from "../components/select-field";
import { NewAccountSchema, SignUpSchema } from "../lib/accounts/schemas";
import { addAccount, signUp } from "../lib/accounts/signup.server";
import { accountSlugBase } from "../lib/accounts/slug";
import { sessionCookie } from "../lib/auth/cookies";
import { dashboardCookieScope, getDashboardUser } from "../lib/auth/guards.server";
import { PASSWORD_MIN_LENGTH, passwordProblem } from "../lib/auth/password-policy";
import { clientIp } from "../lib/auth/rate-limit.server";
import { dateTimeFormatter, LANGUAGES } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Portico" }];

const SignUpWithPolicy = SignUpSchema.superRefine((value, ctx) => {
  const problem = passwordProblem(value.password, value.email);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
});

/** The portal languages, named in English and in themselves ("Dutch — Nederlands"). */
function languageOptions() {
  const english = new Intl.DisplayNames(["en"], { type: "language" });
  return LANGUAGES.map((code) => {
    const own = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
    const name = english.of(code) ?? code;
    return { value: code, label: own === name ? name : `${name} — ${own}` };
  });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const signedIn = await getDashboardUser(request, context);
  return {
    user: signedIn ? { name: signedIn.user.name, email: signedIn.user.email } : null,
    systemDomain: context.config.systemDomains[0] ?? "",
    languages: languageOptions(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const signedIn = await getDashboardUser(request, context);
  const formData = await request.formData();
  const ip = clientIp(request);
  if (signedIn) {
    const submission = parseWithZod(formData, { schema: NewAccountSchema });
    if (submission.status !== "success") {
      return data({ result: submission.reply(), retryAt: null }, 400);
    }
    const outcome = await addAccount(context.db, context.config, signedIn.user, {
      ...submission.value,
      ip,
    });
    if (!outcome.ok) {
      const retryAt = "retryAt" in outcome ? outcome.retryAt : null;
      return data({ result: submission.reply({ formErrors: [outcome.error] }), retryAt }, 429);
    }
    return redirect(`/a/${outcome.account.slug}`);
  }
  const submission = parseWithZod(formData, { schema: SignUpWithPolicy });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAt: null }, 400);
  }
  const outcome = await signUp({ db: context.db, env: context.env }, context.config, {
    ...submission.value,
    ip,
  });
  if (!outcome.ok) {
    if (outcome.error === "signUp.emailTaken") {
      const result = submission.reply({
        fieldErrors: { email: [outcome.error] },
        hideFields: ["password"],
      });
      return data({ result, retryAt: null }, 400);
    }
    const result = submission.reply({ formErrors: [outcome.error], hideFields: ["password"] });
    return data({ result, retryAt: outcome.retryAt }, 429);
  }
  return redirect(`/a/${outcome.account.slug}`, {
    headers: {
      "Set-Cookie": sessionCookie(dashboardCookieScope(request, context), outcome.session.token),
    },
  });
}

export default function SignUp() {
  const t = useDashboardTranslate();
  const { user, systemDomain, languages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof SignUpSchema>>({
    lastResult: actionData?.result,
    defaultValue: { language: "en" },
  });
  const retryAt = actionData?.retryAt;
  const time = retryAt ? `${dateTimeFormatter("en", "UTC").dateTime(retryAt)} UTC` : "";
  const example = `${accountSlugBase("Your Company")}.${systemDomain}`;
  return (
    <DashboardShell user={user}>
      <h1>{t(user ? "signUp.anotherTitle" : "signUp.title")}</h1>
      <p>{t(user ? "signUp.anotherIntro" : "signUp.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} values={{ time }} />
        {user ? null : (
          <>
            <Field
              meta={fields.name}
              label={t("signUp.name")}
              type="text"
              autoComplete="name"
              t={t}
            />
            <Field
              meta={fields.email}
              label={t("signUp.email")}
              type="email"
              autoComplete="email"
              t={t}
            />
            <Field
              meta={fields.password}
              label={t("signUp.password")}
              type="password"
              autoComplete="new-password"
              hint={t("signUp.passwordHint", { min: PASSWORD_MIN_LENGTH })}
              t={t}
            />
          </>
        )}
        <Field
          meta={fields.accountName}
          label={t("signUp.accountName")}
          type="text"
          autoComplete="organization"
          hint={t("signUp.accountNameHint", { example })}
          t={t}
        />
        <SelectField
          meta={fields.language}
          label={t("signUp.language")}
          options={languages}
          hint={t("signUp.languageHint", { systemDomain })}
          t={t}
        />
        <button type="submit" className="button">
          {t("signUp.submit")}
        </button>
      </Form>
      {user ? null : (
        <p>
          {t("signUp.haveAccount")} <Link to="/sign-in">{t("signUp.signIn")}</Link>
        </p>
      )}
    </DashboardShell>
  );
}
