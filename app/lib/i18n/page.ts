// What every page knows about its language, sent once by the root's loader: the language, its
// direction and the one catalog the page speaks (the browser never downloads the other languages).
import { useRouteLoaderData } from "@remix-run/react";
import type { Catalog, Language, Translate } from ".";
import { translatorFor } from ".";
import type { DashboardCatalog } from "./dashboard";

export type PageLanguage = {
  language: Language;
  dir: "ltr" | "rtl";
  messages: Catalog;
  /** On the dashboard host only: its own catalog (app/lib/i18n/dashboard). */
  dashboard: DashboardCatalog | null;
};

/** The root route's data; its loader returns exactly this. */
export function usePageLanguage(): PageLanguage | undefined {
  return useRouteLoaderData<PageLanguage>("root");
}

/** The page's translator, over the catalog the root's loader sent. */
export function useTranslate(): Translate {
  const data = usePageLanguage();
  if (!data) throw new Error("useTranslate() without the root's data");
  return translatorFor(data.language, data.messages);
}
