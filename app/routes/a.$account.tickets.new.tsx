import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { portals } from "../../db/schema";
import { ErrorList, Field, FormErrors } from "../components/field";
import { normalizeEmail } from "../lib/auth/addresses";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { newId } from "../lib/db/ids";
import { enqueueEmail } from "../lib/email/enqueue.server";
import { openInboxes } from "../lib/helpdesk/inboxes.server";
import { createTicketForContact } from "../lib/helpdesk/ticket.server";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "New ticket · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const [inboxes, portalRows] = await Promise.all([
    openInboxes(db, account.id),
    db
      .select({ id: portals.id, name: portals.name })
      .from(portals)
      .where(eq(portals.accountId, account.id))
      .orderBy(asc(portals.name)),
  ]);
  return { inboxes, portals: portalRows, idempotencyKey: newId("key") };
}

const NewTicketSchema = z.object({
  idempotencyKey: z.string().regex(/^[a-z0-9_]{1,64}$/),
  contactEmail: z
    .string({ error: "form.required" })
    .trim()
    .max(320, "form.email.invalid")
    .email("form.email.invalid"),
  inboxId: z.string({ error: "agentNewTicket.error.inbox" }).max(64),
  portalId: z
    .string()
    .max(64)
    .optional()
    .transform((value) => value || null),
  subject: z
    .string({ error: "agentNewTicket.error.subject" })
    .trim()
    .min(1, "agentNewTicket.error.subject")
    .max(200, "agentNewTicket.error.subject"),
  body: z
    .string({ error: "agentTicket.error.body" })
    .trim()
    .min(1, "agentTicket.error.body")
    .max(20_000, "agentTicket.error.body"),
});

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const submission = parseWithZod(await args.request.formData(), { schema: NewTicketSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const value = submission.value;
  const created = await createTicketForContact(
    args.context.db,
    { accountId: account.id, actorUserId: user.id },
    { ...value, contactEmail: normalizeEmail(value.contactEmail) },
  );
  if ("error" in created) {
    const fieldErrors: Record<string, string[]> =
      created.error === "contact"
        ? { contactEmail: ["agentNewTicket.error.contact"] }
        : { inboxId: ["agentNewTicket.error.inbox"] };
    return data({ result: submission.reply({ fieldErrors }) }, 400);
  }
  // The agent's first message is a reply to the contact: they hear of it as of any other, in their
  // portal's language and with its link, unless they turned reply emails off. A ticket from no
  // portal has no page of theirs to link to.
  const told = created.created;
  if (told?.portalId && told.notifyContact) {
    await enqueueEmail(
      { db: args.context.db, env: args.context.env },
      {
        kind: "agent_replied",
        idempotencyKey: `agent_replied:${told.messageId}`,
        accountId: account.id,
        portalId: told.portalId,
        ticketId: told.ticketId,
        messageId: told.messageId,
      },
    );
  }
  return redirect(`/a/${account.slug}/tickets/${created.number}`);
}

export default function NewAgentTicket() {
  const t = useDashboardTranslate();
  const { inboxes, portals, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{
    contactEmail: string;
    inboxId: string;
    portalId: string;
    subject: string;
    body: string;
  }>({ lastResult: actionData?.result });
  const body = getTextareaProps(fields.body, { ariaAttributes: true });
  return (
    <>
      <h1>{t("agentNewTicket.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <Field
          meta={fields.contactEmail}
          label={t("agentNewTicket.contact")}
          type="email"
          autoComplete="off"
          t={t}
        />
        <div className="field">
          <label htmlFor={fields.inboxId.id}>{t("agentNewTicket.inbox")}</label>
          <select
            id={fields.inboxId.id}
            name="inboxId"
            defaultValue={fields.inboxId.initialValue ?? inboxes[0]?.id}
            aria-invalid={fields.inboxId.errors ? true : undefined}
            aria-describedby={fields.inboxId.errors ? fields.inboxId.errorId : undefined}
          >
            {inboxes.map((inbox) => (
              <option key={inbox.id} value={inbox.id}>
                {inbox.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.inboxId.errorId} errors={fields.inboxId.errors} t={t} />
        </div>
        <div className="field">
          <label htmlFor={fields.portalId.id}>{t("agentNewTicket.portal")}</label>
          <p id={`${fields.portalId.id}-hint`} className="field-hint">
            {t("agentNewTicket.portalHint")}
          </p>
          <select
            id={fields.portalId.id}
            name="portalId"
            defaultValue={fields.portalId.initialValue ?? portals[0]?.id ?? ""}
            aria-describedby={`${fields.portalId.id}-hint`}
          >
            <option value="">{t("agentNewTicket.noPortal")}</option>
            {portals.map((portal) => (
              <option key={portal.id} value={portal.id}>
                {portal.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          meta={fields.subject}
          label={t("agentNewTicket.subject")}
          type="text"
          autoComplete="off"
          t={t}
        />
        <div className="field">
          <label htmlFor={fields.body.id}>{t("agentNewTicket.body")}</label>
          <textarea {...body} key={body.key} rows={6} />
          <ErrorList id={fields.body.errorId} errors={fields.body.errors} t={t} />
        </div>
        <button type="submit" className="button">
          {t("agentNewTicket.submit")}
        </button>
      </Form>
    </>
  );
}
