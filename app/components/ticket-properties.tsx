import type { TicketStatus } from "../../db/schema";
import {
  dateTimeFormatter,
  type Language,
  type MessageKey,
  relativeTime,
  type Translate,
} from "../lib/i18n";
import type { ShownTicket, TicketProperty } from "../lib/tickets/display";

export const PROPERTY_LABELS: Record<TicketProperty, MessageKey> = {
  number: "property.number",
  status: "property.status",
  priority: "property.priority",
  category: "property.category",
  created: "property.created",
  last_activity: "property.last_activity",
  assignee: "property.assignee",
};

const STATUS_LABELS: Record<TicketStatus, MessageKey> = {
  new: "status.new",
  waiting_on_us: "status.waiting_on_us",
  waiting_on_contact: "status.waiting_on_contact",
  closed: "status.closed",
};

const PRIORITY_LABELS: Record<string, MessageKey> = {
  low: "priority.low",
  medium: "priority.medium",
  high: "priority.high",
  urgent: "priority.urgent",
};

export type DisplayContext = {
  t: Translate;
  language: Language;
  timeZone: string;
  now: number;
  /** The portal's customer-facing label per pipeline stage, where it set one. */
  stageLabels: Partial<Record<TicketStatus, string>>;
};

export function stageLabel(status: TicketStatus, display: DisplayContext): string {
  return display.stageLabels[status] || display.t(STATUS_LABELS[status]);
}

/** The value of one configured ticket property, as customers read it. */
export function PropertyValue({
  property,
  ticket,
  display,
}: {
  property: TicketProperty;
  ticket: ShownTicket;
  display: DisplayContext;
}) {
  const { t } = display;
  const dates = dateTimeFormatter(display.language, display.timeZone);
  const none = <span className="muted">{t("property.none")}</span>;
  switch (property) {
    case "number":
      return <>#{ticket.number}</>;
    case "status":
      return ticket.status ? (
        <span className={`status status-${ticket.status}`}>
          {stageLabel(ticket.status, display)}
        </span>
      ) : (
        none
      );
    case "priority":
      return ticket.priority && PRIORITY_LABELS[ticket.priority] ? (
        <>{t(PRIORITY_LABELS[ticket.priority] as MessageKey)}</>
      ) : (
        none
      );
    case "category":
      return ticket.category ? <>{ticket.category}</> : none;
    case "created":
      return ticket.createdAt === undefined ? (
        none
      ) : (
        <time dateTime={dates.iso(ticket.createdAt)}>{dates.dateTime(ticket.createdAt)}</time>
      );
    case "last_activity":
      return ticket.lastActivityAt === undefined ? (
        none
      ) : (
        <time
          dateTime={dates.iso(ticket.lastActivityAt)}
          title={dates.dateTime(ticket.lastActivityAt)}
        >
          {relativeTime(display.language, ticket.lastActivityAt, display.now)}
        </time>
      );
    case "assignee":
      return ticket.assigneeName ? <>{ticket.assigneeName}</> : none;
  }
}
