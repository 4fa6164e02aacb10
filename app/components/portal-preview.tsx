import { dateTimeFormatter, translatorFor } from "../lib/i18n";
import { type DashboardKey, useDashboardTranslate } from "../lib/i18n/dashboard";
import type { PortalPreviewData, PreviewTicket } from "../lib/portals/preview";
import { PROPERTY_LABELS, PropertyValue } from "./ticket-properties";

const SUBJECTS: Record<PreviewTicket["sample"], DashboardKey> = {
  1: "portalSettings.preview.sample1",
  2: "portalSettings.preview.sample2",
  3: "portalSettings.preview.sample3",
};

/**
 * The portal's ticket list and detail page as customers would see them — its name, logo, accent
 * colour, knowledge-base link, ticket display and stage labels — over sample tickets. Inert: a
 * picture of the pages, nothing in it links into the live portal. The portal's words are in its
 * language (`lang`); the sample tickets are English.
 */
export function PortalPreview({
  preview,
  headingLevel,
}: {
  preview: PortalPreviewData;
  /** The level of the two pages' headings, one below the heading the preview sits under. */
  headingLevel: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const dashboardT = useDashboardTranslate();
  const t = translatorFor(preview.language, preview.messages);
  const display = {
    t,
    language: preview.language,
    timeZone: preview.timeZone,
    now: preview.now,
    stageLabels: preview.stageLabels,
  };
  const dates = dateTimeFormatter(preview.language, preview.timeZone);
  const subject = (ticket: PreviewTicket) => (
    <span lang="en">{dashboardT(SUBJECTS[ticket.sample])}</span>
  );
  const header = (
    <div className="portal-header">
      <span className="portal-brand">
        {preview.logoUrl ? <img src={preview.logoUrl} alt="" height={32} /> : null}
        <span>{preview.name}</span>
      </span>
      <span className="portal-nav">
        {preview.knowledgeBaseUrl ? (
          <span className="preview-link">{t("portal.knowledgeBase")}</span>
        ) : null}
        <span className="preview-link">{t("portal.tickets")}</span>
        <span className="preview-link">{t("portal.profile")}</span>
      </span>
    </div>
  );
  const { detail } = preview;
  return (
    <div className="preview-pages">
      <section aria-labelledby="preview-list">
        <Heading id="preview-list">{dashboardT("portalSettings.preview.list")}</Heading>
        <div className="portal-preview" lang={preview.language} dir={preview.dir}>
          {header}
          <div className="preview-main">
            <p className="preview-title">{t("tickets.title")}</p>
            <table className="tickets">
              <thead>
                <tr>
                  <th scope="col">{t("tickets.subject")}</th>
                  {preview.list.properties.map((property) => (
                    <th scope="col" key={property}>
                      {t(PROPERTY_LABELS[property])}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.list.tickets.map((ticket) => (
                  <tr key={ticket.number}>
                    <td>
                      <span className="preview-link">{subject(ticket)}</span>
                    </td>
                    {preview.list.properties.map((property) => (
                      <td key={property}>
                        <PropertyValue property={property} ticket={ticket} display={display} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <p className="field-hint">
          {dashboardT(
            preview.listClosedTickets
              ? "portalSettings.preview.closedListed"
              : "portalSettings.preview.closedHidden",
          )}
        </p>
      </section>
      <section aria-labelledby="preview-detail">
        <Heading id="preview-detail">{dashboardT("portalSettings.preview.detail")}</Heading>
        <div className="portal-preview" lang={preview.language} dir={preview.dir}>
          {header}
          <div className="preview-main">
            <p className="preview-title">{subject(detail.ticket)}</p>
            <dl className="properties">
              {detail.properties.map((property) => (
                <div key={property}>
                  <dt>{t(PROPERTY_LABELS[property])}</dt>
                  <dd>
                    <PropertyValue property={property} ticket={detail.ticket} display={display} />
                  </dd>
                </div>
              ))}
            </dl>
            <p className="preview-subtitle">{t("ticket.thread")}</p>
            <ol className="thread">
              <li className="message message-contact">
                <p className="message-meta">
                  <strong lang="en">Casey Customer</strong>{" "}
                  <time dateTime={dates.iso(detail.messageTimes[0])}>
                    {dates.dateTime(detail.messageTimes[0])}
                  </time>
                </p>
                <p className="message-body" lang="en">
                  {dashboardT("portalSettings.preview.message1")}
                </p>
              </li>
              <li className="message message-agent">
                <p className="message-meta">
                  <strong>{t("ticket.agent", { name: detail.agentName })}</strong>{" "}
                  <time dateTime={dates.iso(detail.messageTimes[1])}>
                    {dates.dateTime(detail.messageTimes[1])}
                  </time>
                </p>
                <p className="message-body" lang="en">
                  {dashboardT("portalSettings.preview.message2")}
                </p>
              </li>
            </ol>
          </div>
        </div>
      </section>
    </div>
  );
}
