import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DoneNotice } from "../components/done-notice";
import { ErrorList, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { portalLanguage } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { updatePortal } from "../lib/portals/settings.server";
import { CONSENT_TEXT_MAX, ConsentSchema, consentFromForm } from "../lib/portals/settings-forms";
import { languageName, tabMeta } from "../lib/portals/settings-page";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = tabMeta("portalTabs.consent");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { portal, domain } = await requirePagePortal(args, account.id);
  return {
    consent: portal.consentSettings,
    language: languageName(portalLanguage(domain.primaryLanguage)),
    hostname: domain.hostname,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  const submission = parseWithZod(await args.request.formData(), { schema: ConsentSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const outcome = await updatePortal(
    { db: args.context.db, actorUserId: user.id, forgetHost: args.context.forgetHost },
    found,
    { consentSettings: consentFromForm(submission.value, found.portal.consentSettings) },
  );
  if (outcome === "conflict") {
    return data({ result: submission.reply({ formErrors: ["portalSettings.conflict"] }) }, 409);
  }
  return redirect(`/a/${account.slug}/portals/${found.portal.id}/consent?done=${outcome}`);
}

export default function ConsentTab() {
  const t = useDashboardTranslate();
  const { consent, language, hostname } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ enabled: string; text: string; requireCheckbox: string }>({
    lastResult: actionData?.result,
    defaultValue: {
      enabled: consent.enabled ? "on" : "",
      text: consent.text,
      requireCheckbox: consent.requireCheckbox ? "on" : "",
    },
  });
  const hintId = `${fields.text.id}-hint`;
  return (
    <>
      <h2>{t("portalTabs.consent")}</h2>
      <DoneNotice />
      <p>{t("portalSettings.consent.intro")}</p>
      <p className="muted">
        {t("portalSettings.consent.version", {
          version: consent.version,
          next: consent.version + 1,
        })}
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <div className="checkbox">
          <input
            {...getInputProps(fields.enabled, { type: "checkbox", value: "on" })}
            key={fields.enabled.key}
          />
          <label htmlFor={fields.enabled.id}>{t("portalSettings.consent.enabled")}</label>
        </div>
        <div className="field">
          <label htmlFor={fields.text.id}>{t("portalSettings.consent.text")}</label>
          <p id={hintId} className="field-hint">
            {t("portalSettings.consent.language", { language, hostname })}
          </p>
          <textarea
            {...getTextareaProps(fields.text, { ariaAttributes: true })}
            key={fields.text.key}
            rows={6}
            maxLength={CONSENT_TEXT_MAX}
            aria-describedby={[fields.text.errors ? fields.text.errorId : "", hintId]
              .filter(Boolean)
              .join(" ")}
          />
          <ErrorList
            id={fields.text.errorId}
            errors={fields.text.errors}
            t={t}
            values={{ max: CONSENT_TEXT_MAX }}
          />
        </div>
        <div className="checkbox">
          <input
            {...getInputProps(fields.requireCheckbox, { type: "checkbox", value: "on" })}
            key={fields.requireCheckbox.key}
          />
          <label htmlFor={fields.requireCheckbox.id}>
            {t("portalSettings.consent.requireCheckbox")}
          </label>
        </div>
        <button type="submit" className="button">
          {t("portalSettings.save")}
        </button>
      </Form>
    </>
  );
}
