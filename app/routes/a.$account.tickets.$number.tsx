import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
} from "@conform-to/react";
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
import { type SupportFormField, TICKET_PRIORITIES, TICKET_STATUSES } from "../../db/schema";
import { AttachmentInput } from "../components/attachment-input";
import { AttachmentList } from "../components/attachment-list";
import { ErrorList, FormErrors } from "../components/field";
import { KeyboardShortcuts } from "../components/keyboard-shortcuts";
import { SavedReplyPicker } from "../components/saved-reply-picker";
import {
  discardMessageFiles,
  limitsForPage,
  problemMessage,
  readMessageForm,
} from "../lib/attachments/form.server";
import { attachmentHref } from "../lib/attachments/ids";
import { formatBytes } from "../lib/attachments/sizes";
import { ticketAttachments } from "../lib/attachments/store.server";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { newFormKey } from "../lib/db/ids";
import { enqueueEmail } from "../lib/email/enqueue.server";
import { appendReply, fillPlaceholders, ticketPlaceholders } from "../lib/helpdesk/placeholders";
import { deskAgent } from "../lib/helpdesk/preferences.server";
import { activeAgents } from "../lib/helpdesk/queue.server";
import { filledSavedReply, pickerReplies } from "../lib/helpdesk/saved-replies.server";
import {
  addAgentMessage,
  agentThread,
  changeTicketFields,
  FIELD_NAMES,
  findAgentTicket,
  type TicketFields,
} from "../lib/helpdesk/ticket.server";
import { dateTimeFormatter } from "../lib/i18n";
import { type DashboardTranslate, useDashboardTranslate } from "../lib/i18n/dashboard";
import { MessageKeySchema } from "../lib/tickets/forms";
import {
  customFieldsSchema,
  customFormFields,
  mergeCustomFields,
} from "../lib/tickets/support-form";

export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `#${data.ticket.number} ${data.ticket.subject} · Portico` : "Ticket · Portico" },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

async function ticketOf(args: LoaderFunctionArgs, accountId: string) {
  const raw = args.params.number ?? "";
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const ticket = await findAgentTicket(args.context.db, accountId, Number(raw));
  return ticket ?? notFound();
}

export async function loader(args: LoaderFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const ticket = await ticketOf(args, account.id);
  const [thread, agents, me, replies, attachments] = await Promise.all([
    agentThread(db, account.id, ticket.id),
    activeAgents(db, account.id),
    deskAgent(db, account.id, user.id),
    pickerReplies(db, account.id),
    ticketAttachments(db, account.id, ticket.id),
  ]);
  const values = ticketPlaceholders(ticket, me.displayName);
  return {
    ticket,
    shortcuts: me.keyboardShortcuts,
    // Filled here, so inserting one in the browser needs no round trip.
    savedReplies: replies.map((reply) => ({
      ...reply,
      body: fillPlaceholders(reply.body, values),
    })),
    thread,
    attachments: attachments.map((file) => ({
      ...file,
      href: attachmentHref(`/a/${account.slug}/tickets/${ticket.number}`, file.id),
    })),
    attachmentLimits: limitsForPage(args.context.config.attachments),
    agents: agents.map((agent) => ({ id: agent.user_id, name: agent.display_name })),
    // A fresh key per page: a reply or note submitted twice (a double click, a retried request)
    // is one message.
    idempotencyKey: newFormKey(),
  };
}

const optional = (max: number, error: string) =>
  z
    .string()
    .trim()
    .max(max, error)
    .optional()
    .transform((value) => value || null);

const MessageSchema = z.object({
  intent: z.enum(["reply", "note"]),
  body: z
    .string({ error: "agentTicket.error.body" })
    .trim()
    .min(1, "agentTicket.error.body")
    .max(20_000, "agentTicket.error.body"),
  idempotencyKey: MessageKeySchema,
});

const BaseFieldsSchema = z.object({
  intent: z.literal("fields"),
  version: z.coerce.number().int().min(1),
  status: z.enum(TICKET_STATUSES),
  priority: z
    .enum(TICKET_PRIORITIES)
    .optional()
    .transform((value) => value ?? null),
  assigneeUserId: optional(64, "agentTicket.error.assignee"),
  category: optional(100, "agentTicket.error.category"),
});

