import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PROPERTY_LABELS, PropertyValue } from "../components/ticket-properties";
import { requirePortalContact } from "../lib/auth/guards.server";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";
import { shownProperties, shownTicket } from "../lib/tickets/display";
import { listParams, PAGE_SIZE } from "../lib/tickets/list-params";
import { listTickets } from "../lib/tickets/queries.server";
import { MIN_TERM_LENGTH } from "../lib/tickets/search";
import { ticketViewer } from "../lib/tickets/visibility";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const { contact } = await requirePortalContact(request, context);
  const { terms, ...params } = listParams(new URL(request.url), portal.displaySettings);
  const list = await listTickets(context.db, account.id, ticketViewer(portal, contact), {
    ...params,
    terms,
    limit: PAGE_SIZE,
  });
  const properties = shownProperties(portal.displaySettings.listProperties);
  return {
    tickets: list.items.map((ticket) => shownTicket(ticket, properties)),
    nextCursor: list.nextCursor,
    params,
    searched: terms.length > 0,
    properties,
    stageLabels: portal.displaySettings.stageLabels,
    listClosedTickets: portal.displaySettings.listClosedTickets,
    now: Date.now(),
  };
}

export default function TicketList() {
  const { tickets, nextCursor, params, searched, properties, stageLabels, listClosedTickets, now } =
    useLoaderData<typeof loader>();
  const { portal, language, timeZone, t } = usePortal();
  const display = { t, language, timeZone, now, stageLabels };
  const base = `/${portal.slug}/tickets`;
  const query = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ status: params.status, sort: params.sort, ...(params.q ? { q: params.q } : {}), ...extra })}`;
  return (
    <>
      <div className="page-heading">
        <h1>{t("tickets.title")}</h1>
        <Link className="button" to={`${base}/new`}>
          {t("tickets.new")}
        </Link>
      </div>
      <Form method="get" className="filters" aria-label={t("tickets.filters")}>
        <div className="field">
          <label htmlFor="q">{t("tickets.search.label")}</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={params.q}
            maxLength={200}
            aria-describedby={params.q && !searched ? "q-note" : undefined}
          />
          {params.q && !searched ? (
            <p id="q-note" className="field-hint">
              {t("tickets.search.tooShort", { count: MIN_TERM_LENGTH })}
            </p>
          ) : null}
        </div>
        {listClosedTickets ? (
          <div className="field">
            <label htmlFor="status">{t("tickets.filter.status")}</label>
            <select id="status" name="status" defaultValue={params.status}>
              <option value="open">{t("tickets.filter.open")}</option>
              <option value="closed">{t("tickets.filter.closed")}</option>
              <option value="all">{t("tickets.filter.all")}</option>
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="sort">{t("tickets.sort.label")}</label>
          <select id="sort" name="sort" defaultValue={params.sort}>
            <option value="last_activity">{t("tickets.sort.last_activity")}</option>
            <option value="created">{t("tickets.sort.created")}</option>
          </select>
        </div>
        <button type="submit" className="button">
          {t("tickets.apply")}
        </button>
      </Form>
      {tickets.length === 0 ? (
        <p className="empty">{t(searched ? "tickets.empty.search" : "tickets.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("tickets.subject")}</th>
              {properties.map((property) => (
                <th scope="col" key={property}>
                  {t(PROPERTY_LABELS[property])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.number}>
                <td>
                  <Link to={`${base}/${ticket.number}`}>{ticket.subject}</Link>
                </td>
                {properties.map((property) => (
                  <td key={property}>
                    <PropertyValue property={property} ticket={ticket} display={display} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label={t("tickets.title")}>
        {params.cursor ? <Link to={`${base}${query({})}`}>{t("tickets.first")}</Link> : null}
        {nextCursor ? (
          <Link to={`${base}${query({ cursor: nextCursor })}`}>{t("tickets.next")}</Link>
        ) : null}
      </nav>
    </>
  );
}
