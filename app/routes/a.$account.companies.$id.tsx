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
import type { z } from "zod";
import { Field, FormErrors } from "../components/field";
import {
  CompanySchema,
  companyOverview,
  getCompany,
  updateCompany,
} from "../lib/companies/companies.server";
import { accountPath, forbidden, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { notFound } from "../lib/tenancy/guards.server";

// Agents read a company; editing it is for admins, checked in the action.
export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Company · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account, role } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const company = await getCompany(db, account.id, args.params.id ?? "");
  if (!company) throw notFound();
  return {
    company: { id: company.id, name: company.name, webDomain: company.webDomain ?? "" },
    overview: await companyOverview(db, account.id, company.id),
    canEdit: role !== "agent",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user, role } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const company = await getCompany(db, account.id, args.params.id ?? "");
  if (!company) throw notFound();
  if (role === "agent") throw forbidden();
  const submission = parseWithZod(await args.request.formData(), { schema: CompanySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  await updateCompany(
    db,
    { accountId: account.id, actorUserId: user.id },
    company,
    submission.value,
  );
  return redirect(accountPath(account, `/companies/${company.id}?done=saved`));
}

export default function CompanyPage() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { company, overview, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof CompanySchema>>({
    lastResult: actionData?.result,
    defaultValue: company,
  });
  return (
    <>
      <h1>{company.name}</h1>
      {params.get("done") === "saved" ? (
        <p role="status" className="notice">
          {t("companies.saved")}
        </p>
      ) : null}
      {canEdit ? (
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
          <button type="submit">{t("companies.save")}</button>
        </Form>
      ) : (
        <p>
          {t("companies.webDomain")}: {company.webDomain || "—"}
        </p>
      )}
      <section aria-labelledby="company-contacts-heading">
        <h2 id="company-contacts-heading">{t("companies.contacts")}</h2>
        {overview.contacts.length === 0 ? (
          <p>{t("companies.noContacts")}</p>
        ) : (
          <ul>
            {overview.contacts.map((contact) => (
              <li key={contact.id}>
                <Link to={href(`/contacts/${contact.id}`)}>{contact.name}</Link> ({contact.email})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="company-tickets-heading">
        <h2 id="company-tickets-heading">{t("companies.tickets")}</h2>
        {overview.tickets.length === 0 ? (
          <p>{t("companies.noTickets")}</p>
        ) : (
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("contacts.ticket")}</th>
                <th scope="col">{t("contacts.subject")}</th>
                <th scope="col">{t("contacts.name")}</th>
                <th scope="col">{t("contacts.status")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row">#{ticket.number}</th>
                  <td>{ticket.subject}</td>
                  <td>{ticket.requester}</td>
                  <td>{t(`status.${ticket.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
