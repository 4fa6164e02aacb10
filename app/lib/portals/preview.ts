// The preview's data as the page receives it, and the accent colour the root puts in <head> for it.
import { useMatches } from "@remix-run/react";
import type { TicketStatus } from "../../../db/schema";
import type { Catalog, Language } from "../i18n";
import type { ShownTicket, TicketProperty } from "../tickets/display";

export type PreviewTicket = ShownTicket & { sample: 1 | 2 | 3 };

export type PortalPreviewData = {
  name: string;
  logoUrl: string | null;
  /** Already checked by `safeAccentColor`: safe to put in a style rule. */
  accentColor: string;
  knowledgeBaseUrl: string | null;
  language: Language;
  dir: "ltr" | "rtl";
  /** The portal catalog's words the preview uses, in the portal's language. */
  messages: Catalog;
  timeZone: string;
  now: number;
  stageLabels: Partial<Record<TicketStatus, string>>;
  listClosedTickets: boolean;
  list: { properties: TicketProperty[]; tickets: PreviewTicket[] };
  detail: {
    properties: TicketProperty[];
    ticket: PreviewTicket;
    agentName: string;
    messageTimes: [number, number];
  };
};

/** A page showing a preview returns it as `portalPreview` from its loader. */
export type WithPreview = { portalPreview: PortalPreviewData };

/** The accent colour of the preview on this page, if the page shows one. */
export function usePreviewAccent(): string | null {
  const matches = useMatches();
  for (const match of matches) {
    const data = match.data as Partial<WithPreview> | undefined;
    if (data && typeof data === "object" && data.portalPreview) {
      return data.portalPreview.accentColor;
    }
  }
  return null;
}