/** The ticket's fields plus the custom fields of its portal's form, validated as the portal does. */
const fieldsSchema = (form: readonly SupportFormField[]) =>
  BaseFieldsSchema.extend({ field: customFieldsSchema(form) });

/** A changed field: its name (`field.{key}` for a custom field, with its label) and both values. */
export type Conflict = { field: string; label?: string; seen: string; now: string }[];

/** A custom field's answer as the conflict notice shows it ("" when unanswered). */
const answerText = (value: string | boolean | undefined | null) =>
  value === undefined || value === null ? "" : String(value);

/** The custom answers the agent saw, from the form's hidden JSON; anything else reads as none. */
function seenAnswers(raw: FormDataEntryValue | null): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(typeof raw === "string" ? raw : "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db, env } = args.context;
  const ticket = await ticketOf(args, account.id);
  // Replies and notes may carry files, stored (pending) as the form is read; the fields form
  // has none (URL-encoded, read by the worker).
  const upload = await readMessageForm(args.request, args.context, {
    account,
    ticketId: ticket.id,
    uploader: { userId: user.id },
  });
  const formData = upload.fields;
  const here = `/a/${account.slug}/tickets/${ticket.number}`;
  if (formData.get("intent") === "insert") {
    // The picker without JavaScript: the page again, the saved reply after what was typed. Files
    // chosen alongside are not kept (a file field cannot be filled again): choose them to send.
    await discardMessageFiles(args.context, account.id, upload.files);
    const draft = String(formData.get("body") ?? "").slice(0, 20_000);
    const chosen = String(formData.get("savedReply") ?? "");
    const answer = (status: number, text: string, pickerError?: string) =>
      data({ form: "insert", result: undefined, conflict: null, draft: text, pickerError }, status);
    if (!chosen) return answer(400, draft, "savedReplies.picker.error");
    const me = await deskAgent(db, account.id, user.id);
    const filled = await filledSavedReply(
      db,
      account.id,
      chosen,
      ticketPlaceholders(ticket, me.displayName),
    );
    // Another account's saved reply is a missing one.
    if (filled === null) notFound();
    return answer(200, appendReply(draft, filled));
  }
  if (formData.get("intent") === "fields") {
    await discardMessageFiles(args.context, account.id, upload.files);
    const form = ticket.portal?.supportForm ?? [];
    const submission = parseWithZod(formData, { schema: fieldsSchema(form) });
    if (submission.status !== "success")
      return data({ form: "fields", result: submission.reply(), conflict: null }, 400);
    const { version, intent: _, field: answers, ...fields } = submission.value;
    const saved = await changeTicketFields(
      db,
      { accountId: account.id, actorUserId: user.id },
      ticket,
      version,
      {
        ...fields,
        customFields: mergeCustomFields(form, ticket.customFields, answers),
      } as TicketFields,
    );
    if (saved) return redirect(`${here}?done=fields`);
    // Lost to a change made in between (or the assignee left): show what changed since the page.
    const seen = Object.fromEntries(
      FIELD_NAMES.map((name) => [name, formData.get(`seen_${name}`)]),
    );
    const current: Record<string, string | null> = {
      status: ticket.status,
      priority: ticket.priority,
      assigneeUserId: ticket.assigneeUserId,
      category: ticket.category,
    };
    const conflict: Conflict = FIELD_NAMES.filter(
      (name) => (seen[name] || null) !== (current[name] ?? null),
    ).map((name) => ({ field: name, seen: String(seen[name] || "—"), now: current[name] ?? "—" }));
    const seenCustom = seenAnswers(formData.get("seen_customFields"));
    for (const field of customFormFields(form)) {
      const was = answerText(seenCustom[field.key] as string | boolean | undefined);
      const is = answerText(ticket.customFields[field.key]);
      if (was !== is)
        conflict.push({
          field: `field.${field.key}`,
          label: field.label,
          seen: was || "—",
          now: is || "—",
        });
    }
    if (ticket.version === version)
      return data(
        {
          form: "fields",
          result: submission.reply({
            fieldErrors: { assigneeUserId: ["agentTicket.error.assignee"] },
          }),
          conflict: null,
        },
        400,
      );
    return data({ form: "fields", result: submission.reply({ resetForm: true }), conflict }, 409);
  }
  const submission = parseWithZod(formData, { schema: MessageSchema });
  if (upload.problem) {
    const { key, values } = problemMessage(upload.problem, "en");
    return data(
      {
        form: "message",
        result: submission.reply({ fieldErrors: { files: [key] } }),
        conflict: null,
        uploadValues: values,
      },
      400,
    );
  }
  if (submission.status !== "success") {
    await discardMessageFiles(args.context, account.id, upload.files);
    return data({ form: "message", result: submission.reply(), conflict: null }, 400);
  }
  const { intent, body, idempotencyKey } = submission.value;
  const visibility = intent === "reply" ? "public" : "internal";
  // A repeat of the same form writes nothing and answers the first submit's message: its email
  // is queued again under the same key, which records and sends nothing twice, yet still
  // delivers if the first request failed before queueing it.
  const { id: messageId } = await addAgentMessage(
    db,
    { accountId: account.id, id: ticket.id },
    {
      userId: user.id,
      body,
      visibility,
      idempotencyKey,
      files: upload.files,
    },
  );
  if (visibility === "public" && ticket.portal && ticket.requester.notifyOnAgentReply) {
    await enqueueEmail(
      { db, env },
      {
        kind: "agent_replied",
        idempotencyKey: `agent_replied:${messageId}`,
        accountId: account.id,
        portalId: ticket.portal.id,
        ticketId: ticket.id,
        messageId,
      },
    );
  }
  return redirect(`${here}?done=${intent}`);
}

