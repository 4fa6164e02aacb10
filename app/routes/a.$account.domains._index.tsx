import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
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
import { ErrorList, Field, FormErrors } from "../components/field";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { storedFindings } from "../lib/domains/check";
import { customHostnamesFor } from "../lib/domains/cloudflare.server";
import { checkSummary, LANGUAGE_LABELS, STATUS_LABELS } from "../lib/domains/display";
import { addCustomDomain, listAccountDomains } from "../lib/domains/domains.server";
import { dateTimeFormatter, isLanguage, LANGUAGES, portalLanguage } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Domains · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db, config } = args.context;
  const list = await listAccountDomains(db, account.id, config.systemDomains);
  // After a removal: the hostname, shown back as plain text.
  const removed = new URL(args.request.url).searchParams.get("removed")?.slice(0, 300) ?? null;
  return {
    removed,
    domains: list.map((domain) => {
      const findings = storedFindings(domain.lastCheckError);
      return {
        id: domain.id,
        hostname: domain.hostname,
        system: domain.system,
        status: domain.status,
        language: portalLanguage(domain.primaryLanguage),
        lastCheckedAt: domain.lastCheckedAt,
        result: domain.lastCheckedAt === null ? null : checkSummary(findings),
        portals: domain.portals.map((portal) => portal.name),
      };
    }),
  };
}

const AddSchema = z.object({
  hostname: z
    .string({ error: "domains.error.invalid" })
    .trim()
    .min(1, "domains.error.invalid")
    .max(300, "domains.error.invalid"),
  language: z
    .string({ error: "domains.error.language" })
    .refine((value) => isLanguage(value), "domains.error.language"),
});

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db, config } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: AddSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, 400);
  }
  const added = await addCustomDomain(
    db,
    config,
    { accountId: account.id, actorUserId: user.id },
    { hostname: submission.value.hostname, primaryLanguage: submission.value.language },
    { hostnames: customHostnamesFor(config) },
  );
  if (!added.ok) {
    return data({ result: submission.reply({ fieldErrors: { hostname: [added.problem] } }) }, 400);
  }
  return redirect(accountPath(account, `/domains/${added.domain.id}`));
}

export default function Domains() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { account } = useAccountLayout();
  const { domains, removed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const dates = dateTimeFormatter("en", account.timeZone);
  const [form, fields] = useForm<z.input<typeof AddSchema>>({
    lastResult: actionData?.result,
    defaultValue: { language: "en" },
  });
  const languageProps = getSelectProps(fields.language);
  return (
    <>
      <h1>{t("domains.title")}</h1>
      <p>{t("domains.intro")}</p>
      {removed ? (
        <p role="status" className="notice">
          {t("domains.removed", { hostname: removed })}
        </p>
      ) : null}
      <table className="tickets">
        <thead>
          <tr>
            <th scope="col">{t("domains.hostname")}</th>
            <th scope="col">{t("domains.kind")}</th>
            <th scope="col">{t("domains.status")}</th>
            <th scope="col">{t("domains.language")}</th>
            <th scope="col">{t("domains.lastCheck")}</th>
            <th scope="col">{t("domains.portals")}</th>
          </tr>
        </thead>
        <tbody>
          {domains.map((domain) => (
            <tr key={domain.id}>
              <th scope="row">
                <Link to={href(`/domains/${domain.id}`)}>{domain.hostname}</Link>
              </th>
              <td>{t(domain.system ? "domains.kind.system" : "domains.kind.custom")}</td>
              <td>
                <span className={`badge domain-${domain.status}`}>
                  {t(STATUS_LABELS[domain.status])}
                </span>
              </td>
              <td>{t(LANGUAGE_LABELS[domain.language])}</td>
              <td>
                {domain.system ? (
                  "—"
                ) : domain.lastCheckedAt === null || domain.result === null ? (
                  t("domains.never")
                ) : (
                  <>
                    <time dateTime={dates.iso(domain.lastCheckedAt)}>
                      {dates.dateTime(domain.lastCheckedAt)}
                    </time>
                    : {t(domain.result)}
                  </>
                )}
              </td>
              <td>{domain.portals.length ? domain.portals.join(", ") : t("domains.noPortals")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="add-domain-heading">
        <h2 id="add-domain-heading">{t("domains.add.title")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <Field
            meta={fields.hostname}
            label={t("domains.add.hostname")}
            hint={t("domains.add.hostnameHint")}
            type="text"
            autoComplete="off"
            t={t}
          />
          <div className="field">
            <label htmlFor={fields.language.id}>{t("domains.add.language")}</label>
            <p id={`${fields.language.id}-hint`} className="field-hint">
              {t("domains.add.languageHint")}
            </p>
            <select
              {...languageProps}
              key={languageProps.key}
              aria-describedby={
                [languageProps["aria-describedby"], `${fields.language.id}-hint`]
                  .filter(Boolean)
                  .join(" ") || undefined
              }
            >
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(LANGUAGE_LABELS[language])}
                </option>
              ))}
            </select>
            <ErrorList id={fields.language.errorId} errors={fields.language.errors} t={t} />
          </div>
          <button type="submit" className="button">
            {t("domains.add.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
