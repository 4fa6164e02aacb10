import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { listDevMailbox, requireDevMailbox, utc } from "../lib/email/dev-mailbox.server";
import stylesheet from "../styles/dev-mailbox.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = () => [{ title: "Dev mailbox — Portico" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const cursor = new URL(request.url).searchParams.get("cursor");
  const page = await listDevMailbox(context.db, { cursor, limit: 25 });
  return {
    isFirstPage: !cursor,
    nextCursor: page.nextCursor,
    emails: page.entries.map((entry) => ({
      id: entry.id,
      recipient: entry.recipient,
      subject: entry.subject,
      kind: entry.kind,
      status: entry.status,
      createdAt: utc(entry.createdAt),
    })),
  };
}

export default function DevMailbox() {
  const { emails, nextCursor, isFirstPage } = useLoaderData<typeof loader>();
  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <span className="dashboard-brand">Portico</span>
      </header>
      <main id="main" className="dashboard-main dev-mailbox">
        <h1>Dev mailbox</h1>
        <p className="dev-mailbox-note">
          Without <code>RESEND_API_KEY</code>, nothing leaves this machine: every email the app
          sends lands here, newest first. Local development only.
        </p>
        {emails.length === 0 ? (
          <p>No emails yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <td>{email.createdAt}</td>
                  <td>{email.recipient}</td>
                  <td>
                    <Link to={`/dev/mailbox/${email.id}`}>{email.subject || "(no subject)"}</Link>
                  </td>
                  <td>{email.kind}</td>
                  <td>{email.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav className="dev-mailbox-pager" aria-label="Pages">
          {isFirstPage ? null : <Link to="/dev/mailbox">Newest</Link>}
          {nextCursor ? (
            <Link to={`/dev/mailbox?cursor=${encodeURIComponent(nextCursor)}`}>Older</Link>
          ) : null}
        </nav>
      </main>
    </div>
  );
}
