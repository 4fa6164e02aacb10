import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { PORTAL_TABS, TAB_LABELS } from "../lib/portals/tabs";
import { localPortOf, portalUrl } from "../lib/portals/urls";

export const handle: DashboardHandle = { roles: ADMINS };

/** The frame of every settings tab: the portal's name, where it serves, and the tabs. */
export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { portal, domain } = await requirePagePortal(args, account.id);
  return {
    portal: { id: portal.id, name: portal.name, status: portal.status },
    url: portalUrl(domain.hostname, portal.slug, localPortOf(args.request)),
  };
}

export default function PortalSettings() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { portal, url } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={href("/portals")}>{t("portalTabs.backToPortals")}</Link>
      </p>
      <h1>{portal.name}</h1>
      <p>
        <span className={`badge status-${portal.status}`}>
          {t(`portalTabs.status.${portal.status}`)}
        </span>{" "}
        {portal.status === "live" ? <a href={url}>{url}</a> : <span>{url}</span>}
      </p>
      <nav aria-label={t("portalTabs.nav", { portal: portal.name })} className="tabs">
        <ul>
          {PORTAL_TABS.map((tab) => (
            <li key={tab}>
              <NavLink to={href(`/portals/${portal.id}/${tab}`)}>{t(TAB_LABELS[tab])}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
