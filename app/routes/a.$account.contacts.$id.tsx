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
import { z } from "zod";
import { ContactFields } from "../components/contact-form";
import { Field, FormErrors } from "../components/field";
import {
  companyOptions,
  contactByAddress,
  contactOverview,
  getContact,
  mergeContacts,
  saveContact,
} from "../lib/contacts/contacts.server";
import { deleteContact } from "../lib/contacts/data-rights.server";
import { ContactSchema, formatProperties } from "../lib/contacts/schema";
import { accountPath, forbidden, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { EmailSchema } from "../lib/forms/schemas";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { notFound } from "../lib/tenancy/guards.server";

// Agents read a contact; every change is for admins, checked in the action.
export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Contact · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account, role } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const contact = await getContact(db, account.id, args.params.id ?? "");
  if (!contact) throw notFound();
  const [companies, overview] = await Promise.all([
    companyOptions(db, account.id),
    contactOverview(db, account.id, contact.id),
  ]);
  return {
    contact: {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      membershipEmail: contact.membershipEmail ?? "",
      companyId: contact.primaryCompanyId ?? "",
      jobTitle: contact.jobTitle ?? "",
      properties: formatProperties(contact.properties),
    },
    companies,
    overview,
    canEdit: role !== "agent",
  };
}

const MergeSchema = z.object({ intent: z.literal("merge"), address: EmailSchema });
const DeleteSchema = z.object({ intent: z.literal("delete"), confirm: EmailSchema });

