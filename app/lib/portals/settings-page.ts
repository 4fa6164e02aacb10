// What every settings tab page shares: its title, and the notice after a save.
import type { MetaFunction } from "@remix-run/cloudflare";
import { useSearchParams } from "@remix-run/react";
import { DASHBOARD_CATALOG, type DashboardKey } from "../i18n/dashboard";
import { type PortalTab, TAB_LABELS } from "./tabs";

/** The route id of the settings frame (app/routes/a.$account.portals.$id.tsx). */
export const PORTAL_FRAME_ID = "routes/a.$account.portals.$id";

/** `Ticket display · Acme Support · Portico`: the tab, then the portal from the frame's data. */
export function tabMeta(label: DashboardKey): MetaFunction {
  return ({ matches }) => {
    const frame = matches.find((match) => match.id === PORTAL_FRAME_ID)?.data as
      | { portal?: { name?: string } }
      | undefined;
    const portal = frame?.portal?.name;
    return [{ title: [DASHBOARD_CATALOG[label], portal, "Portico"].filter(Boolean).join(" · ") }];
  };
}

export function tabLabel(tab: PortalTab): DashboardKey {
  return TAB_LABELS[tab];
}

/** What a save redirects with (`?done=…`), and what the page then says. */
export const DONE_NOTICES = {
  saved: "portalSettings.done.saved",
  unchanged: "portalSettings.done.unchanged",
  published: "portalSettings.done.published",
  unpublished: "portalSettings.done.unpublished",
} as const satisfies Record<string, DashboardKey>;

export type Done = keyof typeof DONE_NOTICES;

/** The notice key for this page's `?done=`, if it names one. */
export function useDoneNotice(): DashboardKey | null {
  const [params] = useSearchParams();
  const done = params.get("done");
  return done && Object.hasOwn(DONE_NOTICES, done) ? DONE_NOTICES[done as Done] : null;
}

/** "Dutch" for `nl`: the portal's language, named in the dashboard's. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(language) ?? language;
  } catch {
    return language;
  }
}
