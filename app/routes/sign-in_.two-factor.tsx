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
import { clearedCookie, readCookie, sessionCookie } from "../lib/auth/cookies";
import { completeSecondFactor } from "../lib/auth/dashboard-auth.server";
import { dashboardCookieScope, twoFactorCookieScope } from "../lib/auth/guards.server";
import { clientIp } from "../lib/auth/rate-limit.server";
import { safeDashboardRedirect } from "../lib/auth/redirects";
import { RedirectToSchema } from "../lib/forms/schemas";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requireDashboardHost } from "../lib/tenancy/guards.server";
import { readChallenge } from "../lib/two-factor/challenge.server";
import { SecondFactorCodeSchema } from "../lib/two-factor/forms";

const SecondFactorSchema = z.object({ code: SecondFactorCodeSchema, redirectTo: RedirectToSchema });

export const meta: MetaFunction = () => [{ title: "Two-factor authentication · Portico" }];

/** Back to the password, the challenge cookie gone: it was missing, expired or spent. */
function startAgain(request: Request, context: ActionFunctionArgs["context"]) {
  return redirect("/sign-in?expired=1", {
    headers: { "Set-Cookie": clearedCookie(twoFactorCookieScope(request, context)) },
  });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const cookie = readCookie(request, twoFactorCookieScope(request, context).name);
  const pending = await readChallenge(context.db, cookie, context.config.dashboardHost);
  if (!pending) throw startAgain(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const submission = parseWithZod(await request.formData(), { schema: SecondFactorSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["code"] }), retryAt: null }, 400);
  }
  const outcome = await completeSecondFactor(context.db, context.config, {
    challenge: readCookie(request, twoFactorCookieScope(request, context).name),
    code: submission.value.code,
    ip: clientIp(request),
  });
  if (!outcome.ok && outcome.error === "twoFactor.expired") throw startAgain(request, context);
  if (!outcome.ok) {
    const wrong = outcome.error === "signIn.invalid";
    return data(
      {
        result: submission.reply({
          ...(wrong
            ? { fieldErrors: { code: ["twoFactor.codeOrRecoveryInvalid"] } }
            : { formErrors: [outcome.error] }),
          hideFields: ["code"],
        }),
        retryAt: "retryAt" in outcome ? outcome.retryAt : null,
      },
      outcome.error === "signIn.rateLimited" ? 429 : 400,
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", clearedCookie(twoFactorCookieScope(request, context)));
  headers.append(
    "Set-Cookie",
    sessionCookie(dashboardCookieScope(request, context), outcome.token),
  );
  return redirect(safeDashboardRedirect(submission.value.redirectTo), { headers });
}

export default function SecondFactor() {
  const t = useDashboardTranslate();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof SecondFactorSchema>>({
    lastResult: actionData?.result,
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });
  const retryAt = actionData?.retryAt;
  const time = retryAt ? dateTimeFormatter("en", "UTC").dateTime(retryAt) : "";
  return (
    <DashboardShell user={null}>
      <h1>{t("twoFactor.title")}</h1>
      <p>{t("twoFactor.signIn.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} values={{ time: `${time} UTC` }} />
        <input
          type="hidden"
          name={fields.redirectTo.name}
          value={fields.redirectTo.initialValue ?? ""}
        />
        <Field
          meta={fields.code}
          label={t("twoFactor.code")}
          type="text"
          autoComplete="one-time-code"
          hint={t("twoFactor.signIn.hint")}
          t={t}
        />
        <button type="submit" className="button">
          {t("twoFactor.signIn.submit")}
        </button>
      </Form>
      <p>
        <Link to="/sign-in">{t("twoFactor.signIn.other")}</Link>
      </p>
    </DashboardShell>
  );
}
