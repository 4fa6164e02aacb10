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
import { useAccountHref } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import {
  deleteSavedReply,
  getSavedReply,
  SavedReplySchema,
  updateSavedReply,
} from "../lib/helpdesk/saved-replies.server";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { notFound } from "../lib/tenancy/guards.server";

// Saved replies are the help desk's own tools: admins and agents alike keep them.
export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.reply.title} · Saved replies · Portico` : "Saved reply · Portico" },
];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const reply = await getSavedReply(args.context.db, account.id, args.params.id ?? "");
  if (!reply) throw notFound();
  return { reply: { id: reply.id, title: reply.title, body: reply.body } };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db } = args.context;
  // A foreign id is a missing one: 404 before anything is read from the form.
  const reply = await getSavedReply(db, account.id, args.params.id ?? "");
  if (!reply) throw notFound();
  const actor = { accountId: account.id, actorUserId: user.id };
  const formData = await args.request.formData();
  if (formData.get("intent") === "delete") {
    if (!(await deleteSavedReply(db, actor, reply))) throw notFound();
    return redirect(accountPath(account, "/saved-replies?done=deleted"));
  }
  const submission = parseWithZod(formData, { schema: SavedReplySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const outcome = await updateSavedReply(db, actor, reply, submission.value);
  if (outcome.ok) return redirect(accountPath(account, `/saved-replies/${reply.id}?done=saved`));
  if (outcome.error === "missing") throw notFound();
  return data(
    { result: submission.reply({ fieldErrors: { title: ["savedReplies.error.taken"] } }) },
    400,
  );
}

export default function SavedReplyPage() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { reply } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof SavedReplySchema>>({
    id: `edit-${reply.id}`,
    lastResult: actionData?.result,
    defaultValue: { title: reply.title, body: reply.body },
  });
  return (
    <>
      <p>
        <Link to={href("/saved-replies")}>{t("savedReplies.back")}</Link>
      </p>
      <h1>{reply.title}</h1>
      {searchParams.get("done") === "saved" ? (
        <p role="status" className="notice">
          {t("savedReplies.done.saved")}
        </p>
      ) : null}
      <p>{t("savedReplies.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <input type="hidden" name="intent" value="save" />
        <SavedReplyFields fields={fields} rows={8} t={t} />
        <button type="submit" className="button">
          {t("savedReplies.save")}
        </button>
      </Form>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="delete" />
        <p id="delete-saved-reply-hint" className="field-hint">
          {t("savedReplies.deleteHint")}
        </p>
        <div>
          <button
            type="submit"
            className="button secondary"
            aria-describedby="delete-saved-reply-hint"
          >
            {t("savedReplies.delete")}
          </button>
        </div>
      </Form>
    </>
  );
}
