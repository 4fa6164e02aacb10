import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { Outlet, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { accounts, memberships } from "../../db/schema";
import { DashboardShell } from "../components/dashboard-shell";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import type { AccountLayoutData } from "../lib/dashboard/layout";
import { navFor } from "../lib/dashboard/nav";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";

export const handle: DashboardHandle = { roles: EVERYONE };

export async function loader(args: LoaderFunctionArgs): Promise<AccountLayoutData> {
  const { user, account, role } = await requireAccountMember(args, handle);
  const mine = await args.context.db
    .select({ name: accounts.name, slug: accounts.slug })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, user.id))
    .orderBy(accounts.name);
  return {
    user: { name: user.name, email: user.email },
    account: { name: account.name, slug: account.slug, role, timeZone: account.timeZone },
    accounts: mine,
    nav: navFor(role),
  };
}

export default function AccountLayout() {
  const { user, account, accounts: mine, nav } = useLoaderData<typeof loader>();
  return (
    <DashboardShell user={user} account={account} accounts={mine} nav={nav}>
      <Outlet />
    </DashboardShell>
  );
}
