import { type LoaderFunctionArgs, redirect } from "@remix-run/cloudflare";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { requirePagePortal } from "../lib/portals/queries.server";

export const handle: DashboardHandle = { roles: ADMINS };

/** A portal's settings open on their first tab. */
export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { portal } = await requirePagePortal(args, account.id);
  throw redirect(`/a/${account.slug}/portals/${portal.id}/general`);
}
