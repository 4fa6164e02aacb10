import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { NavItem } from "../lib/dashboard/nav";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export type ShellAccount = { name: string; slug: string; role: "owner" | "admin" | "agent" };

/**
 * The dashboard's frame: brand, the signed-in user and sign-out, then the page. Inside an account,
 * also the account's sections and a switch to the user's other accounts.
 */
export function DashboardShell({
  user,
  account,
  accounts = [],
  nav = [],
  children,
}: {
  user: { name: string; email: string } | null;
  account?: ShellAccount;
  accounts?: { name: string; slug: string }[];
  nav?: NavItem[];
  children: ReactNode;
}) {
  const t = useDashboardTranslate();
  const others = account ? accounts.filter((other) => other.slug !== account.slug) : [];
  return (
    <div className="dashboard">
      <a className="skip-link" href="#main">
        {t("dashboard.skipToContent")}
      </a>
      <header className="dashboard-header">
        <Link to={account ? `/a/${account.slug}` : "/"} className="dashboard-brand">
          Portico
          {account ? <span className="dashboard-account"> · {account.name}</span> : null}
        </Link>
        <nav aria-label={t("dashboard.accountNav")} className="portal-nav">
          {user ? (
            <>
              <Link to="/profile">{t("dashboard.signedInAs", { name: user.name })}</Link>
              {others.length > 0 ? (
                <Form method="get" action="/" className="account-switch">
                  <label htmlFor="switch-account" className="visually-hidden">
                    {t("dashboard.switchAccount")}
                  </label>
                  <select id="switch-account" name="account" defaultValue="">
                    <option value="" disabled>
                      {t("dashboard.switchAccount")}
                    </option>
                    {others.map((other) => (
                      <option key={other.slug} value={other.slug}>
                        {other.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button secondary">
                    {t("dashboard.switch")}
                  </button>
                </Form>
              ) : null}
              <Form method="post" action="/sign-out">
                <button type="submit" className="link-button">
                  {t("dashboard.signOut")}
                </button>
              </Form>
            </>
          ) : (
            <Link to="/sign-in">{t("dashboard.signIn")}</Link>
          )}
        </nav>
      </header>
      {account && nav.length > 0 ? (
        <nav
          aria-label={t("dashboard.sectionsNav", { account: account.name })}
          className="dashboard-nav"
        >
          <ul>
            {nav.map((item) => (
              <li key={item.path}>
                <NavLink to={`/a/${account.slug}${item.path}`} end={item.path === ""}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" className="dashboard-main">
        {children}
      </main>
    </div>
  );
}
