// The seed's setup wizard, step for step: portal name → connect a domain → set up tickets →
// configure access → finish. Step 1 writes nothing (the name rides along to step 2); step 2 makes
// the draft, and from then on the URL names it (`?portal=`). Every step validates on the server,
// shows the saved values when revisited and works without JavaScript.
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormErrors } from "../components/field";
import { AccessFields, DomainFields, TicketFields } from "../components/portal-setup";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { type DashboardKey, useDashboardTranslate } from "../lib/i18n/dashboard";
import { DASHBOARD_CATALOG } from "../lib/i18n/dashboard/catalog";
import { type AccountPortal, findAccountPortal } from "../lib/portals/queries.server";
import {
  accessFormSchema,
  domainFormSchema,
  isWizardStep,
  JOB_TITLE_PROPERTY,
  NameFormSchema,
  newPortalDomainSchema,
  resumeStep,
  STEP_LABELS,
  stepIndex,
  ticketsFormSchema,
  WIZARD_STEPS,
  type WizardStep,
} from "../lib/portals/setup";
import {
  type Actor,
  accountAccessGroups,
  accountInboxes,
  accountInboxIds,
  contactProperties,
  createDraft,
  finishDraft,
  portalGroupIds,
  portalSummary,
  saveAccess,
  saveDomain,
  saveDraftName,
  saveTickets,
  servingDomains,
} from "../lib/portals/setup.server";
import { localPortOf, portalUrl } from "../lib/portals/urls";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [
  { title: `${DASHBOARD_CATALOG["wizard.title"]} · Portico` },
];

type Args = LoaderFunctionArgs | ActionFunctionArgs;

/** `/a/{account}/portals/new/{step}`, with the draft once there is one. */
function stepPath(accountSlug: string, step: WizardStep, portalId?: string | null): string {
  const path = `/a/${accountSlug}/portals/new/${step}`;
  return portalId ? `${path}?portal=${encodeURIComponent(portalId)}` : path;
}

/**
 * The step and the draft the URL names, both checked: an unknown step or a portal that is not
 * this account's is a 404; a step the draft has not reached sends the admin to the one it has.
 */
async function wizardState(args: Args, accountId: string, accountSlug: string) {
  const step = args.params.step;
  if (!isWizardStep(step)) throw notFound();
  const portalId = new URL(args.request.url).searchParams.get("portal");
  const found = portalId ? await findAccountPortal(args.context.db, accountId, portalId) : null;
  if (portalId && !found) throw notFound();
  if (found && found.portal.status !== "draft") {
    // The wizard is over for this portal: only its "live" page remains.
    if (step === "finish" && found.portal.status === "live") return { step, draft: null, found };
    throw redirect(`/a/${accountSlug}/portals/${found.portal.id}`);
  }
  if (!found && stepIndex(step) > stepIndex("domain")) {
    throw redirect(stepPath(accountSlug, "name"));
  }
  if (found) {
    const reached = resumeStep(found.portal.setupStep);
    if (stepIndex(step) > stepIndex(reached)) {
      throw redirect(stepPath(accountSlug, reached, found.portal.id));
    }
  }
  return { step, draft: found, found };
}

async function domainOptions(args: Args, accountId: string) {
  return servingDomains(args.context.db, args.context.config, accountId, localPortOf(args.request));
}

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const { step, draft, found } = await wizardState(args, account.id, account.slug);
  const base = {
    portalId: draft?.portal.id ?? null,
    reached: draft ? resumeStep(draft.portal.setupStep) : ("domain" as WizardStep),
  };
  const typedName = new URL(args.request.url).searchParams.get("name") ?? "";
  switch (step) {
    case "name":
      return { ...base, step, name: draft?.portal.name ?? typedName };
    case "domain": {
      const name = draft?.portal.name ?? typedName;
      // Step 2 of a new portal needs the name from step 1; without it, step 1 again.
      if (!draft && !NameFormSchema.safeParse({ name }).success) {
        throw redirect(stepPath(account.slug, "name"));
      }
      return {
        ...base,
        step,
        name,
        domains: await domainOptions(args, account.id),
        values: draft ? { domainId: draft.portal.domainId, slug: draft.portal.slug } : undefined,
      };
    }
    case "tickets": {
      const { portal } = draft as AccountPortal;
      const [inboxes, properties] = await Promise.all([
        accountInboxes(db, account.id),
        contactProperties(db, account.id),
      ]);
      const [filter] = portal.permissionFilter;
      return {
        ...base,
        step,
        inboxes,
        properties:
          filter && !properties.includes(filter.property)
            ? [...properties, filter.property]
            : properties,
        values: {
          defaultInboxId: portal.defaultInboxId,
          ticketPermission: portal.ticketPermission,
          filterProperty: filter?.property ?? "",
          filterValue: filter?.value ?? "",
        },
      };
    }
    case "access": {
      const { portal } = draft as AccountPortal;
      const [groups, groupIds] = await Promise.all([
        accountAccessGroups(db, account.id),
        portalGroupIds(db, account.id, portal.id),
      ]);
      return {
        ...base,
        step,
        groups,
        values: { accessMode: portal.accessMode, accessGroupIds: groupIds },
      };
    }
    case "finish": {
      const current = found as AccountPortal;
      const summary = await portalSummary(db, account.id, current);
      return {
        ...base,
        step,
        live: current.portal.status === "live",
        liveId: current.portal.id,
        summary,
        url: portalUrl(current.domain.hostname, current.portal.slug, localPortOf(args.request)),
      };
    }
  }
}

