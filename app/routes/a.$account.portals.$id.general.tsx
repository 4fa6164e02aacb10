import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DoneNotice } from "../components/done-notice";
import { ErrorList, Field, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { portalFootprint, requirePagePortal } from "../lib/portals/queries.server";
import { deletePortal, setPublished, updatePortal } from "../lib/portals/settings.server";
import { GeneralSchema, PORTAL_NAME_MAX, URL_MAX } from "../lib/portals/settings-forms";
import { tabMeta } from "../lib/portals/settings-page";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = tabMeta("portalTabs.general");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  const { portal } = found;
  return {
    name: portal.name,
    knowledgeBaseUrl: portal.knowledgeBaseUrl ?? "",
    status: portal.status,
    footprint: await portalFootprint(args.context.db, account.id, portal.id),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  const submission = parseWithZod(await args.request.formData(), { schema: GeneralSchema });
  const intent = submission.payload.intent === "delete" ? "delete" : "details";
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, 400);
  const writer = { db: args.context.db, actorUserId: user.id, forgetHost: args.context.forgetHost };
  const here = `/a/${account.slug}/portals/${found.portal.id}/general`;
  const value = submission.value;
  switch (value.intent) {
    case "save": {
      const outcome = await updatePortal(writer, found, {
        name: value.name,
        knowledgeBaseUrl: value.knowledgeBaseUrl ?? null,
      });
      if (outcome === "conflict") {
        return data(
          { intent, result: submission.reply({ formErrors: ["portalSettings.conflict"] }) },
          409,
        );
      }
      return redirect(`${here}?done=${outcome}`);
    }
    case "publish":
    case "unpublish": {
      const publish = value.intent === "publish";
      const outcome = await setPublished(writer, found, publish);
      return redirect(
        `${here}?done=${outcome === "saved" ? (publish ? "published" : "unpublished") : "unchanged"}`,
      );
    }
    case "delete": {
      // Typing the name is the confirmation: the portal and its members' standing cannot come back.
      if (value.confirmName.trim() !== found.portal.name) {
        return data(
          {
            intent,
            result: submission.reply({
              fieldErrors: { confirmName: ["portalSettings.delete.mismatch"] },
            }),
          },
          400,
        );
      }
      await deletePortal(writer, found);
      return redirect(
        `/a/${account.slug}/portals?deleted=${encodeURIComponent(found.portal.name)}`,
      );
    }
  }
}

export default function GeneralTab() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { name, knowledgeBaseUrl, status, footprint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [details, detailFields] = useForm<{ name: string; knowledgeBaseUrl: string }>({
    id: "details",
    lastResult: actionData?.intent === "details" ? actionData.result : undefined,
    defaultValue: { name, knowledgeBaseUrl },
  });
  const [removal, removalFields] = useForm<{ confirmName: string }>({
    id: "delete",
    lastResult: actionData?.intent === "delete" ? actionData.result : undefined,
  });
  return (
    <>
      <h2>{t("portalTabs.general")}</h2>
      <DoneNotice />
      <p className="muted">{t("portalTabs.propagation")}</p>
      <Form method="post" {...getFormProps(details)} className="stack">
        <input type="hidden" name="intent" value="save" />
        <FormErrors id={details.errorId} errors={details.errors} t={t} />
        <Field
          meta={detailFields.name}
          label={t("portalSettings.name")}
          hint={t("portalSettings.name.hint", { max: PORTAL_NAME_MAX })}
          type="text"
          autoComplete="off"
          t={t}
          values={{ max: PORTAL_NAME_MAX }}
        />
        <Field
          meta={detailFields.knowledgeBaseUrl}
          label={t("portalSettings.knowledgeBase")}
          hint={t("portalSettings.knowledgeBase.hint")}
          type="url"
          autoComplete="url"
          t={t}
          values={{ max: URL_MAX }}
        />
        <button type="submit" className="button">
          {t("portalSettings.save")}
        </button>
      </Form>

      <section aria-labelledby="publishing">
        <h3 id="publishing">{t("portalSettings.publishing")}</h3>
        {status === "draft" ? (
          <p>
            {t("portalSettings.publishing.draft")}{" "}
            <Link to={href("/portals")}>{t("portalSettings.publishing.toWizard")}</Link>
          </p>
        ) : (
          <Form method="post" className="stack">
            <p>
              {t(
                status === "live"
                  ? "portalSettings.publishing.live"
                  : "portalSettings.publishing.unpublished",
              )}
            </p>
            <button
              type="submit"
              name="intent"
              value={status === "live" ? "unpublish" : "publish"}
              className="button secondary"
            >
              {t(
                status === "live"
                  ? "portalSettings.publishing.unpublish"
                  : "portalSettings.publishing.publish",
              )}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="delete-heading">
        <h3 id="delete-heading">{t("portalSettings.delete")}</h3>
        <p>{t("portalSettings.delete.intro")}</p>
        <ul>
          <li>{t("portalSettings.delete.url")}</li>
          <li>{t("portalSettings.delete.members", { count: footprint.members })}</li>
          <li>{t("portalSettings.delete.tickets", { count: footprint.tickets })}</li>
        </ul>
        <Form method="post" {...getFormProps(removal)} className="stack">
          <input type="hidden" name="intent" value="delete" />
          <FormErrors id={removal.errorId} errors={removal.errors} t={t} />
          <div className="field">
            <label htmlFor={removalFields.confirmName.id}>
              {t("portalSettings.delete.confirm", { name })}
            </label>
            <input
              {...getInputProps(removalFields.confirmName, { type: "text", ariaAttributes: true })}
              key={removalFields.confirmName.key}
              autoComplete="off"
            />
            <ErrorList
              id={removalFields.confirmName.errorId}
              errors={removalFields.confirmName.errors}
              t={t}
            />
          </div>
          <button type="submit" className="button danger">
            {t("portalSettings.delete.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
