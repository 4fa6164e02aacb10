import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { Field, FormErrors } from "../components/field";
import { CompanySchema, createCompany, listCompanies } from "../lib/companies/companies.server";
import { accountPath, forbidden, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

// Agents read companies; creating one is for admins, checked in the action.
export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Companies · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account, role } = await requireAccountMember(args, handle);
  const params = new URL(args.request.url).searchParams;
  const q = params.get("q")?.slice(0, 200) ?? "";
  const cursor = params.get("cursor");
  const page = await listCompanies(args.context.db, account.id, { q, cursor });
  return { q, page, first: !cursor, canEdit: role !== "agent" };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user, role } = await requireAccountMember(args, handle);
  if (role === "agent") throw forbidden();
  const submission = parseWithZod(await args.request.formData(), { schema: CompanySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const id = await createCompany(
    args.context.db,
    { accountId: account.id, actorUserId: user.id },
    submission.value,
  );
  return redirect(accountPath(account, `/companies/${id}`));
}

export default function Companies() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { q, page, first, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof CompanySchema>>({ lastResult: actionData?.result });
  const filter = new URLSearchParams();
  if (q) filter.set("q", q);
  const next = new URLSearchParams(filter);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  return (
    <>
      <h1>{t("companies.title")}</h1>
      <p>{t("companies.intro")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="q">{t("companies.search")}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit">{t("contacts.filter")}</button>
      </Form>
      {page.companies.length === 0 ? (
        <p>{t("companies.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("companies.name")}</th>
              <th scope="col">{t("companies.webDomain")}</th>
              <th scope="col">{t("companies.contacts")}</th>
            </tr>
          </thead>
          <tbody>
            {page.companies.map((company) => (
              <tr key={company.id}>
                <th scope="row">
                  <Link to={href(`/companies/${company.id}`)}>{company.name}</Link>
                </th>
                <td>{company.webDomain ?? "—"}</td>
                <td>{company.contacts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label={t("companies.pages")}>
        {first ? null : <Link to={`?${filter}`}>{t("companies.first")}</Link>}{" "}
        {page.nextCursor ? <Link to={`?${next}`}>{t("companies.next")}</Link> : null}
      </nav>
      {canEdit ? (
        <section aria-labelledby="new-company-heading">
          <h2 id="new-company-heading">{t("companies.new")}</h2>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} t={t} />
            <Field
              meta={fields.name}
              label={t("companies.name")}
              type="text"
              autoComplete="off"
              t={t}
            />
            <Field
              meta={fields.webDomain}
              label={t("companies.webDomain")}
              hint={t("companies.webDomain.hint")}
              type="text"
              autoComplete="off"
              t={t}
            />
            <button type="submit">{t("companies.create")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
