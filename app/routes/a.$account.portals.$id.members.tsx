import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormErrors } from "../components/field";
import { clientIp } from "../lib/auth/rate-limit.server";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { siteUrl } from "../lib/email/links";
import { dateTimeFormatter } from "../lib/i18n";
import { type DashboardKey, useDashboardTranslate } from "../lib/i18n/dashboard";
import {
  MEMBER_ACTIONS,
  type MemberAction,
  type MemberStatus,
  type PortalMember,
  SEARCH_MAX_LENGTH,
} from "../lib/portals/members";
import { actOnMember, findPortalMember, listPortalMembers } from "../lib/portals/members.server";
import { requirePagePortal } from "../lib/portals/queries.server";
import { localPortOf } from "../lib/portals/urls";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Members · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const { portal, domain } = await requirePagePortal(args, account.id);
  const params = new URL(args.request.url).searchParams;
  const search = (params.get("q") ?? "").trim().slice(0, SEARCH_MAX_LENGTH);
  const cursor = params.get("cursor");
  const page = await listPortalMembers(db, portal, { search, cursor });
  return {
    accessMode: portal.accessMode,
    systemDomain: domain.kind === "system",
    search,
    first: !cursor,
    ...page,
  };
}

const ActionSchema = z.object({
  intent: z.enum(MEMBER_ACTIONS, { error: "members.error.invalid" }),
  member: z
    .string({ error: "members.error.invalid" })
    .regex(/^[\w-]{1,100}$/, "members.error.invalid"),
});

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { request, context } = args;
  const { portal, domain } = await requirePagePortal(args, account.id);
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), memberId: null, done: null }, 400);
  }
  const member = await findPortalMember(context.db, portal, submission.value.member);
  if (!member) throw notFound();
  const outcome = await actOnMember(
    {
      db: context.db,
      queue: context.env.EMAIL_QUEUE,
      config: context.config,
      account,
      portal,
      domain,
      actorUserId: user.id,
      ip: clientIp(request),
    },
    member,
    submission.value.intent,
  );
  const memberId = member.contactId;
  if (!outcome.ok) {
    const retryAt = "retryAt" in outcome ? outcome.retryAt : null;
    return data(
      { result: submission.reply({ formErrors: [outcome.error] }), memberId, done: null, retryAt },
      retryAt === null ? 400 : 429,
    );
  }
  const inviteLink =
    outcome.action === "invite" && !outcome.emailed
      ? {
          url: siteUrl(domain.hostname, [portal.slug, "join", outcome.token], localPortOf(request)),
          reason: outcome.reason,
        }
      : null;
  return data({
    result: submission.reply({ resetForm: true }),
    memberId,
    done: { action: outcome.action, inviteLink },
  });
}

const STATUS_LABELS: Record<MemberStatus, DashboardKey> = {
  not_invited: "members.status.not_invited",
  pending: "members.status.pending",
  accepted: "members.status.accepted",
  failed: "members.status.failed",
  revoked: "members.status.revoked",
};

const DONE: Record<Exclude<MemberAction, "invite">, DashboardKey> = {
  password_reset: "members.done.password_reset",
  revoke: "members.done.revoke",
  restore: "members.done.restore",
};

type ActionData = ReturnType<typeof useActionData<typeof action>>;