export async function action(args: ActionFunctionArgs) {
  const { account, user, role } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const contact = await getContact(db, account.id, args.params.id ?? "");
  if (!contact) throw notFound();
  if (role === "agent") throw forbidden();
  const actor = { accountId: account.id, actorUserId: user.id };
  const form = await args.request.formData();
  const intent = String(form.get("intent") ?? "save");
  if (intent === "merge") {
    const submission = parseWithZod(form, { schema: MergeSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, 400);
    const otherId = await contactByAddress(db, account.id, submission.value.address);
    if (!otherId || otherId === contact.id) {
      const fieldErrors = { address: ["contacts.error.mergeUnknown"] };
      return data({ intent, result: submission.reply({ fieldErrors }) }, 400);
    }
    await mergeContacts(db, actor, contact.id, otherId);
    return redirect(accountPath(account, `/contacts/${contact.id}?done=merged`));
  }
  if (intent === "delete") {
    const submission = parseWithZod(form, { schema: DeleteSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, 400);
    if (submission.value.confirm !== contact.email) {
      const fieldErrors = { confirm: ["contacts.error.confirm"] };
      return data({ intent, result: submission.reply({ fieldErrors }) }, 400);
    }
    await deleteContact(db, args.context.env.ATTACHMENTS, actor, contact);
    return redirect(accountPath(account, "/contacts?done=deleted"));
  }
  const submission = parseWithZod(form, { schema: ContactSchema });
  if (submission.status !== "success") {
    return data({ intent: "save", result: submission.reply() }, 400);
  }
  const saved = await saveContact(db, actor, contact.id, submission.value);
  if (!saved.ok) {
    const fieldErrors = Object.fromEntries(saved.problems.map((p) => [p.field, [p.error]]));
    return data({ intent: "save", result: submission.reply({ fieldErrors }) }, 400);
  }
  return redirect(accountPath(account, `/contacts/${contact.id}?done=saved`));
}

export default function ContactPage() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { account } = useAccountLayout();
  const { contact, companies, overview, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const dates = dateTimeFormatter("en", account.timeZone);
  const [form, fields] = useForm<z.input<typeof ContactSchema>>({
    id: "contact",
    lastResult: actionData?.intent === "save" ? actionData.result : undefined,
    defaultValue: contact,
  });
  const [mergeForm, mergeFields] = useForm<z.input<typeof MergeSchema>>({
    id: "merge",
    lastResult: actionData?.intent === "merge" ? actionData.result : undefined,
  });
  const [deleteForm, deleteFields] = useForm<z.input<typeof DeleteSchema>>({
    id: "delete",
    lastResult: actionData?.intent === "delete" ? actionData.result : undefined,
  });
  return (
    <>
      <h1>{contact.name}</h1>
      {done === "saved" || done === "merged" ? (
        <p role="status" className="notice">
          {t(done === "saved" ? "contacts.saved" : "contacts.merged")}
        </p>
      ) : null}
      {canEdit ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <ContactFields fields={fields} companies={companies} t={t} />
          <button type="submit" name="intent" value="save">
            {t("contacts.save")}
          </button>
        </Form>
      ) : (
        <dl>
          <dt>{t("contacts.email")}</dt>
          <dd>{contact.email}</dd>
          <dt>{t("contacts.membershipEmail")}</dt>
          <dd>{contact.membershipEmail || "—"}</dd>
          <dt>{t("contacts.company")}</dt>
          <dd>{companies.find((c) => c.id === contact.companyId)?.name ?? "—"}</dd>
          <dt>{t("contacts.jobTitle")}</dt>
          <dd>{contact.jobTitle || "—"}</dd>
          <dt>{t("contacts.properties")}</dt>
          <dd>{contact.properties || "—"}</dd>
        </dl>
      )}
      <section aria-labelledby="tickets-heading">
        <h2 id="tickets-heading">{t("contacts.tickets")}</h2>
        {overview.tickets.length === 0 ? (
          <p>{t("contacts.noTickets")}</p>
        ) : (
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("contacts.ticket")}</th>
                <th scope="col">{t("contacts.subject")}</th>
                <th scope="col">{t("contacts.status")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row">#{ticket.number}</th>
                  <td>{ticket.subject}</td>
                  <td>{t(`status.${ticket.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="portals-heading">
        <h2 id="portals-heading">{t("contacts.portals")}</h2>
        {overview.portals.length === 0 ? (
          <p>{t("contacts.noPortals")}</p>
        ) : (
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("contacts.portals")}</th>
                <th scope="col">{t("contacts.standing")}</th>
                <th scope="col">{t("contacts.lastSignIn")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.portals.map((portal) => (
                <tr key={portal.portalId}>
                  <th scope="row">
                    <Link to={href(`/portals/${portal.portalId}/members`)}>{portal.name}</Link>
                  </th>
                  <td>
                    {portal.revokedAt
                      ? t("contacts.revoked")
                      : t(`members.status.${portal.inviteStatus}`)}
                  </td>
                  <td>
                    {portal.lastSignInAt ? (
                      <time dateTime={dates.iso(portal.lastSignInAt)}>
                        {dates.dateTime(portal.lastSignInAt)}
                      </time>
                    ) : (
                      t("contacts.never")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">{t("contacts.accessGroups")}</h2>
        {overview.accessGroups.length === 0 ? (
          <p>{t("contacts.noAccessGroups")}</p>
        ) : (
          <ul>
            {overview.accessGroups.map((group) => (
              <li key={group.id}>
                {/* Access groups are an admin's page; agents read the names only. */}
                {canEdit ? (
                  <Link to={href(`/access-groups/${group.id}`)}>{group.name}</Link>
                ) : (
                  group.name
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {canEdit ? (
        <>
          <section aria-labelledby="merge-heading">
            <h2 id="merge-heading">{t("contacts.merge.title")}</h2>
            <p>{t("contacts.merge.intro")}</p>
            <Form method="post" {...getFormProps(mergeForm)} className="stack">
              <FormErrors id={mergeForm.errorId} errors={mergeForm.errors} t={t} />
              <Field
                meta={mergeFields.address}
                label={t("contacts.merge.address")}
                type="email"
                autoComplete="off"
                t={t}
              />
              <button type="submit" name="intent" value="merge">
                {t("contacts.merge.submit")}
              </button>
            </Form>
          </section>
          <section aria-labelledby="data-heading">
            <h2 id="data-heading">{t("contacts.data.title")}</h2>
            <p>
              <a href={href(`/contacts/${contact.id}/export`)} download>
                {t("contacts.data.export")}
              </a>
            </p>
            <p>{t("contacts.data.delete.intro")}</p>
            <Form method="post" {...getFormProps(deleteForm)} className="stack">
              <FormErrors id={deleteForm.errorId} errors={deleteForm.errors} t={t} />
              <Field
                meta={deleteFields.confirm}
                label={t("contacts.data.delete.confirm")}
                type="email"
                autoComplete="off"
                t={t}
              />
              <button type="submit" name="intent" value="delete" className="danger">
                {t("contacts.data.delete")}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <p>{t("contacts.readOnly")}</p>
      )}
    </>
  );
}
