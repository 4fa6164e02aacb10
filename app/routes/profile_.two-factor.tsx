import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { encodeBase32NoPadding } from "@oslojs/encoding";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { QrCodeImage } from "../components/qr-code";
import { requireSignedInUser } from "../lib/auth/guards.server";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { userAccounts } from "../lib/profile/profile.server";
import { requireDashboardHost } from "../lib/tenancy/guards.server";
import { SecondFactorCodeSchema } from "../lib/two-factor/forms";
import { qrCode } from "../lib/two-factor/qr-code";
import { totpKeyUri } from "../lib/two-factor/totp";
import { enableTwoFactor, pendingSecret } from "../lib/two-factor/two-factor.server";

const EnableSchema = z.object({ code: SecondFactorCodeSchema });

export const meta: MetaFunction = () => [{ title: "Set up two-factor authentication · Portico" }];

/** The account that sent the user here because it requires two-factor, if they belong to it. */
async function requiringAccount(
  context: LoaderFunctionArgs["context"],
  userId: string,
  request: Request,
) {
  const slug = new URL(request.url).searchParams.get("account");
  if (!slug) return null;
  const accounts = await userAccounts(context.db, userId);
  const account = accounts.find((row) => row.slug === slug);
  return account ? { name: account.name, slug: account.slug } : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const { user } = await requireSignedInUser(request, context);
  const account = await requiringAccount(context, user.id, request);
  const key = await pendingSecret(context.db, context.config, user.id);
  if (!key) return { user: { name: user.name, email: user.email }, account, setUp: null };
  const secret = encodeBase32NoPadding(key);
  return {
    user: { name: user.name, email: user.email },
    account,
    setUp: {
      qr: qrCode(totpKeyUri(user.email, key)),
      // In groups of four, as authenticator apps accept it typed by hand.
      secret: secret.match(/.{1,4}/g)?.join(" ") ?? secret,
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const { user } = await requireSignedInUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: EnableSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["code"] }), recoveryCodes: null }, 400);
  }
  const outcome = await enableTwoFactor(context.db, context.config, user, submission.value.code);
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ fieldErrors: { code: [outcome.error] }, hideFields: ["code"] }),
        recoveryCodes: null,
      },
      400,
    );
  }
  return { result: undefined, recoveryCodes: outcome.recoveryCodes };
}

export default function SetUpTwoFactor() {
  const t = useDashboardTranslate();
  const { user, account, setUp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ code: string }>({ lastResult: actionData?.result });
  const next = account ? `/a/${account.slug}` : "/profile";
  if (actionData?.recoveryCodes) {
    return (
      <DashboardShell user={user}>
        <h1>{t("twoFactor.enabled.title")}</h1>
        <p role="status" className="notice">
          {t("twoFactor.enabled.notice")}
        </p>
        <h2>{t("twoFactor.recovery.title")}</h2>
        <p>{t("twoFactor.recovery.text")}</p>
        <ol className="recovery-codes" aria-label={t("twoFactor.recovery.list")}>
          {actionData.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
        <p>
          <Link to={next} className="button">
            {t("twoFactor.recovery.saved")}
          </Link>
        </p>
      </DashboardShell>
    );
  }
  if (!setUp) {
    return (
      <DashboardShell user={user}>
        <h1>{t("twoFactor.enabled.title")}</h1>
        <p>
          <Link to="/profile">{t("twoFactor.setUp.back")}</Link>
        </p>
      </DashboardShell>
    );
  }
  return (
    <DashboardShell user={user}>
      <h1>{t("twoFactor.setUp.title")}</h1>
      {account ? (
        <p role="status" className="notice">
          {t("twoFactor.setUp.required", { account: account.name })}
        </p>
      ) : null}
      <ol className="steps">
        <li>
          <p>{t("twoFactor.setUp.scan")}</p>
          <QrCodeImage code={setUp.qr} label={t("twoFactor.setUp.qr")} />
        </li>
        <li>
          <p>{t("twoFactor.setUp.type")}</p>
          <p className="secret-text" data-testid="two-factor-secret">
            {setUp.secret}
          </p>
        </li>
        <li>
          <p>{t("twoFactor.setUp.confirm")}</p>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} t={t} />
            <Field
              meta={fields.code}
              label={t("twoFactor.code")}
              type="text"
              autoComplete="one-time-code"
              t={t}
            />
            <button type="submit" className="button">
              {t("twoFactor.setUp.submit")}
            </button>
          </Form>
        </li>
      </ol>
      <p>
        <Link to="/profile">{t("twoFactor.setUp.back")}</Link>
      </p>
    </DashboardShell>
  );
}