export default function PortalMembers() {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const { accessMode, systemDomain, search, first, members, nextCursor } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const dates = dateTimeFormatter("en", account.timeZone);
  const groups = accessMode === "access_groups";
  // A form no row made (no valid member or action): its messages go above the list, once each.
  const strayErrors =
    actionData && actionData.memberId === null
      ? [...new Set(Object.values(actionData.result.error ?? {}).flatMap((list) => list ?? []))]
      : undefined;
  const query = new URLSearchParams(search ? { q: search } : {});
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">{t("members.title")}</h2>
      <p>{t(groups ? "members.intro.access_groups" : "members.intro.anyone_with_ticket")}</p>
      {groups && systemDomain ? <p className="notice">{t("members.systemDomain")}</p> : null}
      <FormErrors id="members-errors" errors={strayErrors} t={t} />
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="members-search">{t("members.search")}</label>
          <input
            id="members-search"
            type="search"
            name="q"
            defaultValue={search}
            maxLength={SEARCH_MAX_LENGTH}
          />
        </div>
        <button type="submit" className="button">
          {t("members.searchButton")}
        </button>
        {search ? <Link to="?">{t("members.showAll")}</Link> : null}
      </Form>
      {members.length === 0 ? (
        <p className="empty">{search ? t("members.noMatch", { search }) : t("members.empty")}</p>
      ) : (
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.email")}</th>
              {groups ? <th scope="col">{t("members.accessGroups")}</th> : null}
              <th scope="col">{t("members.status")}</th>
              <th scope="col">{t("members.lastSignIn")}</th>
              <th scope="col">{t("members.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.contactId}>
                <th scope="row">{member.name}</th>
                <td>{member.signInEmail}</td>
                {groups ? (
                  <td>
                    {member.accessGroups.length
                      ? member.accessGroups.join(", ")
                      : t("members.none")}
                  </td>
                ) : null}
                <td>
                  <span className={`badge member-${member.status}`}>
                    {t(STATUS_LABELS[member.status])}
                  </span>
                </td>
                <td>
                  {member.lastSignInAt ? (
                    <time dateTime={dates.iso(member.lastSignInAt)}>
                      {dates.dateTime(member.lastSignInAt)}
                    </time>
                  ) : (
                    t("members.never")
                  )}
                </td>
                <td>
                  <MemberActions
                    member={member}
                    actionData={actionData?.memberId === member.contactId ? actionData : null}
                    dateTime={dates.dateTime}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label={t("members.pages")}>
        {first ? null : <Link to={`?${query}`}>{t("members.first")}</Link>}
        {nextCursor ? (
          <Link to={`?${new URLSearchParams([...query, ["cursor", nextCursor]])}`}>
            {t("members.next")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}

function MemberActions({
  member,
  actionData,
  dateTime,
}: {
  member: PortalMember;
  actionData: ActionData | null;
  dateTime: (ms: number) => string;
}) {
  const t = useDashboardTranslate();
  const navigation = useNavigation();
  const busy = navigation.formData?.get("member") === member.contactId;
  const id = `member-${member.contactId}`;
  const errors = actionData?.result.error?.[""] ?? undefined;
  const retryAt = actionData && "retryAt" in actionData ? actionData.retryAt : null;
  const done = actionData?.done ?? null;
  const label = (action: MemberAction): DashboardKey => {
    if (action === "invite") {
      return member.status === "not_invited" ? "members.action.invite" : "members.action.reinvite";
    }
    return `members.action.${action}`;
  };
  return (
    <>
      <div className="actions">
        {member.actions.map((action) => (
          <Form method="post" key={action}>
            <input type="hidden" name="member" value={member.contactId} />
            <button
              type="submit"
              name="intent"
              value={action}
              className="button secondary"
              disabled={busy}
            >
              {t(label(action))}
              <span className="visually-hidden"> {t("members.for", { name: member.name })}</span>
            </button>
          </Form>
        ))}
      </div>
      {errors?.length ? (
        <FormErrors
          id={`${id}-errors`}
          errors={errors}
          t={t}
          values={{ time: retryAt ? dateTime(retryAt) : "" }}
        />
      ) : null}
      {done ? (
        <div role="status">
          {done.action !== "invite" ? (
            <p className="notice">
              {t(DONE[done.action], { name: member.name, email: member.signInEmail })}
            </p>
          ) : done.inviteLink ? (
            <div className="field">
              <p>
                {t(
                  done.inviteLink.reason === "skipped: system domain"
                    ? "members.noEmail.system"
                    : "members.noEmail.domain",
                )}
              </p>
              <label htmlFor={`${id}-link`}>{t("members.inviteLink", { name: member.name })}</label>
              <p id={`${id}-link-hint`} className="field-hint">
                {t("members.inviteLinkHint", { name: member.name })}
              </p>
              <input
                id={`${id}-link`}
                type="text"
                readOnly
                value={done.inviteLink.url}
                aria-describedby={`${id}-link-hint`}
              />
            </div>
          ) : (
            <p className="notice">{t("members.done.invite", { email: member.signInEmail })}</p>
          )}
        </div>
      ) : null}
    </>
  );
}
