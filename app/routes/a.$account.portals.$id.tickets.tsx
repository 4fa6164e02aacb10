// A portal's default inbox and ticket permissions, after the wizard: the same fields and rules as
// its step 3.
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { Database } from "../../db/client";
import type { Portal } from "../../db/schema";
import { FormErrors } from "../components/field";
import { TicketFields } from "../components/portal-setup";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { ticketsFormSchema } from "../lib/portals/setup";
import {
  accountInboxes,
  accountInboxIds,
  contactProperties,
  saveTickets,
} from "../lib/portals/setup.server";
import { portalTabMeta } from "../lib/portals/tab-meta";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = portalTabMeta("tickets");

/** The inboxes and properties to offer; a filter's property stays offered even if no contact has it. */
async function choices(db: Database, accountId: string, portal: Portal) {
  const [inboxes, found] = await Promise.all([
    accountInboxes(db, accountId),
    contactProperties(db, accountId),
  ]);
  const filtered = portal.permissionFilter.map((condition) => condition.property);
  return { inboxes, properties: [...new Set([...found, ...filtered])] };
}

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const { portal } = await requirePagePortal(args, account.id);
  const [filter] = portal.permissionFilter;
  return {
    ...(await choices(db, account.id, portal)),
    values: {
      defaultInboxId: portal.defaultInboxId,
      ticketPermission: portal.ticketPermission,
      filterProperty: filter?.property ?? "",
      filterValue: filter?.value ?? "",
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const current = await requirePagePortal(args, account.id);
  const [{ properties }, inboxIds] = await Promise.all([
    choices(db, account.id, current.portal),
    accountInboxIds(db, account.id),
  ]);
  const submission = parseWithZod(await args.request.formData(), {
    schema: ticketsFormSchema(inboxIds, new Set(properties)),
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const written = await saveTickets(
    db,
    { accountId: account.id, userId: user.id },
    current,
    submission.value,
  );
  if (written.outcome === "gone") throw notFound();
  if (written.outcome === "archived") {
    const fieldErrors = { defaultInboxId: ["wizard.inbox.archived"] };
    return data({ result: submission.reply({ fieldErrors }) }, 400);
  }
  for (const hostname of written.forget) args.context.forgetHost(hostname);
  return redirect(`/a/${account.slug}/portals/${current.portal.id}/tickets?saved=1`);
}

export default function PortalTicketsTab() {
  const t = useDashboardTranslate();
  const { inboxes, properties, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ result: SubmissionResult<string[]> }>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{
    defaultInboxId: string;
    ticketPermission: string;
    filterProperty: string;
    filterValue: string;
  }>({ id: "portal-tickets", lastResult: actionData?.result, defaultValue: values });
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t("portalTabs.tickets")}</h2>
      {searchParams.get("saved") ? (
        <p role="status" className="notice">
          {t("portalTabs.saved")} {t("portalTabs.propagation")}
        </p>
      ) : null}
      <p>{t("wizard.tab.ticketsIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <TicketFields fields={fields} inboxes={inboxes} properties={properties} t={t} />
        <button type="submit" className="button">
          {t("wizard.save")}
        </button>
      </Form>
    </section>
  );
}
