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
import { FormErrors } from "../components/field";
import { SavedReplyFields } from "../components/saved-reply-fields";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import {
  createSavedReply,
  listSavedReplies,
  SavedReplySchema,
} from "../lib/helpdesk/saved-replies.server";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

// Saved replies are the help desk's own tools: admins and agents alike keep them.
export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Saved replies · Portico" }];

const DONE = ["created", "deleted"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const page = await listSavedReplies(args.context.db, account.id, cursor);
  return { page, first: !cursor };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const submission = parseWithZod(await args.request.formData(), { schema: SavedReplySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const outcome = await createSavedReply(
    args.context.db,
    { accountId: account.id, actorUserId: user.id },
    submission.value,
  );
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { title: ["savedReplies.error.taken"] } }) },
      400,
    );
  }
  return redirect(accountPath(account, "/saved-replies?done=created"));
}

export default function SavedReplies() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { account } = useAccountLayout();
  const { page, first } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = DONE.find((what) => what === searchParams.get("done"));
  const dates = dateTimeFormatter("en", account.timeZone);
  const [form, fields] = useForm<z.input<typeof SavedReplySchema>>({
    id: "create",
    lastResult: actionData?.result,
  });
  return (
    <>
      <h1>{t("savedReplies.title")}</h1>
      <p>{t("savedReplies.intro")}</p>
      {done ? (
        <p role="status" className="notice">
          {t(`savedReplies.done.${done}`)}
        </p>
      ) : null}
      {page.replies.length === 0 ? (
        <p className="empty">{t("savedReplies.empty")}</p>
      ) : (
        <table className="tickets" data-saved-replies="">
          <thead>
            <tr>
              <th scope="col">{t("savedReplies.name")}</th>
              <th scope="col">{t("savedReplies.body")}</th>
              <th scope="col">{t("savedReplies.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {page.replies.map((reply) => (
              <tr key={reply.id} data-saved-reply={reply.id}>
                <th scope="row">
                  <Link
                    to={href(`/saved-replies/${reply.id}`)}
                    aria-label={t("savedReplies.editLabel", { title: reply.title })}
                  >
                    {reply.title}
                  </Link>
                </th>
                <td>{reply.body.length > 120 ? `${reply.body.slice(0, 120)}…` : reply.body}</td>
                <td>
                  <time dateTime={dates.iso(reply.updatedAt)}>
                    {dates.dateTime(reply.updatedAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {first && !page.nextCursor ? null : (
        <nav className="pagination" aria-label={t("savedReplies.pages")}>
          {first ? null : <Link to="?">{t("savedReplies.first")}</Link>}{" "}
          {page.nextCursor ? (
            <Link to={`?cursor=${encodeURIComponent(page.nextCursor)}`}>
              {t("savedReplies.next")}
            </Link>
          ) : null}
        </nav>
      )}
      <section aria-labelledby="create-saved-reply-heading">
        <h2 id="create-saved-reply-heading">{t("savedReplies.create.title")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <SavedReplyFields fields={fields} rows={6} t={t} />
          <button type="submit" className="button">
            {t("savedReplies.create.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
