// The account's sections, in the order the navigation shows them, with the roles that see them.
// A section appears only when its page exists; the page's own handle still guards it.
import type { Role } from "../../../db/schema";
import type { DashboardKey } from "../i18n/dashboard";
import { ADMINS, EVERYONE, OWNER } from "./roles";

export type NavItem = { path: string; label: DashboardKey; roles: readonly Role[] };

export const NAV: readonly NavItem[] = [
  { path: "", label: "nav.home", roles: EVERYONE },
  { path: "/tickets", label: "nav.tickets", roles: EVERYONE },
  { path: "/inboxes", label: "nav.inboxes", roles: ADMINS },
  { path: "/saved-replies", label: "nav.savedReplies", roles: EVERYONE },
  { path: "/portals", label: "nav.portals", roles: ADMINS },
  { path: "/contacts", label: "nav.contacts", roles: EVERYONE },
  { path: "/companies", label: "nav.companies", roles: EVERYONE },
  { path: "/domains", label: "nav.domains", roles: ADMINS },
  { path: "/access-groups", label: "nav.accessGroups", roles: ADMINS },
  { path: "/team", label: "nav.team", roles: ADMINS },
  { path: "/audit", label: "nav.audit", roles: ADMINS },
  { path: "/email-log", label: "nav.emailLog", roles: ADMINS },
  { path: "/settings", label: "nav.settings", roles: OWNER },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => item.roles.includes(role));
}
