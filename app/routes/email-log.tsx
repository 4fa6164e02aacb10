import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { inArray } from "drizzle-orm";
import { accounts } from "../../db/schema";
import { DashboardShell } from "../components/dashboard-shell";
import { requireDashboardUser } from "../lib/auth/guards.server";
import { listEmailLog } from "../lib/email/log.server";
import { dateTimeFormatter } from "../lib/i18n";
import { notFound } from "../lib/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Email log · Portico" }];

const STATUS_TEXT: Record<string, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  skipped: "Skipped",
  failed: "Failed",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, memberships } = await requireDashboardUser(request, context, {
    role: ["owner", "admin"],
  });
  const url = new URL(request.url);
  const mine = await context.db
    .select({
      id: accounts.id,
      name: accounts.name,
      slug: accounts.slug,
      timeZone: accounts.timeZone,
    })
    .from(accounts)
    .where(
      inArray(
        accounts.id,
        memberships.map((membership) => membership.accountId),
      ),
    )
    .orderBy(accounts.name);
  // Only an account the user administers; any other slug is a page that does not exist.
  const wanted = url.searchParams.get("account");
  const account = wanted ? mine.find((candidate) => candidate.slug === wanted) : mine[0];
  if (!account) throw notFound();
  const page = await listEmailLog(context.db, account.id, {
    cursor: url.searchParams.get("cursor"),
  });
  return {
    user: { name: user.name, email: user.email },
    accounts: mine.map(({ name, slug }) => ({ name, slug })),
    account: { name: account.name, slug: account.slug, timeZone: account.timeZone },
    page,
    first: !url.searchParams.get("cursor"),
  };
}

export default function EmailLog() {
  const { user, accounts: mine, account, page, first } = useLoaderData<typeof loader>();
  const dates = dateTimeFormatter("en", account.timeZone);
  return (
    <DashboardShell user={user}>
      <h1>Email log · {account.name}</h1>
      <p>
        Every email Portico was asked to send for this account, newest first. Access-group emails
        for portals on a system domain are skipped, never sent.
      </p>
      {mine.length > 1 ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="account">Account</label>
            <select id="account" name="account" defaultValue={account.slug}>
              {mine.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Show
          </button>
        </Form>
      ) : null}
      {page.entries.length === 0 ? (
        <p className="empty">No emails yet.</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Recipient</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={dates.iso(entry.createdAt)}>
                    {dates.dateTime(entry.createdAt)}
                  </time>
                </td>
                <td>{entry.kind.replaceAll("_", " ")}</td>
                <td>{entry.recipient ?? "—"}</td>
                <td>
                  {STATUS_TEXT[entry.status] ?? entry.status}
                  {entry.reason ? <span className="muted"> ({entry.reason})</span> : null}
                </td>
                <td>{entry.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label="Email log pages">
        {first ? null : <Link to={`?account=${account.slug}`}>Newest emails</Link>}
        {page.nextCursor ? (
          <Link to={`?${new URLSearchParams({ account: account.slug, cursor: page.nextCursor })}`}>
            Older emails
          </Link>
        ) : null}
      </nav>
    </DashboardShell>
  );
}
