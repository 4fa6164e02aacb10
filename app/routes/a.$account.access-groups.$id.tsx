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
import { GroupActionSchema, type GroupNameSchema } from "../lib/access-groups/forms";
import {
  addGroupMembers,
  deleteAccessGroup,
  findAccessGroup,
  groupPortals,
  listGroupMembers,
  removeGroupMembers,
  renameAccessGroup,
  searchContacts,
  sendGroupInvites,
} from "../lib/access-groups/groups.server";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { newId } from "../lib/db/ids";
import { siteUrl } from "../lib/email/links";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { SEARCH_MAX_LENGTH } from "../lib/portals/members";
import { localPortOf } from "../lib/portals/urls";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Access group · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const group = await findAccessGroup(db, account.id, args.params.id);
  if (!group) throw notFound();
  const search = (new URL(args.request.url).searchParams.get("q") ?? "")
    .trim()
    .slice(0, SEARCH_MAX_LENGTH);
  const [members, portals, found] = await Promise.all([
    listGroupMembers(db, account.id, group.id),
    groupPortals(db, account.id, group.id),
    searchContacts(db, account.id, group.id, search),
  ]);
  return {
    group,
    members,
    search,
    found,
    // Invites exist only on portals limited to access groups.
    portals: portals
      .filter((p) => p.portal.accessMode === "access_groups")
      .map((p) => ({ id: p.portal.id, name: p.portal.name, hostname: p.domain.hostname })),
    // A fresh round per page: submitting this page twice sends each invite once.
    round: newId("rnd"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { request, context } = args;
  const { db } = context;
  const group = await findAccessGroup(db, account.id, args.params.id);
  if (!group) throw notFound();
  const submission = parseWithZod(await request.formData(), { schema: GroupActionSchema });
  const intent = submission.payload.intent;
  const form = typeof intent === "string" ? intent : null;
  if (submission.status !== "success") {
    return data({ form, result: submission.reply(), done: null }, 400);
  }
  const scope = { db, accountId: account.id, actorUserId: user.id };
  const value = submission.value;
  switch (value.intent) {
    case "rename": {
      const renamed = await renameAccessGroup(scope, group, value.name);
      if (!renamed.ok) {
        return data(
          {
            form,
            result: submission.reply({ fieldErrors: { name: [renamed.error] } }),
            done: null,
          },
          400,
        );
      }
      return data({ form, result: submission.reply(), done: { renamed: value.name } });
    }
    case "delete": {
      const deleted = await deleteAccessGroup(scope, group);
      if (!deleted.ok) {
        return data(
          {
            form,
            result: submission.reply({ formErrors: ["groups.error.onlyGroup"] }),
            done: { dependents: deleted.portals.join(", ") },
          },
          400,
        );
      }
      return redirect(
        `${accountPath(account, "/access-groups")}?${new URLSearchParams({ deleted: group.name })}`,
      );
    }
    case "add": {
      const added = await addGroupMembers(scope, group, value.contact);
      return data({ form, result: submission.reply({ resetForm: true }), done: { added } });
    }
    case "remove": {
      const removed = await removeGroupMembers(scope, group, value.contact);
      return data({ form, result: submission.reply({ resetForm: true }), done: { removed } });
    }
    case "invite": {
      const target = (await groupPortals(db, account.id, group.id)).find(
        (p) => p.portal.id === value.portal && p.portal.accessMode === "access_groups",
      );
      if (!target) {
        return data(
          {
            form,
            result: submission.reply({ fieldErrors: { portal: ["groups.error.invalid"] } }),
            done: null,
          },
          400,
        );
      }
      const outcome = await sendGroupInvites(
        {
          ...scope,
          queue: context.env.EMAIL_QUEUE,
          account,
          graceMs: context.config.misconfiguredGraceMs,
        },
        group,
        target,
        value.round,
      );
      const port = localPortOf(request);
      return data({
        form,
        result: submission.reply(),
        done: {
          invited: outcome.queued,
          reason: outcome.delivery.send ? null : outcome.delivery.reason,
          links: outcome.links.map((link) => ({
            contactId: link.contactId,
            name: link.name,
            email: link.signInEmail,
            url: siteUrl(target.domain.hostname, [target.portal.slug, "join", link.token], port),
          })),
        },
      });
    }
  }
}

export default function AccessGroup() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { group, members, search, found, portals, round } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mine = (form: string) => (actionData?.form === form ? actionData : null);
  const rename = mine("rename");
  const [renameForm, renameFields] = useForm<z.input<typeof GroupNameSchema>>({
    id: "rename-group",
    lastResult: rename?.result,
    defaultValue: { name: group.name },
  });
  const errorsOf = (form: string) => {
    const own = mine(form);
    if (!own) return undefined;
    return [...new Set(Object.values(own.result.error ?? {}).flatMap((list) => list ?? []))];
  };
  const done = actionData?.done ?? null;
  return (
    <>
      <p>
        <Link to={href("/access-groups")}>{t("groups.back")}</Link>
      </p>
      <h1>{group.name}</h1>
      <div role="status">
        {done && "renamed" in done ? (
          <p className="notice">{t("groups.renamed", { name: done.renamed })}</p>
        ) : null}
        {done && "added" in done ? (
          <p className="notice">{t("groups.added", { count: done.added })}</p>
        ) : null}
        {done && "removed" in done ? (
          <p className="notice">{t("groups.removed", { count: done.removed })}</p>
        ) : null}
      </div>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("groups.memberList")}</h2>
        {members.length === 0 ? (
          <p className="empty">{t("groups.noMembers")}</p>
        ) : (
          <Form method="post">
            <FormErrors id="remove-errors" errors={errorsOf("remove")} t={t} />
            <table className="tickets">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t("groups.remove.submit")}</span>
                  </th>
                  <th scope="col">{t("groups.name")}</th>
                  <th scope="col">{t("members.email")}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.contactId}>
                    <td>
                      <input
                        type="checkbox"
                        name="contact"
                        value={member.contactId}
                        id={`remove-${member.contactId}`}
                        aria-label={t("groups.select", { name: member.name })}
                      />
                    </td>
                    <th scope="row">{member.name}</th>
                    <td>{member.signInEmail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="submit" name="intent" value="remove" className="button secondary">
              {t("groups.remove.submit")}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="add-heading">
        <h2 id="add-heading">{t("groups.add.title")}</h2>
        <Form method="get" role="search" className="filters">
          <div className="field">
            <label htmlFor="contact-search">{t("groups.add.search")}</label>
            <input
              id="contact-search"
              type="search"
              name="q"
              defaultValue={search}
              maxLength={SEARCH_MAX_LENGTH}
            />
          </div>
          <button type="submit" className="button">
            {t("groups.add.searchButton")}
          </button>
        </Form>
        {search && found.length === 0 ? (
          <p className="empty">{t("groups.add.noMatch", { search })}</p>
        ) : null}
        {found.length ? (
          <Form method="post">
            <FormErrors id="add-errors" errors={errorsOf("add")} t={t} />
            <fieldset>
              <legend>{t("groups.add.title")}</legend>
              {found.map((contact) => (
                <div key={contact.contactId} className="checkbox">
                  <input
                    type="checkbox"
                    name="contact"
                    value={contact.contactId}
                    id={`add-${contact.contactId}`}
                  />
                  <label htmlFor={`add-${contact.contactId}`}>
                    {contact.name} ({contact.signInEmail})
                  </label>
                </div>
              ))}
            </fieldset>
            <button type="submit" name="intent" value="add" className="button">
              {t("groups.add.submit")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("groups.invite.title")}</h2>
        {portals.length === 0 ? (
          <p>{t("groups.invite.noPortals")}</p>
        ) : (
          <Form method="post" className="stack">
            <p>{t("groups.invite.text")}</p>
            <FormErrors id="invite-errors" errors={errorsOf("invite")} t={t} />
            <input type="hidden" name="round" value={round} />
            <div className="field">
              <label htmlFor="invite-portal">{t("groups.invite.portal")}</label>
              <select id="invite-portal" name="portal">
                {portals.map((portal) => (
                  <option key={portal.id} value={portal.id}>
                    {portal.name} ({portal.hostname})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" name="intent" value="invite" className="button">
              {t("groups.invite.submit")}
            </button>
          </Form>
        )}
        {done && "invited" in done ? (
          <div role="status">
            {done.reason === null ? (
              <p className="notice">
                {done.invited > 0
                  ? t("groups.invite.queued", { count: done.invited })
                  : t("groups.invite.none")}
              </p>
            ) : done.links.length === 0 ? (
              <p className="notice">{t("groups.invite.none")}</p>
            ) : (
              <>
                <p className="notice">
                  {t(
                    done.reason === "skipped: system domain"
                      ? "groups.invite.noEmail.system"
                      : "groups.invite.noEmail.domain",
                  )}
                </p>
                {done.links.map((link) => (
                  <div className="field" key={link.contactId}>
                    <label htmlFor={`link-${link.contactId}`}>
                      {t("groups.invite.link", { name: link.name, email: link.email })}
                    </label>
                    <input id={`link-${link.contactId}`} type="text" readOnly value={link.url} />
                  </div>
                ))}
              </>
            )}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="rename-heading">
        <h2 id="rename-heading">{t("groups.rename.title")}</h2>
        <Form method="post" {...getFormProps(renameForm)} className="stack">
          <FormErrors id={renameForm.errorId} errors={renameForm.errors} t={t} />
          <Field
            meta={renameFields.name}
            label={t("groups.name")}
            type="text"
            autoComplete="off"
            t={t}
          />
          <button type="submit" name="intent" value="rename" className="button">
            {t("groups.rename.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t("groups.delete.title")}</h2>
        <p>{t("groups.delete.text")}</p>
        <Form method="post">
          <FormErrors
            id="delete-errors"
            errors={errorsOf("delete")}
            t={t}
            values={{ portals: done && "dependents" in done ? done.dependents : "" }}
          />
          <button type="submit" name="intent" value="delete" className="button danger">
            {t("groups.delete.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
