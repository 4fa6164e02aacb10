import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AttachmentInput } from "../components/attachment-input";
import { attachmentLabels } from "../components/attachment-labels";
import { AttachmentList } from "../components/attachment-list";
import { ErrorList, FormErrors } from "../components/field";
import { PROPERTY_LABELS, PropertyValue } from "../components/ticket-properties";
import {
  discardMessageFiles,
  limitsForPage,
  problemMessage,
  readMessageForm,
} from "../lib/attachments/form.server";
import { attachmentHref } from "../lib/attachments/ids";
import { requirePortalContact } from "../lib/auth/guards.server";
import { newFormKey } from "../lib/db/ids";
import {
  agentEmailsStatement,
  recordedAgentEmails,
  sendAgentEmailsLater,
} from "../lib/helpdesk/notify.server";
import { dateTimeFormatter, plural, portalLanguage } from "../lib/i18n";
import { usePortal } from "../lib/portals/layout";
import { notFound, requirePortal } from "../lib/tenancy/guards.server";
import { shownProperties, shownTicket } from "../lib/tickets/display";
import { ReplySchema } from "../lib/tickets/forms";
import { MESSAGE_MAX } from "../lib/tickets/limits";
import { replyAsContact, setClosed } from "../lib/tickets/mutations.server";
import { getVisibleTicket, ticketWithThread } from "../lib/tickets/queries.server";
import { ticketViewer } from "../lib/tickets/visibility";

/** The number in the URL; anything else is a number no ticket has. */
function ticketNumber(raw: string | undefined): number {
  const number = /^\d{1,9}$/.test(raw ?? "") ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw notFound();
  return number;
}

