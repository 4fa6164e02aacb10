import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { domains, emailLog, portals, teamInvites } from "../../db/schema";
import { resendVerification } from "../lib/accounts/verification.server";
import { countEmailRequest } from "../lib/auth/email-request.server";
import { clientIp } from "../lib/auth/rate-limit.server";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref, useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle, EVERYONE, roleAllows } from "../lib/dashboard/roles";
import { dateTimeFormatter } from "../lib/i18n";
import { type DashboardKey, useDashboardTranslate } from "../lib/i18n/dashboard";
import { localPortOf, portalUrl } from "../lib/portals/urls";

export const handle: DashboardHandle = { roles: EVERYONE };

export const meta: MetaFunction = () => [{ title: "Home · Portico" }];

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export async function loader(args: LoaderFunctionArgs) {
  const { user, account, role } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const now = Date.now();
  const [failed, invites, rows] = await Promise.all([
    db
      .select({ n: count() })
      .from(emailLog)
      .where(
        and(
          eq(emailLog.accountId, account.id),
          eq(emailLog.status, "failed"),
          gt(emailLog.createdAt, now - WEEK_MS),
        ),
      )
      .get(),
    db
      .select({ n: count() })
      .from(teamInvites)
      .where(
        and(
          eq(teamInvites.accountId, account.id),
          isNull(teamInvites.acceptedAt),
          isNull(teamInvites.revokedAt),
          gt(teamInvites.expiresAt, now),
        ),
      )
      .get(),
    db
      .select({
        id: portals.id,
        name: portals.name,
        slug: portals.slug,
        status: portals.status,
        hostname: domains.hostname,
      })
      .from(portals)
      .innerJoin(
        domains,
        and(eq(domains.id, portals.domainId), eq(domains.accountId, portals.accountId)),
      )
      .where(eq(portals.accountId, account.id))
      .orderBy(portals.name),
  ]);
  const localPort = localPortOf(args.request);
  return {
    unverifiedEmail: user.emailVerifiedAt === null ? user.email : null,
    admin: roleAllows(role, ADMINS),
    failedEmails: failed?.n ?? 0,
    pendingInvites: invites?.n ?? 0,
    drafts: rows.filter((row) => row.status === "draft").length,
    portals: rows
      .filter((row) => row.status !== "draft")
      .map((row) => ({ ...row, url: portalUrl(row.hostname, row.slug, localPort) })),
  };
}

/** "Send the link again" from the notice to a user whose address is not verified yet. */
export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { request, context } = args;
  const counted = await countEmailRequest(context.db, context.config, {
    ip: clientIp(request),
    scope: "users",
    email: user.email,
  });
  if (!counted.allowed) return data({ retryAt: counted.retryAt }, 429);
  await resendVerification({ db: context.db, env: context.env }, account.id, user);
  return redirect(`${accountPath(account)}?verification=sent`);
}

function counted(
  t: ReturnType<typeof useDashboardTranslate>,
  base: "home.failedEmails" | "home.draftPortals" | "home.pendingInvites",
  count: number,
) {
  const form = new Intl.PluralRules("en").select(count) === "one" ? "one" : "other";
  return t(`${base}.${form}` as DashboardKey, { count });
}

export default function AccountHome() {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const href = useAccountHref();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const {
    unverifiedEmail,
    admin,
    failedEmails,
    pendingInvites,
    drafts,
    portals: live,
  } = useLoaderData<typeof loader>();
  const attention = admin
    ? [
        failedEmails > 0
          ? {
              key: "failed",
              text: counted(t, "home.failedEmails", failedEmails),
              to: href("/email-log"),
            }
          : null,
        drafts > 0
          ? { key: "drafts", text: counted(t, "home.draftPortals", drafts), to: href("/portals") }
          : null,
        pendingInvites > 0
          ? {
              key: "invites",
              text: counted(t, "home.pendingInvites", pendingInvites),
              to: href("/team"),
            }
          : null,
      ].filter((item) => item !== null)
    : [];
  return (
    <>
      <h1>{t("home.title", { account: account.name })}</h1>
      {unverifiedEmail ? (
        <VerificationNotice
          email={unverifiedEmail}
          sent={searchParams.get("verification") === "sent"}
          retryAt={actionData?.retryAt ?? null}
        />
      ) : null}
      <section aria-labelledby="attention">
        <h2 id="attention">{t("home.attention")}</h2>
        {attention.length === 0 ? (
          <p>{t("home.nothing")}</p>
        ) : (
          <ul>
            {attention.map((item) => (
              <li key={item.key}>
                <Link to={item.to}>{item.text}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="portals">
        <h2 id="portals">{t("home.portals")}</h2>
        {live.length === 0 ? <p>{t("home.noPortals")}</p> : null}
        {live.length > 0 ? (
          <ul>
            {live.map((portal) => (
              <li key={portal.id}>
                {portal.name} — <a href={portal.url}>{portal.url}</a>
              </li>
            ))}
          </ul>
        ) : null}
        {admin ? (
          <p>
            <Link className="button" to={href("/portals/new/name")}>
              {t("home.setUpPortal")}
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

function VerificationNotice({
  email,
  sent,
  retryAt,
}: {
  email: string;
  sent: boolean;
  retryAt: number | null;
}) {
  const t = useDashboardTranslate();
  const time = retryAt ? `${dateTimeFormatter("en", "UTC").dateTime(retryAt)} UTC` : "";
  return (
    <section aria-labelledby="verify-email" className="notice">
      <h2 id="verify-email">{t("verify.title")}</h2>
      <p>{t("verify.notice", { email })}</p>
      {sent ? <p role="status">{t("verify.sent", { email })}</p> : null}
      <div role="alert">
        {retryAt ? <p className="form-error">{t("emailRequest.rateLimited", { time })}</p> : null}
      </div>
      <Form method="post">
        <button type="submit" className="button secondary">
          {t("verify.sendAgain")}
        </button>
      </Form>
    </section>
  );
}
