import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorList, Field, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import {
  archiveInbox,
  createInbox,
  type InboxRow,
  listInboxes,
  renameInbox,
} from "../lib/helpdesk/inboxes.server";
import { type DashboardTranslate, useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Inboxes · Portico" }];

const DONE = ["created", "renamed", "archived"] as const;

const name = z
  .string({ error: "inboxes.error.name" })
  .trim()
  .min(1, "inboxes.error.name")
  .max(80, "inboxes.error.name");
const id = z.string({ error: "inboxes.error.missing" }).min(1).max(100);

const InboxFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name }),
  z.object({ intent: z.literal("rename"), inboxId: id, name }),
  z.object({ intent: z.literal("archive"), inboxId: id }),
]);

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  return { inboxes: await listInboxes(args.context.db, account.id) };
}

type ActionData = { formId: string; result: SubmissionResult<string[]>; portals?: string[] };

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: InboxFormSchema });
  const intent = submission.payload.intent;
  const rowId = typeof submission.payload.inboxId === "string" ? submission.payload.inboxId : "";
  const formId = intent === "rename" || intent === "archive" ? `${intent}-${rowId}` : "create";
  const reject = (errors?: { form?: string; name?: string }, portals?: string[]) =>
    data<ActionData>(
      {
        formId,
        portals,
        result: submission.reply({
          formErrors: errors?.form ? [errors.form] : undefined,
          fieldErrors: errors?.name ? { name: [errors.name] } : undefined,
        }),
      },
      400,
    );
  if (submission.status !== "success") return reject();
  const by = { accountId: account.id, actorUserId: user.id };
  const value = submission.value;
  const done = (what: (typeof DONE)[number]) => redirect(`/a/${account.slug}/inboxes?done=${what}`);
  switch (value.intent) {
    case "create": {
      const outcome = await createInbox(db, by, value.name);
      return outcome.ok ? done("created") : reject({ name: outcome.error });
    }
    case "rename": {
      const outcome = await renameInbox(db, by, value.inboxId, value.name);
      if (outcome.ok) return done("renamed");
      return outcome.error === "inboxes.error.taken"
        ? reject({ name: outcome.error })
        : reject({ form: outcome.error });
    }
    case "archive": {
      const outcome = await archiveInbox(db, by, value.inboxId);
      if (outcome.ok) return done("archived");
      return reject({ form: outcome.error }, "portals" in outcome ? outcome.portals : undefined);
    }
  }
}

export default function Inboxes() {
  const t = useDashboardTranslate();
  const { inboxes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = DONE.find((what) => what === searchParams.get("done"));
  const [form, fields] = useForm<{ intent: string; name: string }>({
    id: "create",
    lastResult: actionData?.formId === "create" ? actionData.result : undefined,
  });
  return (
    <>
      <h1>{t("inboxes.title")}</h1>
      <p>{t("inboxes.intro")}</p>
      {done ? (
        <p role="status" className="notice">
          {t(`inboxes.done.${done}`)}
        </p>
      ) : null}
      <table className="tickets">
        <thead>
          <tr>
            <th scope="col">{t("inboxes.name")}</th>
            <th scope="col">{t("inboxes.status")}</th>
            <th scope="col">{t("inboxes.defaultFor")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("inboxes.rename")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {inboxes.map((inbox) => (
            <InboxRowView key={inbox.id} inbox={inbox} actionData={actionData} t={t} />
          ))}
        </tbody>
      </table>
      <section aria-labelledby="create-inbox-heading">
        <h2 id="create-inbox-heading">{t("inboxes.create.title")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="create" />
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <Field
            meta={fields.name}
            label={t("inboxes.create.name")}
            type="text"
            autoComplete="off"
            t={t}
          />
          <button type="submit" className="button">
            {t("inboxes.create.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}

function InboxRowView({
  inbox,
  actionData,
  t,
}: {
  inbox: InboxRow;
  actionData: ActionData | undefined;
  t: DashboardTranslate;
}) {
  const renameId = `rename-${inbox.id}`;
  const archiveId = `archive-${inbox.id}`;
  const [renameForm, renameFields] = useForm<{ intent: string; inboxId: string; name: string }>({
    id: renameId,
    lastResult: actionData?.formId === renameId ? actionData.result : undefined,
    defaultValue: { name: inbox.name },
  });
  const [archiveForm] = useForm<{ intent: string; inboxId: string }>({
    id: archiveId,
    lastResult: actionData?.formId === archiveId ? actionData.result : undefined,
  });
  const nameInput = getInputProps(renameFields.name, { type: "text", ariaAttributes: true });
  const portals = actionData?.formId === archiveId ? (actionData.portals ?? []) : [];
  return (
    <tr>
      <th scope="row">{inbox.name}</th>
      <td>{t(inbox.archivedAt === null ? "inboxes.open" : "inboxes.archived")}</td>
      <td>{inbox.defaultFor.length ? inbox.defaultFor.join(", ") : t("inboxes.none")}</td>
      <td>
        {inbox.archivedAt === null ? (
          <div className="stack">
            <Form method="post" {...getFormProps(renameForm)} className="filters">
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="inboxId" value={inbox.id} />
              <div className="field">
                <label htmlFor={renameFields.name.id}>
                  {t("inboxes.renameLabel", { name: inbox.name })}
                </label>
                <input {...nameInput} key={nameInput.key} autoComplete="off" />
                <ErrorList id={renameFields.name.errorId} errors={renameFields.name.errors} t={t} />
              </div>
              <button type="submit" className="button secondary">
                {t("inboxes.rename")}
              </button>
            </Form>
            <FormErrors id={renameForm.errorId} errors={renameForm.errors} t={t} />
            <Form method="post" {...getFormProps(archiveForm)}>
              <input type="hidden" name="intent" value="archive" />
              <input type="hidden" name="inboxId" value={inbox.id} />
              <button type="submit" className="button secondary">
                {t("inboxes.archive")} <span className="visually-hidden">{inbox.name}</span>
              </button>
            </Form>
            <FormErrors
              id={archiveForm.errorId}
              errors={archiveForm.errors}
              t={t}
              values={{ portals: portals.join(", ") }}
            />
          </div>
        ) : null}
      </td>
    </tr>
  );
}
