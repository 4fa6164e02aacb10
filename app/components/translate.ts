import { useRouteLoaderData } from "@remix-run/react";
import { type Translate, translatorFor } from "../lib/i18n";
import type { RootData } from "../root";

/** The page's translator, over the one catalog the root's loader sent (the surface's language). */
export function useTranslate(): Translate {
  const data = useRouteLoaderData<RootData>("root");
  if (!data) throw new Error("useTranslate() without the root's data");
  return translatorFor(data.language, data.messages);
}
