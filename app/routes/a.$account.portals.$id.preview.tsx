import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { PortalPreview } from "../components/portal-preview";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { portalPreview } from "../lib/portals/preview.server";
import { requirePagePortal } from "../lib/portals/queries.server";
import { tabMeta } from "../lib/portals/settings-page";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = tabMeta("portalSettings.preview.title");

/** A portal's pages as customers would see them; for drafts too, which serve nothing yet. */
export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  return { portalPreview: portalPreview(found, account.timeZone) };
}

export default function Preview() {
  const t = useDashboardTranslate();
  const { portalPreview: preview } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>{t("portalSettings.preview.title")}</h2>
      <p>{t("portalSettings.preview.intro")}</p>
      <PortalPreview preview={preview} headingLevel={3} />
    </>
  );
}
