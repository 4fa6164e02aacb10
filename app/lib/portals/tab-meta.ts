// The document title of a portal's settings tab: the portal (from the settings frame's data), the
// tab, the product. Every tab route uses it as its `meta`.
import type { MetaFunction } from "@remix-run/cloudflare";
import { DASHBOARD_CATALOG } from "../i18n/dashboard";
import { type PortalTab, TAB_LABELS } from "./tabs";

const FRAME_ID = "routes/a.$account.portals.$id";

export function portalTabMeta(tab: PortalTab): MetaFunction {
  return ({ matches }) => {
    const frame = matches.find((match) => match.id === FRAME_ID)?.data as
      | { portal?: { name?: string } }
      | undefined;
    const parts = [frame?.portal?.name, DASHBOARD_CATALOG[TAB_LABELS[tab]], "Portico"];
    return [{ title: parts.filter(Boolean).join(" · ") }];
  };
}
