import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TICKET_PRIORITIES } from "../../db/schema";
import { AttachmentInput } from "../components/attachment-input";
import { attachmentLabels } from "../components/attachment-labels";
import { ErrorList, FormErrors } from "../components/field";
import {
  discardMessageFiles,
  limitsForPage,
  problemMessage,
  readMessageForm,
} from "../lib/attachments/form.server";
import { requirePortalContact } from "../lib/auth/guards.server";
import { newFormKey, newId } from "../lib/db/ids";
import { enqueueEmail } from "../lib/email/enqueue.server";
import { notifyAgentsLater } from "../lib/helpdesk/notify.server";
import { type MessageKey, portalLanguage } from "../lib/i18n";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";
import { MESSAGE_MAX, SUBJECT_MAX } from "../lib/tickets/limits";
import { createTicket } from "../lib/tickets/mutations.server";
import { supportFormSchema, ticketFieldsFrom } from "../lib/tickets/support-form";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { portal } = requirePortal(context);
  await requirePortalContact(request, context);
  // A fresh key per form: submitting it twice (a double click, a retried request) is one ticket.
  return {
    fields: portal.supportForm,
    idempotencyKey: newFormKey(),
    attachmentLimits: limitsForPage(context.config.attachments),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account, domain, portal } = requirePortal(context);
  const { contact } = await requirePortalContact(request, context);
  // The ticket's id comes first: its files are stored under it as the form is read, and join the
  // first message in the ticket's own batch.
  const ticketId = newId("tkt");
  const upload = await readMessageForm(request, context, {
    account,
    ticketId,
    uploader: { contactId: contact.id },
  });
  const submission = parseWithZod(upload.fields, {
    schema: supportFormSchema(portal.supportForm),
  });
  if (upload.problem) {
    const { key, values } = problemMessage(upload.problem, portalLanguage(domain.primaryLanguage));
    return data(
      { result: submission.reply({ fieldErrors: { files: [key] } }), uploadValues: values },
      400,
    );
  }
  if (submission.status !== "success") {
    await discardMessageFiles(context, account.id, upload.files);
    return data({ result: submission.reply(), uploadValues: null }, 400);
  }
  const values = submission.value;
  const ticket = await createTicket(context.db, {
    id: ticketId,
    files: upload.files,
    accountId: account.id,
    portalId: portal.id,
    inboxId: portal.defaultInboxId,
    contactId: contact.id,
    companyId: contact.primaryCompanyId,
    subject: values.subject,
    description: values.description,
    idempotencyKey: `${contact.id}:${values.idempotencyKey}`,
    ...ticketFieldsFrom(portal.supportForm, values),
  });
  await enqueueEmail(context, {
    kind: "ticket_received",
    idempotencyKey: `ticket_received:${ticket.id}`,
    accountId: account.id,
    portalId: portal.id,
    ticketId: ticket.id,
  });
  notifyAgentsLater(context, { accountId: account.id, ticketId: ticket.id, kind: "new_ticket" });
  return redirect(`/${portal.slug}/tickets/${ticket.number}?done=created`);
}

const PRIORITY_LABELS: Record<string, MessageKey> = {
  low: "priority.low",
  medium: "priority.medium",
  high: "priority.high",
  urgent: "priority.urgent",
};

export default function NewTicket() {
  const { fields: extra, idempotencyKey, attachmentLimits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, language } = usePortal();
  const [form, fields] = useForm<{
    idempotencyKey: string;
    subject: string;
    description: string;
    field: Record<string, string>;
    files: string;
  }>({ lastResult: actionData?.result, defaultValue: { idempotencyKey } });
  const answers = fields.field.getFieldset();
  const optional = ` (${t("newTicket.optional")})`;
  return (
    <>
      <h1>{t("newTicket.title")}</h1>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <input
          {...getInputProps(fields.idempotencyKey, { type: "hidden" })}
          key={fields.idempotencyKey.key}
        />
        <div className="field">
          <label htmlFor={fields.subject.id}>{t("newTicket.subject")}</label>
          <input
            {...getInputProps(fields.subject, { type: "text", ariaAttributes: true })}
            key={fields.subject.key}
            maxLength={SUBJECT_MAX}
          />
          <ErrorList id={fields.subject.errorId} errors={fields.subject.errors} t={t} />
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>{t("newTicket.description")}</label>
          <p id={`${fields.description.id}-hint`} className="field-hint">
            {t("newTicket.descriptionHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.description, { ariaAttributes: true })}
            key={fields.description.key}
            aria-describedby={[
              fields.description.errors ? fields.description.errorId : "",
              `${fields.description.id}-hint`,
            ]
              .filter(Boolean)
              .join(" ")}
            rows={8}
            maxLength={MESSAGE_MAX}
          />
          <ErrorList id={fields.description.errorId} errors={fields.description.errors} t={t} />
        </div>
        {extra.map((field) => {
          const meta = answers[field.key];
          if (!meta) return null;
          const label = `${field.label}${field.required ? "" : optional}`;
          if (field.type === "checkbox") {
            return (
              <div className="checkbox" key={field.key}>
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
              <div className="field" key={field.key}>
                <label htmlFor={meta.id}>{label}</label>
                <input
                  {...getInputProps(meta, { type: "text", ariaAttributes: true })}
                  key={meta.key}
                />
                <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
              </div>
            );
          }
          const options =
            field.type === "priority"
              ? TICKET_PRIORITIES.map((value) => ({
                  value,
                  label: t(PRIORITY_LABELS[value] as MessageKey),
                }))
              : (field.options ?? []).map((value) => ({ value, label: value }));
          return (
            <div className="field" key={field.key}>
              <label htmlFor={meta.id}>{label}</label>
              <select
                id={meta.id}
                name={meta.name}
                defaultValue={typeof meta.initialValue === "string" ? meta.initialValue : ""}
                aria-invalid={meta.errors ? true : undefined}
                aria-describedby={meta.errors ? meta.errorId : undefined}
                key={meta.key}
              >
                <option value="">{t("newTicket.choose")}</option>
                {options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
              <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
            </div>
          );
        })}
        {/* Last before the button: the server reads the text fields before the files. */}
        <AttachmentInput
          labels={attachmentLabels(t, attachmentLimits, language)}
          {...attachmentLimits}
          locale={language}
          errors={fields.files.errors?.map((error) =>
            t.has(error) ? t(error, actionData?.uploadValues ?? {}) : error,
          )}
        />
        <button type="submit" className="button">
          {t("newTicket.submit")}
        </button>
      </Form>
    </>
  );
}
