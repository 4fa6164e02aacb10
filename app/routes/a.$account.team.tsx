import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  getSelectProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorList, Field, FormErrors } from "../components/field";
import { forbidden, requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountLayout } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { dateTimeFormatter } from "../lib/i18n";
import { type DashboardTranslate, useDashboardTranslate } from "../lib/i18n/dashboard";
import { TEAM_INTENTS, TeamFormSchema, type TeamIntent, teamFormId } from "../lib/team/forms";
import {
  inviteTeammate,
  listPendingInvites,
  resendInvite,
  revokeInvite,
} from "../lib/team/invites.server";
import {
  changeRole,
  findTeammate,
  listTeammates,
  removeTeammate,
  transferOwnership,
} from "../lib/team/members.server";
import { inviteState, type TeamAction, teamProblem } from "../lib/team/rules";
import { teamTwoFactor } from "../lib/two-factor/requirement.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Team · Portico" }];

const DONE = ["invited", "resent", "revoked", "role", "removed", "transferred"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const [teammates, invites, twoFactor] = await Promise.all([
    listTeammates(db, account.id),
    listPendingInvites(db, account.id),
    teamTwoFactor(db, account.id),
  ]);
  const withTwoFactor = new Set(twoFactor.filter((row) => row.twoFactor).map((row) => row.userId));
  const now = Date.now();
  return {
    me: user.id,
    teammates: teammates.map((teammate) => ({
      ...teammate,
      twoFactor: withTwoFactor.has(teammate.userId),
    })),
    invites: invites.map((invite) => ({
      ...invite,
      expired: inviteState(invite, now) === "expired",
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, account, role } = await requireAccountMember(args, handle);
  const { db, env, config } = args.context;
  const formData = await args.request.formData();
  // Only the owner transfers ownership: a 403 whatever else the form says.
  if (formData.get("intent") === "transfer" && role !== "owner") throw forbidden();
  const submission = parseWithZod(formData, { schema: TeamFormSchema });
  const intent: TeamIntent =
    TEAM_INTENTS.find((known) => known === submission.payload.intent) ?? "invite";
  const rowOf = submission.payload.userId ?? submission.payload.inviteId;
  const formId = teamFormId(
    intent,
    intent === "invite" || intent === "transfer" || typeof rowOf !== "string" ? undefined : rowOf,
  );
  const reject = (errors?: { form?: string; field?: Record<string, string[]> }) =>
    data(
      {
        formId,
        result: submission.reply({
          formErrors: errors?.form ? [errors.form] : undefined,
          fieldErrors: errors?.field,
        }),
      },
      400,
    );
  if (submission.status !== "success") return reject();
  const done = (what: (typeof DONE)[number]) => redirect(`/a/${account.slug}/team?done=${what}`);
  const by = { account, actorUserId: user.id };
  const value = submission.value;

  switch (value.intent) {
    case "invite": {
      const outcome = await inviteTeammate(
        { db, env },
        { ...by, email: value.email, role: value.role, ttlMs: config.teamInviteTtlMs },
      );
      return outcome.ok ? done("invited") : reject({ field: { email: [outcome.error] } });
    }
    case "resend": {
      const resent = await resendInvite(
        { db, env },
        { ...by, inviteId: value.inviteId, ttlMs: config.teamInviteTtlMs },
      );
      return resent ? done("resent") : reject({ form: "team.invite.gone" });
    }
    case "revoke": {
      const revoked = await revokeInvite(db, { ...by, inviteId: value.inviteId });
      return revoked ? done("revoked") : reject({ form: "team.invite.gone" });
    }
    case "role":
    case "remove":
    case "transfer": {
      const teamAction: TeamAction =
        value.intent === "role"
          ? { kind: "changeRole", role: value.role }
          : value.intent === "remove"
            ? { kind: "remove" }
            : { kind: "transferOwnership" };
      const teammate = await findTeammate(db, account.id, value.userId);
      const problem = teamProblem(teamAction, {
        actor: { userId: user.id, role },
        target: teammate,
      });
      if (problem === "forbidden") throw forbidden();
      if (problem || !teammate) {
        const message = problem ?? "team.member.gone";
        return value.intent === "transfer"
          ? reject({ field: { userId: [message] } })
          : reject({ form: message });
      }
      if (value.intent === "role") {
        const changed = await changeRole(db, { ...by, teammate, role: value.role });
        return changed ? done("role") : reject({ form: "team.changed" });
      }
      if (value.intent === "remove") {
        const removed = await removeTeammate(db, { ...by, teammate });
        return removed ? done("removed") : reject({ form: "team.changed" });
      }
      const owner = await findTeammate(db, account.id, user.id);
      const transferred =
        owner !== null && (await transferOwnership(db, { ...by, owner, teammate }));
      return transferred ? done("transferred") : reject({ form: "team.changed" });
    }
  }
}

type ActionData = { formId: string; result: SubmissionResult<string[]> };

/** The action's answer when it was about this form, so each form shows only its own errors. */
function resultFor(actionData: ActionData | undefined, formId: string) {
  return actionData?.formId === formId ? actionData.result : undefined;
}

export default function Team() {
  const t = useDashboardTranslate();
  const { account } = useAccountLayout();
  const { me, teammates, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const done = DONE.find((what) => what === searchParams.get("done"));
  const dates = dateTimeFormatter("en", account.timeZone);
  const admins = teammates.filter((teammate) => teammate.role === "admin");
  return (
    <>
      <h1>{t("team.title")}</h1>
      <p>{t("team.intro")}</p>
      {done ? (
        <p role="status" className="notice">
          {t(`team.done.${done}`)}
        </p>
      ) : null}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("team.members")}</h2>
        <table className="tickets">
          <thead>
            <tr>
              <th scope="col">{t("team.name")}</th>
              <th scope="col">{t("team.email")}</th>
              <th scope="col">{t("team.role")}</th>
              <th scope="col">{t("team.twoFactor")}</th>
              <th scope="col">{t("team.joined")}</th>
              <th scope="col">{t("team.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {teammates.map((teammate) => (
              <tr key={teammate.userId}>
                <td>
                  {teammate.name}
                  {teammate.userId === me ? ` ${t("team.you")}` : null}
                </td>
                <td>{teammate.email}</td>
                <td>{t(`dashboard.role.${teammate.role}`)}</td>
                <td>{t(teammate.twoFactor ? "team.twoFactor.on" : "team.twoFactor.off")}</td>
                <td>
                  <time dateTime={dates.iso(teammate.joinedAt)}>
                    {dates.date(teammate.joinedAt)}
                  </time>
                </td>
                <td>
                  {teammate.role === "owner" || teammate.userId === me ? null : (
                    <MemberActions teammate={teammate} actionData={actionData} t={t} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="invites-heading">
        <h2 id="invites-heading">{t("team.invites")}</h2>
        {invites.length === 0 ? (
          <p className="empty">{t("team.invites.empty")}</p>
        ) : (
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("team.email")}</th>
                <th scope="col">{t("team.role")}</th>
                <th scope="col">{t("team.invitedBy")}</th>
                <th scope="col">{t("team.expires")}</th>
                <th scope="col">{t("team.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {invites.map((invite) => (
                <tr key={invite.id}>
                  <td>{invite.email}</td>
                  <td>{t(`dashboard.role.${invite.role}`)}</td>
                  <td>{invite.invitedBy ?? "—"}</td>
                  <td>
                    {invite.expired ? (
                      t("team.expired")
                    ) : (
                      <time dateTime={dates.iso(invite.expiresAt)}>
                        {dates.dateTime(invite.expiresAt)}
                      </time>
                    )}
                  </td>
                  <td>
                    <InviteActions invite={invite} actionData={actionData} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <InviteForm actionData={actionData} t={t} />

      {account.role === "owner" ? (
        <TransferForm admins={admins} actionData={actionData} t={t} />
      ) : null}
    </>
  );
}

type FormProps = { actionData: ActionData | undefined; t: DashboardTranslate };

function RoleSelect({
  meta,
  label,
  t,
  hint,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  t: DashboardTranslate;
  hint?: string;
}) {
  const select = getSelectProps(meta, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={`${meta.id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select
        {...select}
        key={select.key}
        aria-describedby={
          [select["aria-describedby"], hint ? `${meta.id}-hint` : undefined]
            .filter(Boolean)
            .join(" ") || undefined
        }
      >
        <option value="admin">{t("dashboard.role.admin")}</option>
        <option value="agent">{t("dashboard.role.agent")}</option>
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}

function MemberActions({
  teammate,
  actionData,
  t,
}: FormProps & { teammate: { userId: string; name: string; role: string } }) {
  const roleId = teamFormId("role", teammate.userId);
  const removeId = teamFormId("remove", teammate.userId);
  const [roleForm, roleFields] = useForm<{ intent: string; userId: string; role: string }>({
    id: roleId,
    lastResult: resultFor(actionData, roleId),
    defaultValue: { role: teammate.role },
  });
  const [removeForm] = useForm<{ intent: string; userId: string }>({
    id: removeId,
    lastResult: resultFor(actionData, removeId),
  });
  return (
    <div className="stack">
      <Form method="post" {...getFormProps(roleForm)} className="filters">
        <input type="hidden" name="intent" value="role" />
        <input type="hidden" name="userId" value={teammate.userId} />
        <RoleSelect
          meta={roleFields.role}
          label={t("team.roleOf", { name: teammate.name })}
          t={t}
        />
        <button type="submit" className="button secondary">
          {t("team.changeRole")}
        </button>
      </Form>
      <FormErrors id={roleForm.errorId} errors={roleForm.errors} t={t} />
      <Form method="post" {...getFormProps(removeForm)}>
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="userId" value={teammate.userId} />
        <button type="submit" className="button secondary">
          {t("team.remove")} <span className="visually-hidden">{teammate.name}</span>
        </button>
      </Form>
      <FormErrors id={removeForm.errorId} errors={removeForm.errors} t={t} />
    </div>
  );
}

function InviteActions({
  invite,
  actionData,
  t,
}: FormProps & { invite: { id: string; email: string } }) {
  const resendId = teamFormId("resend", invite.id);
  const revokeId = teamFormId("revoke", invite.id);
  const [resendForm] = useForm<{ intent: string; inviteId: string }>({
    id: resendId,
    lastResult: resultFor(actionData, resendId),
  });
  const [revokeForm] = useForm<{ intent: string; inviteId: string }>({
    id: revokeId,
    lastResult: resultFor(actionData, revokeId),
  });
  const which = t("team.invitationFor", { email: invite.email });
  return (
    <div className="actions">
      <Form method="post" {...getFormProps(resendForm)}>
        <input type="hidden" name="intent" value="resend" />
        <input type="hidden" name="inviteId" value={invite.id} />
        <button type="submit" className="button secondary">
          {t("team.resend")} <span className="visually-hidden">{which}</span>
        </button>
        <FormErrors id={resendForm.errorId} errors={resendForm.errors} t={t} />
      </Form>
      <Form method="post" {...getFormProps(revokeForm)}>
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="inviteId" value={invite.id} />
        <button type="submit" className="button secondary">
          {t("team.revoke")} <span className="visually-hidden">{which}</span>
        </button>
        <FormErrors id={revokeForm.errorId} errors={revokeForm.errors} t={t} />
      </Form>
    </div>
  );
}

function InviteForm({ actionData, t }: FormProps) {
  const formId = teamFormId("invite");
  const [form, fields] = useForm<{ intent: string; email: string; role: string }>({
    id: formId,
    lastResult: resultFor(actionData, formId),
    defaultValue: { role: "agent" },
  });
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("team.invite.title")}</h2>
      <p>{t("team.invite.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="invite" />
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <Field meta={fields.email} label={t("team.email")} type="email" autoComplete="off" t={t} />
        <RoleSelect meta={fields.role} label={t("team.role")} t={t} />
        <button type="submit" className="button">
          {t("team.invite.submit")}
        </button>
      </Form>
    </section>
  );
}

function TransferForm({
  admins,
  actionData,
  t,
}: FormProps & { admins: { userId: string; name: string; email: string }[] }) {
  const formId = teamFormId("transfer");
  const [form, fields] = useForm<{ intent: string; userId: string; confirm: string }>({
    id: formId,
    lastResult: resultFor(actionData, formId),
  });
  const select = getSelectProps(fields.userId, { ariaAttributes: true });
  return (
    <section aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t("team.transfer.title")}</h2>
      <p>{t("team.transfer.intro")}</p>
      {admins.length === 0 ? (
        <p className="empty">{t("team.transfer.noAdmins")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="transfer" />
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <div className="field">
            <label htmlFor={fields.userId.id}>{t("team.transfer.to")}</label>
            <select {...select} key={select.key}>
              <option value="">{t("team.transfer.placeholder")}</option>
              {admins.map((admin) => (
                <option key={admin.userId} value={admin.userId}>
                  {admin.name} ({admin.email})
                </option>
              ))}
            </select>
            <ErrorList id={fields.userId.errorId} errors={fields.userId.errors} t={t} />
          </div>
          <div className="checkbox">
            <input
              {...getInputProps(fields.confirm, { type: "checkbox", value: "on" })}
              key={fields.confirm.key}
            />
            <label htmlFor={fields.confirm.id}>{t("team.transfer.confirmLabel")}</label>
          </div>
          <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} t={t} />
          <button type="submit" className="button">
            {t("team.transfer.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
