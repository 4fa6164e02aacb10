// What the account layout (app/routes/a.$account.tsx) gives every page under /a/{account}.
import { useRouteLoaderData } from "@remix-run/react";
import type { ShellAccount } from "../../components/dashboard-shell";
import type { NavItem } from "./nav";

export type AccountLayoutData = {
  user: { name: string; email: string };
  account: ShellAccount & { timeZone: string };
  accounts: { name: string; slug: string }[];
  nav: NavItem[];
};

export const ACCOUNT_LAYOUT_ID = "routes/a.$account";

/** The account of the page, its role and the user; only inside /a/{account}. */
export function useAccountLayout(): AccountLayoutData {
  const data = useRouteLoaderData<AccountLayoutData>(ACCOUNT_LAYOUT_ID);
  if (!data) throw new Error("useAccountLayout() outside /a/{account}");
  return data;
}

/** A link inside the page's account: `href("/portals")` → `/a/{account}/portals`. */
export function useAccountHref(): (path?: string) => string {
  const { account } = useAccountLayout();
  return (path = "") => `/a/${account.slug}${path}`;
}
