import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { accounts, memberships } from "../../db/schema";
import { DashboardShell } from "../components/dashboard-shell";
import { getDashboardUser } from "../lib/auth/guards.server";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const signedIn = await getDashboardUser(request, context);
  const accountsOfUser = signedIn
    ? await context.db
        .select({ name: accounts.name, slug: accounts.slug, role: memberships.role })
        .from(memberships)
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(eq(memberships.userId, signedIn.user.id))
        .orderBy(accounts.name)
    : [];
  // The account switch in the dashboard's header: a GET form, so it works without JavaScript.
  const wanted = new URL(request.url).searchParams.get("account");
  const chosen = accountsOfUser.find((account) => account.slug === wanted);
  if (chosen) throw redirect(`/a/${chosen.slug}`);
  return {
    systemDomain: context.config.systemDomains[0] ?? "",
    user: signedIn ? { name: signedIn.user.name, email: signedIn.user.email } : null,
    accounts: accountsOfUser,
  };
}

export const meta: MetaFunction = () => [{ title: "Portico — customer portals for support teams" }];

export default function DashboardFront() {
  const t = useDashboardTranslate();
  const { systemDomain, user, accounts } = useLoaderData<typeof loader>();
  // Signed out, the product's headline is the page's heading; signed in, the welcome is.
  const Heading = user ? "h2" : "h1";
  return (
    <DashboardShell user={user}>
      {user ? (
        <section aria-labelledby="your-accounts">
          <h1 id="your-accounts">Welcome, {user.name}</h1>
          <ul>
            {accounts.map((account) => (
              <li key={account.slug}>
                <Link to={`/a/${account.slug}`}>{account.name}</Link>{" "}
                <span className="muted">({account.role})</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/sign-up">{t("signUp.another")}</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="intro">
        <Heading id="intro">Customer portals for support teams</Heading>
        <p className="lead">
          Give your customers one secure place to open, follow and answer their support tickets — on
          your own domain, in your customers' language.
        </p>
        {user ? null : (
          <p>
            <Link className="button" to="/sign-up">
              {t("signUp.cta")}
            </Link>
          </p>
        )}
        <section aria-labelledby="setup">
          <h2 id="setup">Set up a portal in four steps</h2>
          <ol className="steps">
            <li>
              <strong>Name your portal.</strong> The name is the browser-tab title your customers
              see once they are signed in.
            </li>
            <li>
              <strong>Connect a domain.</strong> Start on your own address under{" "}
              <code>{systemDomain}</code>, or connect a domain of yours through DNS. The portal
              speaks the domain's primary language. Portals on a system domain send no access-group
              emails.
            </li>
            <li>
              <strong>Set up your tickets.</strong> Choose the inbox that receives new tickets and
              whether customers see their own tickets or all of their company's.
            </li>
            <li>
              <strong>Configure access.</strong> Let anyone with a ticket register, or only the
              members of your access groups.
            </li>
          </ol>
        </section>
        <section aria-labelledby="then">
          <h2 id="then">Then work the tickets</h2>
          <p>
            Customer replies from the portal appear in your help desk at once; internal notes never
            leave it.
          </p>
        </section>
      </section>
    </DashboardShell>
  );
}