/** The ticket the signed-in contact may see under this number, or a 404 like any unknown page. */
async function findTicket(request: Request, context: LoaderFunctionArgs["context"], raw?: string) {
  const { account, domain, portal } = requirePortal(context);
  const { contact } = await requirePortalContact(request, context);
  const viewer = ticketViewer(portal, contact);
  const ticket = await getVisibleTicket(context.db, account.id, viewer, ticketNumber(raw));
  if (!ticket) throw notFound();
  return { account, domain, portal, contact, ticket };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const { contact } = await requirePortalContact(request, context);
  // Ticket and thread in one round trip: with the session, the page's two.
  const found = await ticketWithThread(
    context.db,
    account.id,
    ticketViewer(portal, contact),
    ticketNumber(params.number),
  );
  if (!found) throw notFound();
  const properties = shownProperties(portal.displaySettings.detailProperties);
  return {
    ticket: shownTicket(found.ticket, properties),
    // Which button to offer, close or reopen; the stage itself is shown only when listed.
    closed: found.ticket.status === "closed",
    messages: found.messages,
    attachments: found.attachments.map((file) => ({
      ...file,
      href: attachmentHref(`/${portal.slug}/tickets/${found.ticket.number}`, file.id),
    })),
    attachmentLimits: limitsForPage(context.config.attachments),
    properties,
    stageLabels: portal.displaySettings.stageLabels,
    now: Date.now(),
    // A fresh key per page: the reply submitted twice (a double click, a retried request) is one.
    idempotencyKey: newFormKey(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { account, domain, portal, contact, ticket } = await findTicket(
    request,
    context,
    params.number,
  );
  // Files are stored (pending) as the form is read; they join the reply in its own batch.
  const upload = await readMessageForm(request, context, {
    account,
    ticketId: ticket.id,
    uploader: { contactId: contact.id },
  });
  const submission = parseWithZod(upload.fields, { schema: ReplySchema });
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
  const target = { accountId: account.id, id: ticket.id };
  const { intent } = submission.value;
  if (submission.value.intent === "reply") {
    // The reply, its files and the team's "customer replied" emails: one batch. A repeat of the
    // same form writes and records nothing, and lands where the first did.
    const { alongside } = await replyAsContact(
      context.db,
      target,
      contact.id,
      submission.value.body,
      {
        idempotencyKey: submission.value.idempotencyKey,
        files: upload.files,
        alongside: (messageId, now) =>
          agentEmailsStatement({
            accountId: account.id,
            ticketId: ticket.id,
            kind: "customer_replied",
            messageId,
            now,
          }),
      },
    );
    sendAgentEmailsLater(context, recordedAgentEmails(alongside));
  } else {
    // Closing or reopening carries no message, so no files either.
    await discardMessageFiles(context, account.id, upload.files);
    await setClosed(context.db, target, intent === "close");
  }
  const done = { reply: "replied", close: "closed", reopen: "reopened" }[intent];
  return redirect(`/${portal.slug}/tickets/${ticket.number}?done=${done}`);
}

const DONE = {
  replied: "ticket.reply.sent",
  closed: "ticket.closedDone",
  reopened: "ticket.reopenedDone",
  created: "ticket.received",
} as const;

export default function TicketPage() {
  const {
    ticket,
    closed,
    messages,
    attachments,
    attachmentLimits,
    properties,
    stageLabels,
    now,
    idempotencyKey,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { portal, language, timeZone, t } = usePortal();
  const display = { t, language, timeZone, now, stageLabels };
  const dates = dateTimeFormatter(language, timeZone);
  const [form, fields] = useForm<{ intent: string; body: string; files: string }>({
    lastResult: actionData?.result,
    shouldRevalidate: "onInput",
  });
  const done = searchParams.get("done");
  return (
    <>
      <p>
        <Link to={`/${portal.slug}/tickets`}>{t("ticket.back")}</Link>
      </p>
      <h1>{ticket.subject}</h1>
      {done && done in DONE ? (
        <p role="status" className="notice">
          {t(DONE[done as keyof typeof DONE])}
        </p>
      ) : null}
      <dl className="properties">
        {properties.map((property) => (
          <div key={property}>
            <dt>{t(PROPERTY_LABELS[property])}</dt>
            <dd>
              <PropertyValue property={property} ticket={ticket} display={display} />
            </dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="thread">
        <h2 id="thread">
          {t("ticket.thread")}{" "}
          <span className="muted">({plural(language, t, "ticket.messages", messages.length)})</span>
        </h2>
        <ol className="thread">
          {messages.map((message) => (
            <li key={message.id} className={`message message-${message.author.kind}`}>
              <p className="message-meta">
                <strong>
                  {message.author.kind === "agent"
                    ? t("ticket.agent", { name: message.author.name })
                    : message.author.name}
                </strong>{" "}
                <time dateTime={dates.iso(message.createdAt)}>
                  {dates.dateTime(message.createdAt)}
                </time>
              </p>
              <p className="message-body">{message.body}</p>
              <AttachmentList
                attachments={attachments.filter((file) => file.messageId === message.id)}
                label={t("attachments.listLabel")}
                locale={language}
              />
            </li>
          ))}
        </ol>
      </section>
      {closed ? <p>{t("ticket.closedNotice")}</p> : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        {/* Controlled by the page's data: after a reply the page is revalidated and the next
            reply carries the next key. */}
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <div className="field">
          <label htmlFor={fields.body.id}>{t("ticket.reply.label")}</label>
          <textarea
            {...getTextareaProps(fields.body, { ariaAttributes: true })}
            key={fields.body.key}
            rows={6}
            maxLength={MESSAGE_MAX}
          />
          <ErrorList id={fields.body.errorId} errors={fields.body.errors} t={t} />
        </div>
        <AttachmentInput
          labels={attachmentLabels(t, attachmentLimits, language)}
          {...attachmentLimits}
          locale={language}
          errors={fields.files.errors?.map((error) =>
            t.has(error) ? t(error, actionData?.uploadValues ?? {}) : error,
          )}
        />
        <div className="actions">
          <button type="submit" name="intent" value="reply" className="button">
            {t("ticket.reply.submit")}
          </button>
          <button
            type="submit"
            name="intent"
            value={closed ? "reopen" : "close"}
            className="button secondary"
          >
            {t(closed ? "ticket.reopen" : "ticket.close")}
          </button>
        </div>
      </Form>
    </>
  );
}
