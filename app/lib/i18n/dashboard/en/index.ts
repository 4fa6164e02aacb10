// The dashboard's English catalog, one file per area so each area keeps its own words. More
// languages follow the portal's pattern (app/lib/i18n/catalogs) when the dashboard needs them.

import { accessGroups } from "./access-groups";
import { account } from "./account";
import { contacts } from "./contacts";
import { domains } from "./domains";
import { helpdesk } from "./helpdesk";
import { helpdeskPreferences } from "./helpdesk-preferences";
import { imports } from "./imports";
import { members } from "./members";
import { portalSettings } from "./portal-settings";
import { portalTabs } from "./portal-tabs";
import { profile } from "./profile";
import { savedReplies } from "./saved-replies";
import { shell } from "./shell";
import { team } from "./team";
import { wizard } from "./wizard";

export const dashboardEn = {
  ...shell,
  ...account,
  ...portalTabs,
  ...members,
  ...profile,
  ...portalSettings,
  ...team,
  ...wizard,
  ...domains,
  ...imports,
  ...contacts,
  ...accessGroups,
  ...helpdesk,
  ...helpdeskPreferences,
  ...savedReplies,
} as const;
