import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { memberships, users } from "../../db/schema";
import { auditActions, listAudit } from "../lib/audit/audit.server";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Audit log · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const params = new URL(args.request.url).searchParams;
  const [actions, team] = await Promise.all([
    auditActions(db, account.id),
    db
      .select({ id: users.id, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.accountId, account.id))
      .orderBy(users.name),
  ]);
  // A filter value the account does not have is no filter, never a way to probe other accounts.
  const action = actions.find((known) => known === params.get("action")) ?? null;
  const actor = team.find((member) => member.id === params.get("actor"))?.id ?? null;
  const cursor = params.get("cursor");
  const page = await listAudit(db, account.id, { action, actorUserId: actor, cursor });
  return { actions, team, action, actor, page, first: !cursor };
}

function show(values: Record<string, unknown>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return "—";
  return entries
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("; ");
}

export default function AuditLog() {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const { actions, team, action, actor, page, first } = useLoaderData<typeof loader>();
  const dates = dateTimeFormatter("en", account.timeZone);
  const filter = new URLSearchParams();
  if (action) filter.set("action", action);
  if (actor) filter.set("actor", actor);
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="action">{t("audit.filterAction")}</label>
          <select id="action" name="action" defaultValue={action ?? ""}>
            <option value="">{t("audit.any")}</option>
            {actions.map((known) => (
              <option key={known} value={known}>
                {known}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="actor">{t("audit.filterActor")}</label>
          <select id="actor" name="actor" defaultValue={actor ?? ""}>
            <option value="">{t("audit.any")}</option>
            {team.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("audit.filter")}
        </button>
      </Form>
      {page.entries.length === 0 ? (
        <p className="empty">{t("audit.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.who")}</th>
              <th scope="col">{t("audit.what")}</th>
              <th scope="col">{t("audit.target")}</th>
              <th scope="col">{t("audit.change")}</th>
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
                <td>{entry.actorName ?? t("audit.system")}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.target ?? "—"}</td>
                <td>
                  {show(entry.before)} → {show(entry.after)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label={t("audit.pages")}>
        {first ? null : <Link to={`?${filter}`}>{t("audit.newest")}</Link>}
        {page.nextCursor ? (
          <Link to={`?${new URLSearchParams([...filter, ["cursor", page.nextCursor]])}`}>
            {t("audit.older")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}
