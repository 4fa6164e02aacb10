// A portal's domain and slug, after the wizard: the same fields and rules as its step 2. Moving the
// portal ends the old address at once (it stops serving, its customers' sessions end).
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
import { DomainFields } from "../components/portal-setup";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { domainFormSchema } from "../lib/portals/setup";
import { saveDomain, servingDomains } from "../lib/portals/setup.server";
import { portalTabMeta } from "../lib/portals/tab-meta";
import { localPortOf } from "../lib/portals/urls";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = portalTabMeta("domain");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db, config } = args.context;
  const { portal } = await requirePagePortal(args, account.id);
  return {
    domains: await servingDomains(db, config, account.id, localPortOf(args.request)),
    values: { domainId: portal.domainId, slug: portal.slug },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { db, config } = args.context;
  const current = await requirePagePortal(args, account.id);
  const domains = await servingDomains(db, config, account.id, localPortOf(args.request));
  const submission = parseWithZod(await args.request.formData(), {
    schema: domainFormSchema(new Set(domains.map((domain) => domain.id))),
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const domain = domains.find((candidate) => candidate.id === submission.value.domainId);
  if (!domain) throw new Error("a checked domain went missing");
  const written = await saveDomain(db, { accountId: account.id, userId: user.id }, current, {
    domain,
    slug: submission.value.slug,
  });
  if (written.outcome === "taken") {
    return data(
      { result: submission.reply({ fieldErrors: { slug: ["wizard.slug.taken"] } }) },
      400,
    );
  }
  if (written.outcome === "gone") throw notFound();
  for (const hostname of written.forget) args.context.forgetHost(hostname);
  return redirect(`/a/${account.slug}/portals/${current.portal.id}/domain?saved=1`);
}

export default function PortalDomainTab() {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const { domains, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ result: SubmissionResult<string[]> }>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{ domainId: string; slug: string }>({
    id: "portal-domain",
    lastResult: actionData?.result,
    defaultValue: values,
  });
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t("portalTabs.domain")}</h2>
      {searchParams.get("saved") ? (
        <p role="status" className="notice">
          {t("portalTabs.saved")} {t("portalTabs.propagation")}
        </p>
      ) : null}
      <p>{t("wizard.tab.domainIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        {domains.length === 0 ? (
          <p className="notice">{t("wizard.domain.none")}</p>
        ) : (
          <DomainFields fields={fields} domains={domains} accountSlug={account.slug} t={t} />
        )}
        <button type="submit" className="button">
          {t("wizard.save")}
        </button>
      </Form>
    </section>
  );
}
