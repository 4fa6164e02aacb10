// What the portal layout (`routes/$slug`) tells every page inside it. The layout's loader returns
// exactly this; pages and the root read it through `usePortal` / `usePortalLayout`.
import { useRouteLoaderData } from "@remix-run/react";
import type { Language, Translate } from "../i18n";
import { useTranslate } from "../i18n/page";

export type PortalLayoutData = {
  language: Language;
  timeZone: string;
  contact: { name: string } | null;
  portal: {
    name: string;
    slug: string;
    logoUrl: string | null;
    /** Already checked by `safeAccentColor`: safe to put in a style rule. */
    accentColor: string;
    knowledgeBaseUrl: string | null;
  };
};

/** The layout's data, or undefined outside a portal (the root asks, to colour a portal's pages). */
export function usePortalLayout(): PortalLayoutData | undefined {
  return useRouteLoaderData<PortalLayoutData>("routes/$slug");
}

/** The portal layout's data (name, slug, language, signed-in contact) for any page inside it. */
export function usePortal(): PortalLayoutData & { t: Translate } {
  const data = usePortalLayout();
  const t = useTranslate();
  if (!data) throw new Error("usePortal() outside the portal layout");
  return { ...data, t };
}
