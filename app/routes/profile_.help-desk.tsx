import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DashboardShell } from "../components/dashboard-shell";
import { ErrorList, FormErrors } from "../components/field";
import { requireSignedInUser } from "../lib/auth/guards.server";
import { agentPreferences, saveAgentPreferences } from "../lib/helpdesk/preferences.server";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { notFound, requireDashboardHost } from "../lib/tenancy/guards.server";

/** A checkbox: "on" when ticked, absent when not; anything else is a bad request. */
const Checkbox = z.literal("on", { error: "form.invalidValue" }).optional();

const PreferencesSchema = z.object({
  account: z
    .string({ error: "form.required" })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "form.invalidValue"),
  notifyNewTicket: Checkbox,
  notifyCustomerReplied: Checkbox,
  keyboardShortcuts: Checkbox,
});

export const meta: MetaFunction = () => [{ title: "Help desk preferences · Portico" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const { user } = await requireSignedInUser(request, context);
  return {
    user: { name: user.name, email: user.email },
    accounts: await agentPreferences(context.db, user.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const { user } = await requireSignedInUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: PreferencesSchema });
  const account = String(submission.payload.account ?? "");
  if (submission.status !== "success") {
    return data({ account, result: submission.reply() as SubmissionResult<string[]> }, 400);
  }
  const value = submission.value;
  const saved = await saveAgentPreferences(context.db, user.id, value.account, {
    notifyNewTicket: value.notifyNewTicket === "on",
    notifyCustomerReplied: value.notifyCustomerReplied === "on",
    keyboardShortcuts: value.keyboardShortcuts === "on",
  });
  // Another account's slug, or one the user left: the same as an account that does not exist.
  if (!saved) throw notFound();
  return redirect(`/profile/help-desk?saved=${encodeURIComponent(value.account)}`);
}

type Preferences = Awaited<ReturnType<typeof loader>>["accounts"][number];

function PreferencesForm({
  preferences,
  lastResult,
}: {
  preferences: Preferences;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const t = useDashboardTranslate();
  const on = (value: boolean) => (value ? "on" : undefined);
  const [form, fields] = useForm<{
    account: string;
    notifyNewTicket: string;
    notifyCustomerReplied: string;
    keyboardShortcuts: string;
  }>({
    id: `preferences-${preferences.accountSlug}`,
    lastResult,
    defaultValue: {
      account: preferences.accountSlug,
      notifyNewTicket: on(preferences.notifyNewTicket),
      notifyCustomerReplied: on(preferences.notifyCustomerReplied),
      keyboardShortcuts: on(preferences.keyboardShortcuts),
    },
  });
  const account = preferences.accountName;
  const headingId = `${form.id}-heading`;
  const checkbox = (meta: typeof fields.notifyNewTicket, label: string, hint?: string) => {
    const hintId = hint ? `${meta.id}-hint` : undefined;
    const input = getInputProps(meta, { type: "checkbox", value: "on", ariaAttributes: true });
    const describedBy = [input["aria-describedby"], hintId].filter(Boolean).join(" ") || undefined;
    return (
      <div className="checkbox">
        <input {...input} key={meta.key} aria-describedby={describedBy} />
        <label htmlFor={meta.id}>{label}</label>
        {hint ? (
          <p id={hintId} className="field-hint">
            {hint}
          </p>
        ) : null}
        <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
      </div>
    );
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("deskPrefs.account", { account })}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <input type="hidden" name={fields.account.name} value={preferences.accountSlug} />
        <fieldset>
          <legend>{t("deskPrefs.emails")}</legend>
          {checkbox(fields.notifyNewTicket, t("deskPrefs.newTicket"))}
          {checkbox(fields.notifyCustomerReplied, t("deskPrefs.customerReplied"))}
        </fieldset>
        {checkbox(fields.keyboardShortcuts, t("deskPrefs.shortcuts"), t("deskPrefs.shortcutsHint"))}
        <button type="submit" className="button">
          {t("deskPrefs.save", { account })}
        </button>
      </Form>
    </section>
  );
}

export default function HelpDeskPreferences() {
  const t = useDashboardTranslate();
  const { user, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = accounts.find((row) => row.accountSlug === searchParams.get("saved"));
  return (
    <DashboardShell user={user}>
      <p>
        <Link to="/profile">{t("deskPrefs.back")}</Link>
      </p>
      <h1>{t("deskPrefs.title")}</h1>
      {saved ? (
        <p role="status" className="notice">
          {t("deskPrefs.saved", { account: saved.accountName })}
        </p>
      ) : null}
      <p>{t("deskPrefs.intro")}</p>
      {accounts.length === 0 ? <p>{t("deskPrefs.none")}</p> : null}
      {accounts.map((preferences) => (
        <PreferencesForm
          key={preferences.accountSlug}
          preferences={preferences}
          lastResult={
            actionData?.account === preferences.accountSlug ? actionData.result : undefined
          }
        />
      ))}
    </DashboardShell>
  );
}
