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
import { GroupNameSchema } from "../lib/access-groups/forms";
import { createAccessGroup, listAccessGroups } from "../lib/access-groups/groups.server";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Access groups · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const deleted = new URL(args.request.url).searchParams.get("deleted")?.slice(0, 100) ?? null;
  return { groups: await listAccessGroups(args.context.db, account.id), deleted };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: GroupNameSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const created = await createAccessGroup(
    { db, accountId: account.id, actorUserId: user.id },
    submission.value.name,
  );
  if (!created.ok) {
    return data({ result: submission.reply({ fieldErrors: { name: [created.error] } }) }, 400);
  }
  return redirect(accountPath(account, `/access-groups/${created.id}`));
}

export default function AccessGroups() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { groups, deleted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof GroupNameSchema>>({
    id: "create-group",
    lastResult: actionData?.result,
  });
  return (
    <>
      <h1>{t("groups.title")}</h1>
      <p>{t("groups.intro")}</p>
      {deleted ? (
        <p role="status" className="notice">
          {t("groups.deleted", { name: deleted })}
        </p>
      ) : null}
      {groups.length === 0 ? (
        <p className="empty">{t("groups.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("groups.name")}</th>
              <th scope="col">{t("groups.members")}</th>
              <th scope="col">{t("groups.portals")}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.id}>
                <th scope="row">
                  <Link to={href(`/access-groups/${group.id}`)}>{group.name}</Link>
                </th>
                <td>{group.members}</td>
                <td>{group.portals.length ? group.portals.join(", ") : t("groups.noPortals")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="create-group-heading">
        <h2 id="create-group-heading">{t("groups.create.title")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <Field meta={fields.name} label={t("groups.name")} type="text" autoComplete="off" t={t} />
          <button type="submit" className="button">
            {t("groups.create.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
