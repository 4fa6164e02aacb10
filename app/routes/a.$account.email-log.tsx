import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { EmailStatus } from "../../db/schema";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { listEmailLog } from "../lib/email/log.server";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Email log · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const page = await listEmailLog(args.context.db, account.id, { cursor });
  return { page, first: !cursor };
}

export default function EmailLog() {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const { page, first } = useLoaderData<typeof loader>();
  const dates = dateTimeFormatter("en", account.timeZone);
  return (
    <>
      <h1>{t("emailLog.title")}</h1>
      <p>{t("emailLog.intro")}</p>
      {page.entries.length === 0 ? (
        <p className="empty">{t("emailLog.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("emailLog.when")}</th>
              <th scope="col">{t("emailLog.kind")}</th>
              <th scope="col">{t("emailLog.recipient")}</th>
              <th scope="col">{t("emailLog.status")}</th>
              <th scope="col">{t("emailLog.attempts")}</th>
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
                  {t(`emailLog.status.${entry.status as EmailStatus}`)}
                  {entry.reason ? <span className="muted"> ({entry.reason})</span> : null}
                </td>
                <td>{entry.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label={t("emailLog.pages")}>
        {first ? null : <Link to=".">{t("emailLog.newest")}</Link>}
        {page.nextCursor ? (
          <Link to={`?${new URLSearchParams({ cursor: page.nextCursor })}`}>
            {t("emailLog.older")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}
