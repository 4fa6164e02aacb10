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
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { portals, TICKET_PRIORITIES, TICKET_STATUSES } from "../../db/schema";
import { FormErrors } from "../components/field";
import { KeyboardShortcuts } from "../components/keyboard-shortcuts";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { openInboxes } from "../lib/helpdesk/inboxes.server";
import { deskAgent } from "../lib/helpdesk/preferences.server";
import { QUEUE_SORTS } from "../lib/helpdesk/queue";
import {
  activeAgents,
  bulkChange,
  listQueue,
  queueFilters,
  stageCounts,
} from "../lib/helpdesk/queue.server";
import { relativeTime } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Tickets · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const url = new URL(args.request.url);
  const filters = queueFilters(url, user.id);
  const [page, counts, inboxes, agents, portalRows, me] = await Promise.all([
    listQueue(db, account.id, filters),
    stageCounts(db, account.id, filters),
    openInboxes(db, account.id),
    activeAgents(db, account.id),
    db
      .select({ id: portals.id, name: portals.name })
      .from(portals)
      .where(eq(portals.accountId, account.id))
      .orderBy(asc(portals.name)),
    deskAgent(db, account.id, user.id),
  ]);
  return {
    shortcuts: me.keyboardShortcuts,
    // The page's "5 min ago" is computed against this, so server and browser render the same text.
    now: Date.now(),
    userId: user.id,
    filters: { ...filters, terms: undefined },
    page,
    counts,
    inboxes,
    agents: agents.map((agent) => ({ id: agent.user_id, name: agent.display_name })),
    portals: portalRows,
  };
}

const BulkSchema = z.object({
  ticket: z
    .array(z.string().regex(/^[a-z0-9_]{1,64}$/), { error: "queue.bulk.none" })
    .min(1, "queue.bulk.none")
    .max(100, "queue.bulk.none"),
  bulkAction: z.enum(["assign", "stage", "close"], { error: "queue.bulk.invalid" }),
  assignee: z.string().max(64).optional(),
  stage: z.enum(TICKET_STATUSES).optional(),
});

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: BulkSchema });
  const reject = (error?: string) =>
    data({ result: submission.reply({ formErrors: error ? [error] : undefined }) }, 400);
  if (submission.status !== "success") {
    const errors = submission.error ?? {};
    return reject(Object.values(errors).flat()[0] ?? "queue.bulk.invalid");
  }
  const value = submission.value;
  const change =
    value.bulkAction === "close"
      ? ({ kind: "close" } as const)
      : value.bulkAction === "stage" && value.stage
        ? ({ kind: "stage", stage: value.stage } as const)
        : value.bulkAction === "assign" && value.assignee
          ? ({
              kind: "assign",
              assigneeUserId: value.assignee === "none" ? null : value.assignee,
            } as const)
          : null;
  if (!change) return reject("queue.bulk.invalid");
  const count = await bulkChange(
    db,
    { accountId: account.id, actorUserId: user.id },
    value.ticket,
    change,
  );
  const back = new URL(args.request.url);
  back.searchParams.delete("index");
  back.searchParams.set("changed", String(count));
  return redirect(`/a/${account.slug}/tickets${back.search}`);
}

