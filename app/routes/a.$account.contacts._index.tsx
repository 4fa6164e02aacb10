import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { companyOptions, listContacts } from "../lib/contacts/contacts.server";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

// Agents read contacts; the pages that change them check for an admin in their action.
export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Contacts · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account, role } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const params = new URL(args.request.url).searchParams;
  const companies = await companyOptions(db, account.id);
  // A company the account does not have is no filter, never a way to probe other accounts.
  const companyId = companies.find((company) => company.id === params.get("company"))?.id ?? null;
  const q = params.get("q")?.slice(0, 200) ?? "";
  const cursor = params.get("cursor");
  const page = await listContacts(db, account.id, { q, companyId, cursor });
  const deleted = params.get("done") === "deleted";
  return { companies, companyId, q, page, first: !cursor, canEdit: role !== "agent", deleted };
}

export default function Contacts() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { companies, companyId, q, page, first, canEdit, deleted } = useLoaderData<typeof loader>();
  const filter = new URLSearchParams();
  if (q) filter.set("q", q);
  if (companyId) filter.set("company", companyId);
  const next = new URLSearchParams(filter);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  return (
    <>
      <h1>{t("contacts.title")}</h1>
      <p>{t("contacts.intro")}</p>
      {deleted ? (
        <p role="status" className="notice">
          {t("contacts.deleted")}
        </p>
      ) : null}
      <p className="actions">
        {canEdit ? (
          <>
            <Link to={href("/contacts/new")}>{t("contacts.new")}</Link>{" "}
            <Link to={href("/imports/new")}>{t("contacts.import")}</Link>{" "}
          </>
        ) : null}
        <a href={`${href("/contacts/export")}?${filter}`} download>
          {t("contacts.export")}
        </a>
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="q">{t("contacts.search")}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <div className="field">
          <label htmlFor="company">{t("contacts.company")}</label>
          <select id="company" name="company" defaultValue={companyId ?? ""}>
            <option value="">{t("contacts.anyCompany")}</option>
            {companies.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("contacts.filter")}</button>
      </Form>
      {page.contacts.length === 0 ? (
        <p>{t("contacts.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("contacts.name")}</th>
              <th scope="col">{t("contacts.email")}</th>
              <th scope="col">{t("contacts.membershipEmail")}</th>
              <th scope="col">{t("contacts.company")}</th>
              <th scope="col">{t("contacts.jobTitle")}</th>
            </tr>
          </thead>
          <tbody>
            {page.contacts.map((contact) => (
              <tr key={contact.id}>
                <th scope="row">
                  <Link to={href(`/contacts/${contact.id}`)}>{contact.name}</Link>
                </th>
                <td>{contact.email}</td>
                <td>{contact.membershipEmail ?? "—"}</td>
                <td>
                  {contact.companyId ? (
                    <Link to={href(`/companies/${contact.companyId}`)}>{contact.companyName}</Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{contact.jobTitle ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label={t("contacts.pages")}>
        {first ? null : <Link to={`?${filter}`}>{t("contacts.first")}</Link>}{" "}
        {page.nextCursor ? <Link to={`?${next}`}>{t("contacts.next")}</Link> : null}
      </nav>
    </>
  );
}