type Reply = SubmissionResult<string[]>;

function invalid(result: Reply) {
  return data({ result }, 400);
}

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const { step, draft, found } = await wizardState(args, account.id, account.slug);
  const actor: Actor = { accountId: account.id, userId: user.id };
  const formData = await args.request.formData();
  const next = (to: WizardStep, portalId: string) => redirect(stepPath(account.slug, to, portalId));
  const forget = (hostnames: string[]) => {
    for (const hostname of hostnames) args.context.forgetHost(hostname);
  };

  switch (step) {
    case "name": {
      const submission = parseWithZod(formData, { schema: NameFormSchema });
      if (submission.status !== "success") return invalid(submission.reply());
      if (!draft) {
        const to = `${stepPath(account.slug, "domain")}?name=${encodeURIComponent(submission.value.name)}`;
        return redirect(to);
      }
      if (!(await saveDraftName(db, account.id, draft.portal, submission.value.name))) {
        throw notFound();
      }
      return next("domain", draft.portal.id);
    }
    case "domain": {
      const domains = await domainOptions(args, account.id);
      const ids = new Set(domains.map((domain) => domain.id));
      if (!draft) {
        const submission = parseWithZod(formData, { schema: newPortalDomainSchema(ids) });
        if (submission.status !== "success") return invalid(submission.reply());
        const created = await createDraft(db, account.id, submission.value);
        if ("error" in created) {
          return invalid(
            created.error === "taken"
              ? submission.reply({ fieldErrors: { slug: ["wizard.slug.taken"] } })
              : submission.reply({ formErrors: ["wizard.inbox.none"] }),
          );
        }
        return next("tickets", created.portalId);
      }
      const submission = parseWithZod(formData, { schema: domainFormSchema(ids) });
      if (submission.status !== "success") return invalid(submission.reply());
      const domain = domains.find((candidate) => candidate.id === submission.value.domainId);
      if (!domain) throw new Error("a checked domain went missing");
      const written = await saveDomain(
        db,
        actor,
        draft,
        { domain, slug: submission.value.slug },
        { advanceTo: "tickets" },
      );
      if (written.outcome === "taken") {
        return invalid(submission.reply({ fieldErrors: { slug: ["wizard.slug.taken"] } }));
      }
      if (written.outcome === "gone") throw notFound();
      return next("tickets", draft.portal.id);
    }
    case "tickets": {
      const current = draft as AccountPortal;
      const [inboxIds, properties] = await Promise.all([
        accountInboxIds(db, account.id),
        contactProperties(db, account.id),
      ]);
      const submission = parseWithZod(formData, {
        schema: ticketsFormSchema(
          inboxIds,
          new Set([...properties, ...current.portal.permissionFilter.map((f) => f.property)]),
        ),
      });
      if (submission.status !== "success") return invalid(submission.reply());
      const written = await saveTickets(db, actor, current, submission.value, {
        advanceTo: "access",
      });
      if (written.outcome === "gone") throw notFound();
      if (written.outcome === "archived") {
        const fieldErrors = { defaultInboxId: ["wizard.inbox.archived"] };
        return invalid(submission.reply({ fieldErrors }));
      }
      return next("access", current.portal.id);
    }
    case "access": {
      const current = draft as AccountPortal;
      const groups = await accountAccessGroups(db, account.id);
      const submission = parseWithZod(formData, {
        schema: accessFormSchema(new Set(groups.map((group) => group.id))),
      });
      if (submission.status !== "success") return invalid(submission.reply());
      const written = await saveAccess(db, actor, current, submission.value, {
        advanceTo: "finish",
      });
      if (written.outcome === "gone") throw notFound();
      return next("finish", current.portal.id);
    }
    case "finish": {
      // Already live (a second click on "Finish"): nothing to do but show where it serves.
      if (!draft) return next("finish", (found as AccountPortal).portal.id);
      const summary = await portalSummary(db, account.id, draft);
      const written = await finishDraft(db, actor, draft, {
        name: summary.name,
        domain: summary.hostname,
        slug: summary.slug,
        defaultInbox: summary.inbox,
        ticketPermission: summary.ticketPermission,
        permissionFilter: summary.permissionFilter,
        accessMode: summary.accessMode,
        accessGroups: summary.groups,
      });
      forget(written.forget);
      // Finished just now or by a parallel submit: either way the page shows where it serves.
      return next("finish", draft.portal.id);
    }
  }
}

