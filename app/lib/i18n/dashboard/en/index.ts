// The dashboard's English catalog, one file per area so each area keeps its own words. More
// languages follow the portal's pattern (app/lib/i18n/catalogs) when the dashboard needs them.
import { members } from "./members";
import { portalTabs } from "./portal-tabs";
import { profile } from "./profile";
import { shell } from "./shell";

export const dashboardEn = {
  ...shell,
  ...portalTabs,
  ...members,
  ...profile,
} as const;
