// A portal's access control and access groups, after the wizard: the same fields and rules as its
// step 4.
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors } from "../components/field";
import { AccessFields } from "../components/portal-setup";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { accessFormSchema } from "../lib/portals/setup";
import { accountAccessGroups, portalGroupIds, saveAccess } from "../lib/portals/setup.server";
import { portalTabMeta } from "../lib/portals/tab-meta";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = portalTabMeta("access");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const { portal } = await requirePagePortal(args, account.id);
  const [groups, groupIds] = await Promise.all([
    accountAccessGroups(db, account.id),
    portalGroupIds(db, account.id, portal.id),
  ]);
  return { groups, values: { accessMode: portal.accessMode, accessGroupIds: groupIds } };
}

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const current = await requirePagePortal(args, account.id);
  const groups = await accountAccessGroups(db, account.id);
  const submission = parseWithZod(await args.request.formData(), {
    schema: accessFormSchema(new Set(groups.map((group) => group.id))),
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const written = await saveAccess(
    db,
    { accountId: account.id, userId: user.id },
    current,
    submission.value,
  );
  if (written.outcome === "gone") throw notFound();
  for (const hostname of written.forget) args.context.forgetHost(hostname);
  return redirect(`/a/${account.slug}/portals/${current.portal.id}/access?saved=1`);
}

export default function PortalAccessTab() {
  const t = useDashboardTranslate();
  const { groups, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ result: SubmissionResult<string[]> }>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{ accessMode: string; accessGroupIds: string[] }>({
    id: "portal-access",
    lastResult: actionData?.result,
    defaultValue: values,
  });
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t("portalTabs.access")}</h2>
      {searchParams.get("saved") ? (
        <p role="status" className="notice">
          {t("portalTabs.saved")} {t("portalTabs.propagation")}
        </p>
      ) : null}
      <p>{t("wizard.tab.accessIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <AccessFields fields={fields} groups={groups} t={t} />
        <button type="submit" className="button">
          {t("wizard.save")}
        </button>
      </Form>
    </section>
  );
}
