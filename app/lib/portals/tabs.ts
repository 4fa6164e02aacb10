// A portal's settings tabs (/a/{account}/portals/{id}/{tab}), in the order the page lists them.
// Each tab is a route file of its own: app/routes/a.$account.portals.$id.{tab}.tsx.
import type { DashboardKey } from "../i18n/dashboard";

export const PORTAL_TABS = [
  "general",
  "domain",
  "tickets",
  "access",
  "display",
  "consent",
  "form",
  "branding",
  "members",
] as const;

export type PortalTab = (typeof PORTAL_TABS)[number];

export const TAB_LABELS: Record<PortalTab, DashboardKey> = {
  general: "portalTabs.general",
  domain: "portalTabs.domain",
  tickets: "portalTabs.tickets",
  access: "portalTabs.access",
  display: "portalTabs.display",
  consent: "portalTabs.consent",
  form: "portalTabs.form",
  branding: "portalTabs.branding",
  members: "portalTabs.members",
};
