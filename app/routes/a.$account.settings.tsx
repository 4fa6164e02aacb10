import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { domains } from "../../db/schema";
import { Field, FormErrors } from "../components/field";
import { SelectField } from "../components/select-field";
import { deleteAccount } from "../lib/accounts/delete.server";
import { AccountSettingsSchema, deleteAccountSchema } from "../lib/accounts/schemas";
import {
  settingsOf,
  timeZoneOptions,
  updateAccountSettings,
} from "../lib/accounts/settings.server";
import { allowedKinds } from "../lib/attachments/form.server";
import { kindsFromForm, updateAttachmentKinds } from "../lib/attachments/kinds.server";
import { ATTACHMENT_KINDS } from "../lib/attachments/policy";
import { formatBytes } from "../lib/attachments/sizes";
import { storedBytes } from "../lib/attachments/store.server";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { type DashboardHandle, OWNER } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

// The whole page is the owner's: the settings, and deleting the account.
export const handle: DashboardHandle = { roles: OWNER };

export const meta: MetaFunction = () => [{ title: "Account settings · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const [system, stored] = await Promise.all([
    args.context.db
      .select({ hostname: domains.hostname })
      .from(domains)
      .where(and(eq(domains.accountId, account.id), eq(domains.kind, "system")))
      .get(),
    storedBytes(args.context.db, account.id),
  ]);
  const settings = settingsOf(account);
  return {
    settings: {
      ...settings,
      senderName: settings.senderName ?? "",
      supportReplyTo: settings.supportReplyTo ?? "",
    },
    slug: account.slug,
    systemHostname: system?.hostname ?? "",
    timeZones: timeZoneOptions(account.timeZone),
    storage: { used: stored, cap: args.context.config.attachments.storageCapBytes },
    attachmentKinds: allowedKinds(account),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { context } = args;
  const formData = await args.request.formData();
  if (formData.get("intent") === "delete") {
    const submission = parseWithZod(formData, { schema: deleteAccountSchema(account.name) });
    if (submission.status !== "success") {
      return data({ intent: "delete" as const, result: submission.reply() }, 400);
    }
    const hostnames = await deleteAccount(context.db, context.env.ATTACHMENTS, account);
    for (const hostname of hostnames) context.forgetHost(hostname);
    return redirect("/");
  }
  if (formData.get("intent") === "file-types") {
    const kinds = kindsFromForm(formData.getAll("kinds"));
    await updateAttachmentKinds(context.db, account, user.id, kinds);
    // Portals read the account through the tenant cache: the change reaches them within its TTL.
    return redirect(`${accountPath(account, "/settings")}?saved=file-types`);
  }
  const submission = parseWithZod(formData, { schema: AccountSettingsSchema });
  if (submission.status !== "success") {
    return data({ intent: "settings" as const, result: submission.reply() }, 400);
  }
  await updateAccountSettings(context.db, account, user.id, submission.value);
  return redirect(`${accountPath(account, "/settings")}?saved`);
}

export default function AccountSettings() {
  const t = useDashboardTranslate();
  const { settings, slug, systemHostname, timeZones, storage, attachmentKinds } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<Record<keyof z.input<typeof AccountSettingsSchema>, string>>({
    id: "settings",
    lastResult: actionData?.intent === "settings" ? actionData.result : undefined,
    defaultValue: settings,
  });
  const [deletion, deletionFields] = useForm<{ confirm: string }>({
    id: "delete",
    lastResult: actionData?.intent === "delete" ? actionData.result : undefined,
  });
  return (
    <>
      <h1>{t("accountSettings.title")}</h1>
      <p>{t("accountSettings.intro")}</p>
      {searchParams.has("saved") ? (
        <p role="status" className="notice">
          {t("accountSettings.saved")}
        </p>
      ) : null}
      <section aria-labelledby="general">
        <h2 id="general">{t("accountSettings.general")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="settings" />
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <Field
            meta={fields.name}
            label={t("accountSettings.name")}
            type="text"
            autoComplete="organization"
            t={t}
          />
          <div className="field">
            <label htmlFor="account-slug">{t("accountSettings.slug")}</label>
            <p id="account-slug-hint" className="field-hint">
              {t("accountSettings.slugHint", { hostname: systemHostname })}
            </p>
            <input
              id="account-slug"
              type="text"
              value={slug}
              readOnly
              aria-describedby="account-slug-hint"
            />
          </div>
          <SelectField
            meta={fields.timeZone}
            label={t("accountSettings.timeZone")}
            options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
            hint={t("accountSettings.timeZoneHint")}
            t={t}
          />
          <Field
            meta={fields.senderName}
            label={t("accountSettings.senderName")}
            type="text"
            autoComplete="off"
            hint={t("accountSettings.senderNameHint")}
            t={t}
          />
          <Field
            meta={fields.supportReplyTo}
            label={t("accountSettings.supportReplyTo")}
            type="email"
            autoComplete="email"
            hint={t("accountSettings.supportReplyToHint")}
            t={t}
          />
          <button type="submit" className="button">
            {t("accountSettings.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="storage">
        <h2 id="storage">{t("accountSettings.storage")}</h2>
        <p data-storage-used={storage.used}>
          {t("accountSettings.storageUsed", {
            used: formatBytes(storage.used, "en"),
            cap: formatBytes(storage.cap, "en"),
          })}
        </p>
        <p className="field-hint">{t("accountSettings.storageHint")}</p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="file-types" />
          <fieldset>
            <legend>{t("accountSettings.fileTypes")}</legend>
            <p className="field-hint">{t("accountSettings.fileTypesHint")}</p>
            {ATTACHMENT_KINDS.map((kind) => (
              <div className="checkbox" key={kind}>
                <input
                  type="checkbox"
                  id={`kind-${kind}`}
                  name="kinds"
                  value={kind}
                  defaultChecked={attachmentKinds.includes(kind)}
                />
                <label htmlFor={`kind-${kind}`}>{t(`accountSettings.kind.${kind}`)}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button">
            {t("accountSettings.fileTypesSave")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="security">
        <h2 id="security">{t("security.title")}</h2>
        <p>
          <Link to={`/a/${slug}/settings/security`}>{t("security.link")}</Link>
        </p>
      </section>
      <section aria-labelledby="delete-account" className="danger-zone">
        <h2 id="delete-account">{t("account.delete.title")}</h2>
        <p>{t("account.delete.intro", { account: settings.name })}</p>
        <ul>
          <li>{t("account.delete.portals")}</li>
          <li>{t("account.delete.domains", { hostname: systemHostname })}</li>
          <li>{t("account.delete.data")}</li>
          <li>{t("account.delete.team")}</li>
        </ul>
        <Form method="post" {...getFormProps(deletion)} className="stack">
          <input type="hidden" name="intent" value="delete" />
          <FormErrors id={deletion.errorId} errors={deletion.errors} t={t} />
          <Field
            meta={deletionFields.confirm}
            label={t("account.delete.confirm", { account: settings.name })}
            type="text"
            autoComplete="off"
            t={t}
          />
          <button type="submit" className="button danger">
            {t("account.delete.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
