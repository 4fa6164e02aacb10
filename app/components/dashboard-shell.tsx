import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** The dashboard's frame: brand, the signed-in user and sign-out, then the page. */
export function DashboardShell({
  user,
  children,
}: {
  user: { name: string; email: string } | null;
  children: ReactNode;
}) {
  return (
    <div className="dashboard">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="dashboard-header">
        <Link to="/" className="dashboard-brand">
          Portico
        </Link>
        <nav aria-label="Account" className="portal-nav">
          {user ? (
            <>
              <span>Signed in as {user.name}</span>
              <Form method="post" action="/sign-out">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <Link to="/sign-in">Sign in</Link>
          )}
        </nav>
      </header>
      <main id="main" className="dashboard-main">
        {children}
      </main>
    </div>
  );
}
