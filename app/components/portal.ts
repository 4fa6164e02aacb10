import { useRouteLoaderData } from "@remix-run/react";
import type { Translate } from "../lib/i18n";
import type { PortalLayoutData } from "../routes/$slug";
import { useTranslate } from "./translate";

/** The portal layout's data (name, slug, language, signed-in contact) for any page inside it. */
export function usePortal(): PortalLayoutData & { t: Translate } {
  const data = useRouteLoaderData<PortalLayoutData>("routes/$slug");
  const t = useTranslate();
  if (!data) throw new Error("usePortal() outside the portal layout");
  return { ...data, t };
}
