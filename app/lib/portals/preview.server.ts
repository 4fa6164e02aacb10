// What the dashboard's preview of a portal shows: the portal's branding, display settings and stage
// labels over sample tickets, in the portal's language. Server-rendered in the dashboard page itself,
// so a draft or unpublished portal can be previewed without serving anything to customers.
import type { TicketStatus } from "../../../db/schema";
import { CATALOGS, type Catalog, type Language, portalLanguage, textDirection } from "../i18n";
import { shownProperties, shownTicket, type TicketFacts } from "../tickets/display";
import { safeAccentColor } from "./branding";
import type { PortalPreviewData } from "./preview";
import type { AccountPortal } from "./queries.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The sample tickets, by sample number: their subjects live in the dashboard catalog. */
function samples(now: number): (TicketFacts & { sample: 1 | 2 | 3 })[] {
  return [
    {
      sample: 1,
      number: 1042,
      subject: "",
      status: "waiting_on_contact",
      priority: "medium",
      category: "Billing",
      createdAt: now - 3 * DAY,
      lastActivityAt: now - 2 * HOUR,
      assigneeName: "Sam",
    },
    {
      sample: 2,
      number: 1041,
      subject: "",
      status: "waiting_on_us",
      priority: "high",
      category: "Accounts",
      createdAt: now - DAY,
      lastActivityAt: now - 5 * HOUR,
      assigneeName: null,
    },
    {
      sample: 3,
      number: 1038,
      subject: "",
      status: "new",
      priority: "low",
      category: null,
      createdAt: now - 8 * DAY,
      lastActivityAt: now - 6 * DAY,
      assigneeName: null,
    },
  ];
}

/** Only the portal catalog's words a preview shows, not the whole language. */
const PREVIEW_PREFIXES = ["property.", "status.", "priority.", "tickets.", "ticket.", "portal."];

function previewMessages(language: Language): Catalog {
  return Object.fromEntries(
    Object.entries(CATALOGS[language]).filter(([key]) =>
      PREVIEW_PREFIXES.some((prefix) => key.startsWith(prefix)),
    ),
  ) as Catalog;
}

export function portalPreview(
  { portal, domain }: AccountPortal,
  timeZone: string,
  now = Date.now(),
): PortalPreviewData {
  const language = portalLanguage(domain.primaryLanguage);
  const display = portal.displaySettings;
  const list = shownProperties(display.listProperties);
  const detail = shownProperties(display.detailProperties);
  const tickets = samples(now).sort((a, b) =>
    display.defaultSort === "created"
      ? b.createdAt - a.createdAt
      : b.lastActivityAt - a.lastActivityAt,
  );
  const first = tickets.find((ticket) => ticket.sample === 1) ?? tickets[0];
  return {
    name: portal.name,
    logoUrl: portal.logoUrl,
    accentColor: safeAccentColor(portal.accentColor),
    knowledgeBaseUrl: portal.knowledgeBaseUrl,
    language,
    dir: textDirection(language),
    messages: previewMessages(language),
    timeZone,
    now,
    stageLabels: display.stageLabels as Partial<Record<TicketStatus, string>>,
    listClosedTickets: display.listClosedTickets,
    list: {
      properties: list,
      tickets: tickets.map((ticket) => ({ sample: ticket.sample, ...shownTicket(ticket, list) })),
    },
    detail: {
      properties: detail,
      ticket: first
        ? { sample: first.sample, ...shownTicket(first, detail) }
        : { sample: 1, number: 0, subject: "" },
      agentName: "Sam",
      messageTimes: [now - 3 * DAY, now - 2 * HOUR],
    },
  };
}