const DONE = ["reply", "note", "fields"] as const;

export default function AgentTicketPage() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { account } = useAccountLayout();
  const {
    ticket,
    thread,
    agents,
    shortcuts,
    savedReplies,
    attachments,
    attachmentLimits,
    idempotencyKey,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = DONE.find((what) => what === searchParams.get("done"));
  const dates = dateTimeFormatter("en", account.timeZone);
  const [messageForm, messageFields] = useForm<{ intent: string; body: string; files: string }>({
    id: "message",
    lastResult: actionData?.form === "message" ? actionData.result : undefined,
  });
  const customFields = customFormFields(ticket.portal?.supportForm ?? []);
  const [fieldsForm, fieldsFields] = useForm<{
    intent: string;
    status: string;
    priority: string;
    assigneeUserId: string;
    category: string;
    field: Record<string, string>;
  }>({
    id: `fields-${ticket.version}`,
    lastResult:
      actionData?.form === "fields" && !actionData.conflict ? actionData.result : undefined,
    // The ticket as it is; after a refused save, conform gives the agent's input back instead.
    defaultValue: {
      status: ticket.status,
      priority: ticket.priority ?? "",
      assigneeUserId: ticket.assigneeUserId ?? "",
      category: ticket.category ?? "",
      field: Object.fromEntries(
        customFields.map((field) => {
          const value = ticket.customFields[field.key];
          return [field.key, value === true ? "on" : typeof value === "string" ? value : ""];
        }),
      ),
    },
  });
  const answers = fieldsFields.field.getFieldset();
  const initial = (value: unknown) => (typeof value === "string" ? value : "");
  const body = getTextareaProps(messageFields.body);
  const inserted = actionData && "draft" in actionData ? actionData : undefined;
  const agentName = (id: string | null) =>
    agents.find((agent) => agent.id === id)?.name ?? (id ? id : "—");
  const checkbox = (field: string) =>
    customFields.some((custom) => `field.${custom.key}` === field && custom.type === "checkbox");
  const shown = (field: string, value: string) =>
    value === "—"
      ? value
      : checkbox(field)
        ? t(value === "true" ? "agentTicket.yes" : "agentTicket.no")
        : field === "status"
          ? t(`stage.${value}` as "stage.new")
          : field === "priority"
            ? t(`priority.${value}` as "priority.low")
            : field === "assigneeUserId"
              ? agentName(value)
              : value;
  const fieldLabel: Record<string, string> = {
    status: t("queue.stage"),
    priority: t("queue.priority"),
    assigneeUserId: t("queue.assignee"),
    category: t("agentTicket.category"),
  };
  return (
    <>
      <p>
        <Link to={href("/tickets")}>{t("agentTicket.back")}</Link>
      </p>
      <h1>{t("agentTicket.title", { number: ticket.number, subject: ticket.subject })}</h1>
      <KeyboardShortcuts scope="ticket" enabled={shortcuts} />
      {done ? (
        <p role="status" className="notice">
          {t(`agentTicket.done.${done}`)}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("agentTicket.requester")}</dt>
        <dd>
          {ticket.requester.name} ({ticket.requester.email})
        </dd>
        <dt>{t("agentTicket.company")}</dt>
        <dd>{ticket.companyName ?? t("agentTicket.none")}</dd>
        <dt>{t("agentTicket.portal")}</dt>
        <dd>{ticket.portal?.name ?? t("agentTicket.none")}</dd>
        <dt>{t("agentTicket.inbox")}</dt>
        <dd>{ticket.inboxName}</dd>
      </dl>
      <section aria-labelledby="thread-heading">
        <h2 id="thread-heading">{t("agentTicket.thread")}</h2>
        {thread.length === 0 ? <p className="empty">{t("agentTicket.empty")}</p> : null}
        <ol className="thread">
          {thread.map((message) => (
            <li
              key={message.id}
              className={message.visibility === "internal" ? "message note" : "message"}
              data-visibility={message.visibility}
            >
              <p className="message-meta">
                <strong>
                  {message.visibility === "internal" ? `${t("agentTicket.note")} · ` : null}
                  {message.author.name} (
                  {t(
                    message.author.kind === "contact"
                      ? "agentTicket.customer"
                      : "agentTicket.agent",
                  )}
                  )
                </strong>{" "}
                <time dateTime={dates.iso(message.createdAt)}>
                  {dates.dateTime(message.createdAt)}
                </time>
              </p>
              <div className="message-body">{message.body}</div>
              <AttachmentList
                attachments={attachments.filter((file) => file.messageId === message.id)}
                label={t("agentTicket.attachments")}
                locale="en"
              />
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="answer-heading">
        <h2 id="answer-heading">{t("agentTicket.answer")}</h2>
        <Form
          method="post"
          encType="multipart/form-data"
          {...getFormProps(messageForm)}
          className="stack"
        >
          {/* Controlled by the page's data: after a message the page is revalidated and the
              next one carries the next key. */}
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <FormErrors id={messageForm.errorId} errors={messageForm.errors} t={t} />
          <div className="field">
            <label htmlFor={messageFields.body.id}>{t("agentTicket.body")}</label>
            <p id={`${messageFields.body.id}-hint`} className="field-hint">
              {t("agentTicket.replyHint")}
            </p>
            <textarea
              {...body}
              key={inserted ? `inserted-${inserted.draft.length}` : body.key}
              defaultValue={inserted ? inserted.draft : body.defaultValue}
              rows={6}
              data-reply=""
              aria-describedby={
                [body["aria-describedby"], `${messageFields.body.id}-hint`]
                  .filter(Boolean)
                  .join(" ") || undefined
              }
            />
            <ErrorList id={messageFields.body.errorId} errors={messageFields.body.errors} t={t} />
          </div>
          <SavedReplyPicker
            replies={savedReplies}
            messageBoxId={messageFields.body.id}
            error={inserted?.pickerError}
          />
          <AttachmentInput
            labels={{
              label: t("agentTicket.attach.label"),
              hint: t("agentTicket.attach.hint", {
                files: attachmentLimits.maxFiles,
                size: formatBytes(attachmentLimits.maxFileBytes, "en"),
                total: formatBytes(attachmentLimits.maxMessageBytes, "en"),
              }),
              remove: t("agentTicket.attach.remove"),
              tooManyFiles: t("attachments.error.too_many"),
              fileTooLarge: t("attachments.error.file_too_large"),
              messageTooLarge: t("attachments.error.message_too_large"),
              uploading: t("agentTicket.attach.uploading"),
              failed: t("agentTicket.attach.failed"),
            }}
            {...attachmentLimits}
            locale="en"
            errors={messageFields.files.errors?.map((error) =>
              t.has(error)
                ? t(
                    error,
                    (actionData && "uploadValues" in actionData
                      ? actionData.uploadValues
                      : undefined) as Record<string, string | number> | undefined,
                  )
                : error,
            )}
          />
          <div className="actions">
            <button type="submit" name="intent" value="reply" className="button">
              {t("agentTicket.reply")}
            </button>
            <button type="submit" name="intent" value="note" className="button secondary">
              {t("agentTicket.addNote")}
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="fields-heading">
        <h2 id="fields-heading">{t("agentTicket.fields")}</h2>
        {actionData?.conflict ? (
          <div role="alert" className="notice" data-conflict="">
            <p>{t("agentTicket.conflict")}</p>
            <ul>
              {actionData.conflict.map((change) => (
                <li key={change.field}>
                  {t("agentTicket.conflict.row", {
                    field: fieldLabel[change.field] ?? change.label ?? change.field,
                    seen: shown(change.field, change.seen),
                    now: shown(change.field, change.now),
                  })}
                </li>
              ))}
            </ul>
            <p>{t("agentTicket.conflict.retry")}</p>
          </div>
        ) : null}
        <Form method="post" {...getFormProps(fieldsForm)} className="stack" key={ticket.version}>
          <input type="hidden" name="intent" value="fields" />
          <input type="hidden" name="version" value={ticket.version} />
          <input type="hidden" name="seen_status" value={ticket.status} />
          <input type="hidden" name="seen_priority" value={ticket.priority ?? ""} />
          <input type="hidden" name="seen_assigneeUserId" value={ticket.assigneeUserId ?? ""} />
          <input type="hidden" name="seen_category" value={ticket.category ?? ""} />
          <input
            type="hidden"
            name="seen_customFields"
            value={JSON.stringify(ticket.customFields)}
          />
          <FormErrors id={fieldsForm.errorId} errors={fieldsForm.errors} t={t} />
          <div className="field">
            <label htmlFor="ticket-status">{t("queue.stage")}</label>
            <select
              id="ticket-status"
              name="status"
              defaultValue={initial(fieldsFields.status.initialValue)}
            >
              {TICKET_STATUSES.map((stage) => (
                <option key={stage} value={stage}>
                  {t(`stage.${stage}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ticket-priority">{t("queue.priority")}</label>
            <select
              id="ticket-priority"
              name="priority"
              defaultValue={initial(fieldsFields.priority.initialValue)}
            >
              <option value="">{t("agentTicket.none")}</option>
              {TICKET_PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {t(`priority.${priority}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ticket-assignee">{t("queue.assignee")}</label>
            <select
              id="ticket-assignee"
              name="assigneeUserId"
              defaultValue={initial(fieldsFields.assigneeUserId.initialValue)}
              aria-describedby={
                fieldsFields.assigneeUserId.errors ? "ticket-assignee-error" : undefined
              }
            >
              <option value="">{t("queue.unassigned")}</option>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
            <ErrorList
              id="ticket-assignee-error"
              errors={fieldsFields.assigneeUserId.errors}
              t={t}
            />
          </div>
          <div className="field">
            <label htmlFor="ticket-category">{t("agentTicket.category")}</label>
            <input
              id="ticket-category"
              name="category"
              type="text"
              defaultValue={initial(fieldsFields.category.initialValue)}
              autoComplete="off"
              maxLength={100}
            />
            <ErrorList id="ticket-category-error" errors={fieldsFields.category.errors} t={t} />
          </div>
          {customFields.map((field) => (
            <CustomField
              key={field.key}
              field={field}
              meta={answers[field.key]}
              t={t}
              initial={initial}
            />
          ))}
          <button type="submit" className="button">
            {t("agentTicket.save")}
          </button>
        </Form>
      </section>
    </>
  );
}

/** One of the portal's custom fields, as the portal's form shows it, with its errors tied to it. */
function CustomField({
  field,
  meta,
  t,
  initial,
}: {
  field: SupportFormField;
  meta: FieldMetadata<string> | undefined;
  t: DashboardTranslate;
  initial: (value: unknown) => string;
}) {
  if (!meta) return null;
  const label = `${field.label}${field.required ? "" : ` (${t("newTicket.optional")})`}`;
  if (field.type === "checkbox") {
    return (
      <div className="checkbox">
        <input
          {...getInputProps(meta, { type: "checkbox", value: "on", ariaAttributes: true })}
          key={meta.key}
        />
        <label htmlFor={meta.id}>{label}</label>
        <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
      </div>
    );
  }
  if (field.type === "text") {
    return (
      <div className="field">
        <label htmlFor={meta.id}>{label}</label>
        <input
          {...getInputProps(meta, { type: "text", ariaAttributes: true })}
          key={meta.key}
          autoComplete="off"
        />
        <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select
        id={meta.id}
        name={meta.name}
        defaultValue={initial(meta.initialValue)}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? meta.errorId : undefined}
        key={meta.key}
      >
        <option value="">{t("newTicket.choose")}</option>
        {(field.options ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}
