import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import {
  devEmailStylesheetPath,
  framedEmail,
  getDevEmail,
  requireDevMailbox,
  utc,
} from "../lib/email/dev-mailbox.server";
import { notFound } from "../lib/tenancy/guards.server";
import stylesheet from "../styles/dev-mailbox.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.email.subject ?? "Email"} — Dev mailbox` },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const email = await getDevEmail(context.db, params.id ?? "");
  if (!email) throw notFound();
  return {
    email: {
      id: email.id,
      recipient: email.recipient,
      subject: email.subject,
      kind: email.kind,
      status: email.status,
      providerId: email.providerId,
      createdAt: utc(email.createdAt),
      srcDoc: framedEmail(email.html, devEmailStylesheetPath(email.id)),
      text: email.text,
    },
  };
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/;

/** The text part with its links clickable. */
function LinkedText({ text }: { text: string }) {
  let offset = 0;
  // split() with a capture group puts the links at the odd indexes; offsets make stable keys.
  const parts = text.split(URL_PATTERN).map((part, index) => {
    const key = offset;
    offset += part.length;
    return { key, part, isLink: index % 2 === 1 };
  });
  return (
    <>
      {parts.map(({ key, part, isLink }) =>
        isLink ? (
          <a key={key} href={part} target="_blank" rel="noreferrer">
            {part}
          </a>
        ) : (
          <Fragment key={key}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function DevMailboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <span className="dashboard-brand">Portico</span>
      </header>
      <main id="main" className="dashboard-main dev-mailbox">
        <p>
          <Link to="/dev/mailbox">Back to the dev mailbox</Link>
        </p>
        <h1>{email.subject || "(no subject)"}</h1>
        <dl className="dev-mailbox-meta">
          <dt>To</dt>
          <dd>{email.recipient}</dd>
          <dt>Received</dt>
          <dd>{email.createdAt}</dd>
          <dt>Kind</dt>
          <dd>{email.kind}</dd>
          <dt>Status</dt>
          <dd>
            {email.status} ({email.providerId})
          </dd>
        </dl>
        <h2>HTML</h2>
        <iframe
          className="dev-mailbox-frame"
          title={`The email: ${email.subject ?? ""}`}
          // No scripts and an opaque origin; links may open a tab of their own.
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={email.srcDoc}
        />
        <h2>Text</h2>
        <pre className="dev-mailbox-text">
          {email.text ? <LinkedText text={email.text} /> : "(no text part)"}
        </pre>
      </main>
    </div>
  );
}