type LoaderData = Awaited<ReturnType<typeof loader>>;
type StepData<S extends WizardStep> = Extract<LoaderData, { step: S }>;
type ActionData = { result: Reply } | undefined;

/** The five steps; those reached are links, the current one is marked. */
function Progress({ step, reached, portalId }: Pick<LoaderData, "step" | "reached" | "portalId">) {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  return (
    <nav aria-label={t("wizard.progress")}>
      <ol className="wizard-steps">
        {WIZARD_STEPS.map((candidate) => {
          const label = t(STEP_LABELS[candidate]);
          const open =
            candidate !== step &&
            (portalId ? stepIndex(candidate) <= stepIndex(reached) : candidate === "name");
          return (
            <li key={candidate} aria-current={candidate === step ? "step" : undefined}>
              {open ? (
                <Link to={stepPath(account.slug, candidate, portalId)}>{label}</Link>
              ) : (
                <span>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function StepPage({
  data: page,
  children,
}: {
  data: Pick<LoaderData, "step" | "reached" | "portalId">;
  children: ReactNode;
}) {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  return (
    <>
      <p>
        <Link to={href("/portals")}>{t("wizard.allPortals")}</Link>
      </p>
      <h1>{t("wizard.title")}</h1>
      <Progress {...page} />
      <h2>
        {t("wizard.stepOf", {
          n: stepIndex(page.step) + 1,
          total: WIZARD_STEPS.length,
          step: t(STEP_LABELS[page.step]),
        })}
      </h2>
      {children}
    </>
  );
}

function Buttons({ back, submit }: { back?: string; submit: DashboardKey }) {
  const t = useDashboardTranslate();
  return (
    <div className="actions">
      <button type="submit" className="button">
        {t(submit)}
      </button>
      {back ? (
        <Link to={back} className="button secondary">
          {t("wizard.back")}
        </Link>
      ) : null}
    </div>
  );
}

function NameStep({ page, actionData }: { page: StepData<"name">; actionData: ActionData }) {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const [form, fields] = useForm({
    id: "wizard-name",
    lastResult: actionData?.result,
    defaultValue: { name: page.name },
  });
  return (
    <Form
      method="post"
      action={stepPath(account.slug, "name", page.portalId)}
      {...getFormProps(form)}
      className="stack"
    >
      <p>{t("wizard.draftNote")}</p>
      <FormErrors id={form.errorId} errors={form.errors} t={t} />
      <Field
        meta={fields.name}
        label={t("wizard.name.label")}
        hint={t("wizard.name.hint")}
        type="text"
        autoComplete="off"
        t={t}
      />
      <Buttons submit="wizard.next.domain" />
    </Form>
  );
}

function DomainStep({ page, actionData }: { page: StepData<"domain">; actionData: ActionData }) {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const [form, fields] = useForm<{ name: string; domainId: string; slug: string }>({
    id: "wizard-domain",
    lastResult: actionData?.result,
    defaultValue: page.values,
  });
  const carried = `?name=${encodeURIComponent(page.name)}`;
  const forward = `${stepPath(account.slug, "domain")}${carried}`;
  const back = page.portalId
    ? stepPath(account.slug, "name", page.portalId)
    : `${stepPath(account.slug, "name")}${carried}`;
  if (page.domains.length === 0) {
    return (
      <>
        <p className="notice">{t("wizard.domain.none")}</p>
        <p>
          <Link to={`/a/${account.slug}/domains`}>{t("domains.addLink")}</Link>
        </p>
        <Link to={back}>{t("wizard.back")}</Link>
      </>
    );
  }
  return (
    <Form
      method="post"
      // A new portal's name rides in the URL too, so a refused submission renders this step again.
      action={page.portalId ? stepPath(account.slug, "domain", page.portalId) : forward}
      {...getFormProps(form)}
      className="stack"
    >
      {page.portalId ? null : <input type="hidden" name="name" value={page.name} />}
      <FormErrors
        id={form.errorId}
        errors={[...(form.errors ?? []), ...(fields.name.errors ?? [])]}
        t={t}
      />
      <DomainFields fields={fields} domains={page.domains} accountSlug={account.slug} t={t} />
      <Buttons back={back} submit="wizard.next.tickets" />
    </Form>
  );
}

function TicketsStep({ page, actionData }: { page: StepData<"tickets">; actionData: ActionData }) {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const [form, fields] = useForm<{
    defaultInboxId: string;
    ticketPermission: string;
    filterProperty: string;
    filterValue: string;
  }>({ id: "wizard-tickets", lastResult: actionData?.result, defaultValue: page.values });
  return (
    <Form
      method="post"
      action={stepPath(account.slug, "tickets", page.portalId)}
      {...getFormProps(form)}
      className="stack"
    >
      <FormErrors id={form.errorId} errors={form.errors} t={t} />
      <TicketFields fields={fields} inboxes={page.inboxes} properties={page.properties} t={t} />
      <Buttons back={stepPath(account.slug, "domain", page.portalId)} submit="wizard.next.access" />
    </Form>
  );
}

function AccessStep({ page, actionData }: { page: StepData<"access">; actionData: ActionData }) {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const [form, fields] = useForm<{ accessMode: string; accessGroupIds: string[] }>({
    id: "wizard-access",
    lastResult: actionData?.result,
    defaultValue: page.values,
  });
  return (
    <Form
      method="post"
      action={stepPath(account.slug, "access", page.portalId)}
      {...getFormProps(form)}
      className="stack"
    >
      <FormErrors id={form.errorId} errors={form.errors} t={t} />
      <AccessFields fields={fields} groups={page.groups} t={t} />
      <Buttons
        back={stepPath(account.slug, "tickets", page.portalId)}
        submit="wizard.next.finish"
      />
    </Form>
  );
}

function FinishStep({ page }: { page: StepData<"finish"> }) {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const href = useAccountHref();
  const { summary } = page;
  if (page.live) {
    return (
      <section aria-labelledby="live-heading" className="stack">
        <h3 id="live-heading">{t("wizard.live.title")}</h3>
        <p role="status">{t("wizard.live.text", { portal: summary.name })}</p>
        <p className="live-url">
          <a href={page.url}>{page.url}</a>
        </p>
        <p className="actions">
          <Link to={href(`/portals/${page.liveId}`)}>{t("wizard.live.settings")}</Link>
          <Link to={href("/portals/new/name")}>{t("wizard.live.another")}</Link>
        </p>
      </section>
    );
  }
  const change = (step: WizardStep, what: DashboardKey) => (
    <Link
      to={stepPath(account.slug, step, page.portalId)}
      aria-label={t("wizard.summary.changeWhat", { what: t(what) })}
    >
      {t("wizard.summary.change")}
    </Link>
  );
  const [filter] = summary.permissionFilter;
  const rows: [DashboardKey, ReactNode, WizardStep][] = [
    ["wizard.summary.name", summary.name, "name"],
    ["wizard.summary.address", page.url, "domain"],
    ["wizard.summary.language", summary.language, "domain"],
    ["wizard.summary.inbox", summary.inbox, "tickets"],
    ["wizard.summary.permission", t(`wizard.permission.${summary.ticketPermission}`), "tickets"],
    ...(filter
      ? ([
          [
            "wizard.summary.filter",
            t("wizard.summary.filterValue", {
              property:
                filter.property === JOB_TITLE_PROPERTY
                  ? t("wizard.property.job_title")
                  : filter.property,
              value: filter.value,
            }),
            "tickets",
          ],
        ] as [DashboardKey, ReactNode, WizardStep][])
      : []),
    ["wizard.summary.access", t(`wizard.access.${summary.accessMode}`), "access"],
    ...(summary.accessMode === "access_groups"
      ? ([["wizard.summary.groups", summary.groups.join(", "), "access"]] as [
          DashboardKey,
          ReactNode,
          WizardStep,
        ][])
      : []),
  ];
  return (
    <Form method="post" action={stepPath(account.slug, "finish", page.portalId)} className="stack">
      <h3>{t("wizard.summary.title")}</h3>
      <p>{t("wizard.summary.intro")}</p>
      <table className="summary">
        <tbody>
          {rows.map(([label, value, step]) => (
            <tr key={label}>
              <th scope="row">{t(label)}</th>
              <td>{value}</td>
              <td>{change(step, label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Buttons back={stepPath(account.slug, "access", page.portalId)} submit="wizard.finish" />
    </Form>
  );
}

export default function PortalWizard() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData;
  return (
    <StepPage data={page}>
      {page.step === "name" ? (
        <NameStep key={page.step} page={page} actionData={actionData} />
      ) : null}
      {page.step === "domain" ? (
        <DomainStep key={page.step} page={page} actionData={actionData} />
      ) : null}
      {page.step === "tickets" ? (
        <TicketsStep key={page.step} page={page} actionData={actionData} />
      ) : null}
      {page.step === "access" ? (
        <AccessStep key={page.step} page={page} actionData={actionData} />
      ) : null}
      {page.step === "finish" ? <FinishStep page={page} /> : null}
    </StepPage>
  );
}
