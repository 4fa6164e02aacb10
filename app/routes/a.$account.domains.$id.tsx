import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorList, FormErrors } from "../components/field";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { isAdvice, storedFindings } from "../lib/domains/check";
import { customHostnamesFor } from "../lib/domains/cloudflare.server";
import { findingMessage, LANGUAGE_LABELS, STATUS_LABELS } from "../lib/domains/display";
import {
  removeDomain,
  requireAccountDomain,
  setPrimaryLanguage,
  verifyDomain,
} from "../lib/domains/domains.server";
import { checksStopped } from "../lib/domains/lifecycle";
import { resolverFor } from "../lib/domains/resolver.server";
import { verificationName } from "../lib/domains/rules";
import { dateTimeFormatter, isLanguage, LANGUAGES, portalLanguage } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { domainServes } from "../lib/tenancy/serving";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.domain.hostname ?? "Domain"} · Portico` },
];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db, config } = args.context;
  const domain = await requireAccountDomain(db, account.id, args.params.id, config.systemDomains);
  const now = Date.now();
  return {
    domain: {
      id: domain.id,
      hostname: domain.hostname,
      system: domain.system,
      status: domain.status,
      language: portalLanguage(domain.primaryLanguage),
      verificationName: verificationName(domain.hostname),
      verificationToken: domain.verificationToken,
      lastCheckedAt: domain.lastCheckedAt,
      nextCheckAt: domain.nextCheckAt,
      stopped: checksStopped(domain),
      servesUntil:
        domain.status === "misconfigured"
          ? domain.statusChangedAt + config.misconfiguredGraceMs
          : null,
      serving: domainServes(domain, now, config.misconfiguredGraceMs),
      findings: storedFindings(domain.lastCheckError),
      portals: domain.portals,
    },
    cnameTarget: config.cnameTarget,
  };
}

const ActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("verify") }),
    z.object({
      intent: z.literal("language"),
      language: z
        .string({ error: "domains.error.language" })
        .refine((value) => isLanguage(value), "domains.error.language"),
    }),
    z.object({
      intent: z.literal("remove"),
      confirm: z.literal("yes", { error: "domains.error.confirm" }),
    }),
  ],
  { error: "domains.error.invalidAction" },
);

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db, config, env, forgetHost } = args.context;
  const domain = await requireAccountDomain(db, account.id, args.params.id, config.systemDomains);
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const submission = parseWithZod(formData, { schema: ActionSchema });
  if (submission.status !== "success") {
    return data({ intent, result: submission.reply(), done: null }, 400);
  }
  const actor = { accountId: account.id, actorUserId: user.id };
  const value = submission.value;
  if (value.intent === "verify") {
    if (domain.system) {
      return data(
        {
          intent,
          result: submission.reply({ formErrors: ["domains.error.invalidAction"] }),
          done: null,
        },
        400,
      );
    }
    const outcome = await verifyDomain(
      {
        db,
        resolver: resolverFor(config, db),
        cnameTarget: config.cnameTarget,
        queue: env.EMAIL_QUEUE,
        hostnames: customHostnamesFor(config),
      },
      domain,
      user.id,
    );
    if (outcome.changed) forgetHost(domain.hostname);
    const done =
      outcome.result.outcome === "unknown"
        ? outcome.result.findings.some((finding) => finding.code === "cloudflare.unknown")
          ? "domains.verified.cloudflareUnknown"
          : "domains.verified.unknown"
        : outcome.domain.status === "active"
          ? "domains.verified.active"
          : "domains.verified.notYet";
    return data({ intent, result: submission.reply(), done } as const);
  }
  if (value.intent === "language") {
    await setPrimaryLanguage(db, actor, domain, value.language);
    // Every portal on the domain renders in the new language from the next request on.
    forgetHost(domain.hostname);
    return data({ intent, result: submission.reply(), done: "domains.language.done" } as const);
  }
  const removed = await removeDomain(db, actor, domain, {
    hostnames: customHostnamesFor(config),
  });
  if (!removed.ok) {
    return data(
      { intent, result: submission.reply({ formErrors: [removed.problem] }), done: null },
      400,
    );
  }
  forgetHost(domain.hostname);
  return redirect(
    accountPath(account, `/domains?${new URLSearchParams({ removed: domain.hostname })}`),
  );
}

export default function DomainPage() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { account } = useAccountLayout();
  const { domain, cnameTarget } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const dates = dateTimeFormatter("en", account.timeZone);
  const errorsFor = (intent: string, field: string) =>
    actionData?.intent === intent ? (actionData.result.error?.[field] ?? undefined) : undefined;
  const doneFor = (intent: string) =>
    actionData?.intent === intent && actionData.done ? actionData.done : null;
  const problems = domain.findings.filter((finding) => !isAdvice(finding));
  const advice = domain.findings.filter(isAdvice);
  const records = [
    {
      id: "txt",
      type: "TXT",
      name: domain.verificationName,
      value: domain.verificationToken,
      purpose: t("domains.records.txtPurpose"),
    },
    {
      id: "cname",
      type: "CNAME",
      name: domain.hostname,
      value: cnameTarget,
      purpose: t("domains.records.cnamePurpose"),
    },
  ];
  const explanation = domain.system
    ? t("domains.explain.system")
    : domain.status === "active"
      ? t("domains.explain.active")
      : domain.status === "misconfigured"
        ? domain.serving && domain.servesUntil !== null
          ? t("domains.explain.misconfigured", { time: dates.dateTime(domain.servesUntil) })
          : t("domains.explain.misconfiguredStopped")
        : domain.stopped
          ? t("domains.explain.stopped")
          : t("domains.explain.pending");
  const verifyDone = doneFor("verify");
  return (
    <>
      <p>
        <Link to={href("/domains")}>{t("domains.back")}</Link>
      </p>
      <h1>{t("domains.detail.title", { hostname: domain.hostname })}</h1>
      <p>
        <span className={`badge domain-${domain.status}`}>{t(STATUS_LABELS[domain.status])}</span>{" "}
        {t(domain.system ? "domains.kind.system" : "domains.kind.custom")}
      </p>
      <p>{explanation}</p>

      {domain.system ? null : (
        <section aria-labelledby="records-heading">
          <h2 id="records-heading">{t("domains.records.title")}</h2>
          <table className="tickets records">
            <thead>
              <tr>
                <th scope="col">{t("domains.records.type")}</th>
                <th scope="col">{t("domains.records.name")}</th>
                <th scope="col">{t("domains.records.value")}</th>
                <th scope="col">{t("domains.records.purpose")}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.id}>
                  <th scope="row">{record.type}</th>
                  <td>
                    <input
                      type="text"
                      readOnly
                      value={record.name}
                      id={`record-${record.id}-name`}
                      aria-label={t("domains.records.copy", {
                        record: record.type,
                        field: t("domains.records.name"),
                      })}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      readOnly
                      value={record.value}
                      id={`record-${record.id}-value`}
                      aria-label={t("domains.records.copy", {
                        record: record.type,
                        field: t("domains.records.value"),
                      })}
                    />
                  </td>
                  <td>{record.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="field-hint">{t("domains.records.apex", { target: cnameTarget })}</p>

          {domain.lastCheckedAt !== null ? (
            <>
              <h3>{t("domains.findings.title")}</h3>
              <p>
                <time dateTime={dates.iso(domain.lastCheckedAt)}>
                  {dates.dateTime(domain.lastCheckedAt)}
                </time>
              </p>
              <ul className="findings">
                {problems.length === 0 ? <li>{t("domains.result.verified")}</li> : null}
                {[...problems, ...advice].map((finding) => {
                  const message = findingMessage(finding);
                  return (
                    <li key={finding.code} className={isAdvice(finding) ? "advice" : "problem"}>
                      {t(message.key, message.values)}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
          {domain.nextCheckAt !== null ? (
            <p>{t("domains.nextCheck", { time: dates.dateTime(domain.nextCheckAt) })}</p>
          ) : null}
          <Form method="post">
            <FormErrors id="verify-errors" errors={errorsFor("verify", "")} t={t} />
            {verifyDone ? (
              <p role="status" className="notice">
                {t(verifyDone, { hostname: domain.hostname })}
              </p>
            ) : null}
            <button type="submit" name="intent" value="verify" className="button">
              {t(domain.stopped ? "domains.checkAgain" : "domains.verify")}
            </button>
          </Form>
        </section>
      )}

      <section aria-labelledby="language-heading">
        <h2 id="language-heading">{t("domains.language.title")}</h2>
        <p id="language-intro">{t("domains.language.intro")}</p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="language" />
          <div className="field">
            <label htmlFor="domain-language">{t("domains.language")}</label>
            <select
              id="domain-language"
              name="language"
              defaultValue={domain.language}
              key={domain.language}
              aria-describedby={
                errorsFor("language", "language") ? "domain-language-errors" : "language-intro"
              }
              aria-invalid={errorsFor("language", "language") ? true : undefined}
            >
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(LANGUAGE_LABELS[language])}
                </option>
              ))}
            </select>
            <ErrorList
              id="domain-language-errors"
              errors={errorsFor("language", "language")}
              t={t}
            />
          </div>
          {doneFor("language") ? (
            <p role="status" className="notice">
              {t("domains.language.done", { language: t(LANGUAGE_LABELS[domain.language]) })}
            </p>
          ) : null}
          <button type="submit" className="button">
            {t("domains.language.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="portals-heading">
        <h2 id="portals-heading">{t("domains.portals.title")}</h2>
        {domain.portals.length === 0 ? (
          <p className="empty">{t("domains.noPortals")}</p>
        ) : (
          <ul>
            {domain.portals.map((portal) => (
              <li key={portal.id}>
                <Link to={href(`/portals/${portal.id}`)}>{portal.name}</Link> (/{portal.slug})
              </li>
            ))}
          </ul>
        )}
      </section>

      {domain.system ? null : (
        <section aria-labelledby="remove-heading">
          <h2 id="remove-heading">{t("domains.remove.title")}</h2>
          <p>{t("domains.remove.intro", { count: domain.portals.length })}</p>
          <Form method="post" className="stack">
            <FormErrors id="remove-errors" errors={errorsFor("remove", "")} t={t} />
            <input type="hidden" name="intent" value="remove" />
            <div className="checkbox">
              <input
                type="checkbox"
                id="remove-confirm"
                name="confirm"
                value="yes"
                aria-invalid={errorsFor("remove", "confirm") ? true : undefined}
                aria-describedby={
                  errorsFor("remove", "confirm") ? "remove-confirm-errors" : undefined
                }
              />
              <label htmlFor="remove-confirm">
                {t("domains.remove.confirm", { hostname: domain.hostname })}
              </label>
              <ErrorList id="remove-confirm-errors" errors={errorsFor("remove", "confirm")} t={t} />
            </div>
            <button type="submit" className="button">
              {t("domains.remove.submit")}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}
