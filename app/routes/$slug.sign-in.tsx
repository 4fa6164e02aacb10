import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "../components/field";
import { sessionCookie } from "../lib/auth/cookies";
import { getPortalContact, portalCookieScope, safePortalRedirect } from "../lib/auth/guards.server";
import { signInContact } from "../lib/auth/portal-auth.server";
import { clientIp } from "../lib/auth/rate-limit.server";
import { EmailSchema, PasswordSchema, RedirectToSchema } from "../lib/forms/schemas";
import { dateTimeFormatter } from "../lib/i18n";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";

const SignInSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  redirectTo: RedirectToSchema,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getPortalContact(request, context)) {
    throw redirect(
      safePortalRedirect(context, new URL(request.url).searchParams.get("redirectTo")),
    );
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account, domain, portal } = requirePortal(context);
  const submission = parseWithZod(await request.formData(), { schema: SignInSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAt: null }, 400);
  }
  const outcome = await signInContact(
    context.db,
    context.config,
    {
      account,
      portal,
      host: domain.hostname,
      ip: clientIp(request),
    },
    submission.value,
  );
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ formErrors: [outcome.error], hideFields: ["password"] }),
        retryAt: "retryAt" in outcome ? outcome.retryAt : null,
      },
      outcome.error === "signIn.rateLimited" ? 429 : 400,
    );
  }
  const cookie = sessionCookie(portalCookieScope(request, context), outcome.token);
  return redirect(safePortalRedirect(context, submission.value.redirectTo ?? null), {
    headers: { "Set-Cookie": cookie },
  });
}

export default function SignIn() {
  const { portal, language, timeZone, t } = usePortal();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof SignInSchema>>({
    lastResult: actionData?.result,
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });
  const retryAt = actionData?.retryAt;
  const time = retryAt ? dateTimeFormatter(language, timeZone).dateTime(retryAt) : "";
  return (
    <>
      <h1>{t("signIn.title", { portal: portal.name })}</h1>
      {searchParams.has("signedOut") ? <p role="status">{t("signIn.signedOut")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} values={{ time }} />
        <input
          type="hidden"
          name={fields.redirectTo.name}
          value={fields.redirectTo.initialValue ?? ""}
        />
        <Field
          meta={fields.email}
          label={t("signIn.email")}
          type="email"
          autoComplete="username"
          t={t}
        />
        <Field
          meta={fields.password}
          label={t("signIn.password")}
          type="password"
          autoComplete="current-password"
          t={t}
        />
        <button type="submit" className="button">
          {t("signIn.submit")}
        </button>
      </Form>
      <p>
        <Link to={`/${portal.slug}/forgot-password`}>{t("signIn.forgot")}</Link>
      </p>
      <p>
        <Link to={`/${portal.slug}/register`}>{t("signIn.noAccount")}</Link>
      </p>
    </>
  );
}
