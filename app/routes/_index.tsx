import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export async function loader({ context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  return { systemDomain: context.config.systemDomains[0] ?? "" };
}

export const meta: MetaFunction = () => [{ title: "Portico — customer portals for support teams" }];

export default function DashboardFront() {
  const { systemDomain } = useLoaderData<typeof loader>();
  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <span className="dashboard-brand">Portico</span>
      </header>
      <main id="main" className="dashboard-main">
        <h1>Customer portals for support teams</h1>
        <p className="lead">
          Give your customers one secure place to open, follow and answer their support tickets — on
          your own domain, in your customers' language.
        </p>
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
      </main>
    </div>
  );
}
