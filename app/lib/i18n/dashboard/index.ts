// The dashboard speaks English from its own catalog, beside the portal's (whose keys it shares for
// sign-in, passwords and form errors). The root's loader sends both on the dashboard host only.
import { useRouteLoaderData } from "@remix-run/react";
import { type Catalog, type MessageKey, translatorFor } from "..";
import { dashboardEn } from "./en";

export type DashboardKey = keyof typeof dashboardEn;
export type DashboardCatalog = { [K in DashboardKey]: string };
export const DASHBOARD_CATALOG: DashboardCatalog = dashboardEn;

/**
 * `t("nav.portals")` and every portal key. `has` answers for both catalogs, so the shared form
 * components (app/components/field.tsx) translate a dashboard error key like any other.
 */
export type DashboardTranslate = {
  (key: MessageKey | DashboardKey, values?: Record<string, string | number>): string;
  has(key: string): key is MessageKey;
};

export function dashboardTranslator(
  messages: Catalog = {} as Catalog,
  dashboard: DashboardCatalog = DASHBOARD_CATALOG,
): DashboardTranslate {
  // Both catalogs' keys are distinct: "dashboard.", "nav." … never collide with the portal's.
  const merged = { ...messages, ...dashboard } as unknown as Catalog;
  return translatorFor("en", merged) as unknown as DashboardTranslate;
}

type RootData = { messages: Catalog; dashboard: DashboardCatalog | null };

/** The dashboard page's translator, over the catalogs the root's loader sent. */
export function useDashboardTranslate(): DashboardTranslate {
  const data = useRouteLoaderData<RootData>("root");
  if (!data?.dashboard) throw new Error("useDashboardTranslate() outside the dashboard");
  return dashboardTranslator(data.messages, data.dashboard);
}
