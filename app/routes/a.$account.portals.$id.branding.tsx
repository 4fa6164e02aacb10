import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DoneNotice } from "../components/done-notice";
import { Field, FormErrors } from "../components/field";
import { PortalPreview } from "../components/portal-preview";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { MIN_ACCENT_CONTRAST } from "../lib/portals/branding";
import { portalPreview } from "../lib/portals/preview.server";
import { requirePagePortal } from "../lib/portals/queries.server";
import { updatePortal } from "../lib/portals/settings.server";
import { BrandingSchema, URL_MAX } from "../lib/portals/settings-forms";
import { tabMeta } from "../lib/portals/settings-page";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = tabMeta("portalTabs.branding");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  return {
    logoUrl: found.portal.logoUrl ?? "",
    accentColor: found.portal.accentColor,
    portalPreview: portalPreview(found, account.timeZone),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  const submission = parseWithZod(await args.request.formData(), { schema: BrandingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const outcome = await updatePortal(
    { db: args.context.db, actorUserId: user.id, forgetHost: args.context.forgetHost },
    found,
    { logoUrl: submission.value.logoUrl ?? null, accentColor: submission.value.accentColor },
  );
  if (outcome === "conflict") {
    return data({ result: submission.reply({ formErrors: ["portalSettings.conflict"] }) }, 409);
  }
  return redirect(`/a/${account.slug}/portals/${found.portal.id}/branding?done=${outcome}`);
}

export default function BrandingTab() {
  const t = useDashboardTranslate();
  const { logoUrl, accentColor, portalPreview: preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ logoUrl: string; accentColor: string }>({
    lastResult: actionData?.result,
    defaultValue: { logoUrl, accentColor },
  });
  const values = { max: URL_MAX, ratio: MIN_ACCENT_CONTRAST };
  return (
    <>
      <h2>{t("portalTabs.branding")}</h2>
      <DoneNotice />
      <p className="muted">{t("portalTabs.propagation")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <Field
          meta={fields.logoUrl}
          label={t("portalSettings.logoUrl")}
          hint={t("portalSettings.logoUrl.hint")}
          type="url"
          autoComplete="url"
          t={t}
          values={values}
        />
        <Field
          meta={fields.accentColor}
          label={t("portalSettings.accentColor")}
          hint={t("portalSettings.accentColor.hint", values)}
          type="text"
          autoComplete="off"
          t={t}
          values={values}
        />
        <button type="submit" className="button">
          {t("portalSettings.save")}
        </button>
      </Form>
      <section aria-labelledby="preview-heading">
        <h3 id="preview-heading">{t("portalSettings.preview.title")}</h3>
        <p>{t("portalSettings.preview.intro")}</p>
        <PortalPreview preview={preview} headingLevel={4} />
      </section>
    </>
  );
}