export default function Queue() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { now, userId, filters, page, counts, inboxes, agents, portals, shortcuts } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const changedCount = searchParams.get("changed");
  const [bulkForm] = useForm({ id: "bulk", lastResult: actionData?.result });
  const assigneeValue = filters.assignee === userId ? "me" : (filters.assignee ?? "");
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    next.delete("cursor");
    next.delete("changed");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    return href(`/tickets${query ? `?${query}` : ""}`);
  };
  return (
    <>
      <h1>{t("queue.title")}</h1>
      <KeyboardShortcuts scope="queue" enabled={shortcuts} />
      <p>
        <Link to={href("/tickets/new")}>{t("agentNewTicket.link")}</Link>
      </p>
      {changedCount !== null ? (
        <p role="status" className="notice">
          {t("queue.bulk.done", { count: Number(changedCount) || 0 })}
        </p>
      ) : null}
      <nav aria-label={t("queue.inbox")}>
        <ul className="filters">
          <li>
            <Link
              to={withParams({ inbox: null })}
              aria-current={filters.inboxId ? undefined : "page"}
            >
              {t("queue.allInboxes")}
            </Link>
          </li>
          {inboxes.map((inbox) => (
            <li key={inbox.id}>
              <Link
                to={withParams({ inbox: inbox.id })}
                aria-current={filters.inboxId === inbox.id ? "page" : undefined}
              >
                {inbox.name}
              </Link>
            </li>
          ))}
          <li>
            <Link
              to={withParams({ assignee: "me" })}
              aria-current={assigneeValue === "me" ? "page" : undefined}
            >
              {t("queue.me")}
            </Link>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="visually-hidden">
          {t("queue.counts")}
        </h2>
        <ul className="filters">
          {TICKET_STATUSES.map((stage) => (
            <li key={stage}>
              <Link
                to={withParams({ stage })}
                aria-current={filters.stage === stage ? "page" : undefined}
              >
                {`${t(`stage.${stage}`)}: ${counts[stage]}`}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <Form method="get" className="filters" aria-label={t("queue.filters")}>
        {filters.inboxId ? <input type="hidden" name="inbox" value={filters.inboxId} /> : null}
        <div className="field">
          <label htmlFor="queue-q">{t("queue.search")}</label>
          <input id="queue-q" type="search" name="q" defaultValue={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="queue-stage">{t("queue.stage")}</label>
          <select id="queue-stage" name="stage" defaultValue={filters.stage ?? ""}>
            <option value="">{t("queue.anyStage")}</option>
            {TICKET_STATUSES.map((stage) => (
              <option key={stage} value={stage}>
                {t(`stage.${stage}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-priority">{t("queue.priority")}</label>
          <select id="queue-priority" name="priority" defaultValue={filters.priority ?? ""}>
            <option value="">{t("queue.anyPriority")}</option>
            {TICKET_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-assignee">{t("queue.assignee")}</label>
          <select id="queue-assignee" name="assignee" defaultValue={assigneeValue}>
            <option value="">{t("queue.anyone")}</option>
            <option value="me">{t("queue.me")}</option>
            <option value="none">{t("queue.unassigned")}</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-portal">{t("queue.portal")}</label>
          <select id="queue-portal" name="portal" defaultValue={filters.portalId ?? ""}>
            <option value="">{t("queue.anyPortal")}</option>
            {portals.map((portal) => (
              <option key={portal.id} value={portal.id}>
                {portal.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-sort">{t("queue.sort")}</label>
          <select id="queue-sort" name="sort" defaultValue={filters.sort}>
            {QUEUE_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`queue.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("queue.apply")}
        </button>
      </Form>
      <Form method="post" {...getFormProps(bulkForm)}>
        <FormErrors id={bulkForm.errorId} errors={bulkForm.errors} t={t} />
        {page.items.length === 0 ? (
          <p className="empty">{t("queue.empty")}</p>
        ) : (
          <table className="tickets" data-queue="">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t("queue.bulk")}</span>
                </th>
                <th scope="col">{t("queue.number")}</th>
                <th scope="col">{t("queue.subject")}</th>
                <th scope="col">{t("queue.requester")}</th>
                <th scope="col">{t("queue.stage")}</th>
                <th scope="col">{t("queue.priority")}</th>
                <th scope="col">{t("queue.assignee")}</th>
                <th scope="col">{t("queue.last")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((ticket) => (
                <tr key={ticket.id} data-ticket={ticket.number}>
                  <td>
                    <input
                      type="checkbox"
                      name="ticket"
                      value={ticket.id}
                      id={`select-${ticket.id}`}
                      aria-label={t("queue.select", { number: ticket.number })}
                    />
                  </td>
                  <td>#{ticket.number}</td>
                  <th scope="row">
                    <Link to={href(`/tickets/${ticket.number}`)}>{ticket.subject}</Link>
                  </th>
                  <td>{ticket.requesterName}</td>
                  <td>{t(`stage.${ticket.status}`)}</td>
                  <td>
                    {ticket.priority ? t(`priority.${ticket.priority}` as "priority.low") : "—"}
                  </td>
                  <td>{ticket.assigneeName ?? t("queue.unassigned")}</td>
                  <td>
                    {ticket.last
                      ? t(`queue.last.${ticket.last.by}`, {
                          time: relativeTime("en", ticket.last.at, now),
                        })
                      : t("queue.last.none", { time: relativeTime("en", ticket.createdAt, now) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <fieldset className="filters">
          <legend>{t("queue.bulk")}</legend>
          <div className="field">
            <label htmlFor="bulk-action">{t("queue.bulk.action")}</label>
            <select id="bulk-action" name="bulkAction" defaultValue="close">
              <option value="assign">{t("queue.bulk.assign")}</option>
              <option value="stage">{t("queue.bulk.stage")}</option>
              <option value="close">{t("queue.bulk.close")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="bulk-assignee">{t("queue.bulk.assign")}</label>
            <select id="bulk-assignee" name="assignee" defaultValue="none">
              <option value="none">{t("queue.unassigned")}</option>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="bulk-stage">{t("queue.bulk.stage")}</label>
            <select id="bulk-stage" name="stage" defaultValue="waiting_on_us">
              {TICKET_STATUSES.map((stage) => (
                <option key={stage} value={stage}>
                  {t(`stage.${stage}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary">
            {t("queue.bulk.submit")}
          </button>
        </fieldset>
      </Form>
      {page.nextCursor ? (
        <p>
          <Link to={withParams({ cursor: page.nextCursor })}>{t("queue.next")}</Link>
        </p>
      ) : null}
    </>
  );
}
