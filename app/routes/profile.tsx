import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { clearedCookie } from "../lib/auth/cookies";
import { dashboardCookieScope, requireSignedInUser } from "../lib/auth/guards.server";
import { passwordProblem } from "../lib/auth/password-policy";
import { clientIp } from "../lib/auth/rate-limit.server";
import { EmailSchema, PasswordSchema } from "../lib/forms/schemas";
import { dateTimeFormatter } from "../lib/i18n";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requestEmailChange } from "../lib/profile/email-change.server";
import {
  changeUserPassword,
  disableTwoFactor,
  endAllSessions,
  endSession,
  renameUser,
  securityHistory,
  userAccounts,
  userSessions,
} from "../lib/profile/profile.server";
import { requireDashboardHost } from "../lib/tenancy/guards.server";
import { SecondFactorCodeSchema } from "../lib/two-factor/forms";
import { twoFactorStatus } from "../lib/two-factor/two-factor.server";

const NameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(200, "form.tooLong.name");

const ProfileSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("name"), name: NameSchema }),
  z.object({ intent: z.literal("email"), email: EmailSchema, password: PasswordSchema }),
  z.object({ intent: z.literal("password"), current: PasswordSchema, next: PasswordSchema }),
  z.object({ intent: z.literal("end-session"), sessionId: z.string().max(100) }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
  z.object({
    intent: z.literal("disable-two-factor"),
    password: PasswordSchema,
    code: SecondFactorCodeSchema,
  }),
]);

type Intent = z.infer<typeof ProfileSchema>["intent"];
const INTENTS: Intent[] = [
  "name",
  "email",
  "password",
  "end-session",
  "sign-out-everywhere",
  "disable-two-factor",
];
const SECRET_FIELDS = ["current", "next", "password", "code"];

const DONE = {
  name: "me.done.name",
  password: "me.done.password",
  session: "me.done.session",
  "email-requested": "me.done.emailRequested",
  email: "me.done.email",
  "two-factor-off": "me.done.twoFactorOff",
} as const;

export const meta: MetaFunction = () => [{ title: "Your profile · Portico" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const { user, session } = await requireSignedInUser(request, context);
  const [accounts, sessions, twoFactor, history] = await Promise.all([
    userAccounts(context.db, user.id),
    userSessions(context.db, user.id),
    twoFactorStatus(context.db, user.id),
    securityHistory(context.db, user.id),
  ]);
  return {
    user: { name: user.name, email: user.email },
    currentSessionId: session.id,
    accounts,
    sessions,
    twoFactor,
    history,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const { user, session } = await requireSignedInUser(request, context);
  const submission = parseWithZod(await request.formData(), {
    schema: ProfileSchema.superRefine((value, ctx) => {
      if (value.intent !== "password") return;
      const problem = passwordProblem(value.next, user.email);
      if (problem) ctx.addIssue({ code: "custom", path: ["next"], message: problem });
    }),
  });
  const typed = String(submission.payload.intent);
  const intent = INTENTS.find((known) => known === typed) ?? "name";
  if (submission.status !== "success") {
    return data(
      { intent, result: submission.reply({ hideFields: SECRET_FIELDS }), retryAt: null },
      400,
    );
  }
  const value = submission.value;
  const ip = clientIp(request);
  switch (value.intent) {
    case "name":
      await renameUser(context.db, user.id, value.name);
      return redirect("/profile?done=name");
    case "email": {
      const outcome = await requestEmailChange(context, context.config, user, {
        email: value.email,
        password: value.password,
        ip,
      });
      if (outcome.ok) return redirect("/profile?done=email-requested");
      const reply: { fieldErrors?: Record<string, string[]>; formErrors?: string[] } =
        outcome.error === "me.email.same"
          ? { fieldErrors: { email: [outcome.error] } }
          : outcome.error === "signIn.invalid"
            ? { fieldErrors: { password: ["profile.password.wrong"] } }
            : { formErrors: [outcome.error] };
      return refused(intent, submission.reply({ ...reply, hideFields: SECRET_FIELDS }), outcome);
    }
    case "end-session":
      await endSession(context.db, user.id, value.sessionId);
      if (value.sessionId === session.id) return signedOut(request, context);
      return redirect("/profile?done=session");
    case "sign-out-everywhere":
      await endAllSessions(context.db, user.id);
      return signedOut(request, context);
    case "password": {
      const outcome = await changeUserPassword(context.db, context.config, user, session.id, {
        current: value.current,
        next: value.next,
        ip,
      });
      if (outcome === "changed") return redirect("/profile?done=password");
      const error = outcome.error === "signIn.invalid" ? "profile.password.wrong" : outcome.error;
      return refused(
        intent,
        submission.reply({ fieldErrors: { current: [error] }, hideFields: SECRET_FIELDS }),
        outcome,
      );
    }
    case "disable-two-factor": {
      const outcome = await disableTwoFactor(context.db, context.config, user, {
        password: value.password,
        code: value.code,
        ip,
      });
      if (outcome === "disabled") return redirect("/profile?done=two-factor-off");
      const error = outcome.error === "signIn.invalid" ? "twoFactor.disableInvalid" : outcome.error;
      return refused(
        intent,
        submission.reply({ formErrors: [error], hideFields: SECRET_FIELDS }),
        outcome,
      );
    }
  }
}

function refused(
  intent: Intent,
  result: SubmissionResult<string[]>,
  outcome: { error: string; retryAt?: number },
) {
  return data(
    { intent, result, retryAt: outcome.retryAt ?? null },
    outcome.error === "signIn.rateLimited" ? 429 : 400,
  );
}

function signedOut(request: Request, context: ActionFunctionArgs["context"]) {
  return redirect("/sign-in?signedOut=1", {
    headers: { "Set-Cookie": clearedCookie(dashboardCookieScope(request, context)) },
  });
}

export default function Profile() {
  const t = useDashboardTranslate();
  const { user, currentSessionId, accounts, sessions, twoFactor, history } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const doneParam = searchParams.get("done") ?? "";
  const done = Object.hasOwn(DONE, doneParam) ? DONE[doneParam as keyof typeof DONE] : null;
  const format = dateTimeFormatter("en", "UTC");
  const lastFor = (intent: Intent) =>
    actionData?.intent === intent ? actionData.result : undefined;
  const retryAt = actionData?.retryAt;
  const time = retryAt ? `${format.dateTime(retryAt)} UTC` : "";
  const [nameForm, nameFields] = useForm<{ intent: string; name: string }>({
    id: "name",
    lastResult: lastFor("name"),
    defaultValue: { name: user.name },
  });
  const [emailForm, emailFields] = useForm<{ intent: string; email: string; password: string }>({
    id: "email",
    lastResult: lastFor("email"),
  });
  const [passwordForm, passwordFields] = useForm<{ intent: string; current: string; next: string }>(
    { id: "password", lastResult: lastFor("password") },
  );
  const [disableForm, disableFields] = useForm<{ intent: string; password: string; code: string }>({
    id: "disable-two-factor",
    lastResult: lastFor("disable-two-factor"),
  });
  return (
    <DashboardShell user={user}>
      <h1>{t("me.title")}</h1>
      {done ? (
        <p role="status" className="notice">
          {t(done)}
        </p>
      ) : null}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("me.details")}</h2>
        <Form method="post" {...getFormProps(nameForm)} className="stack">
          <input type="hidden" name="intent" value="name" />
          <FormErrors id={nameForm.errorId} errors={nameForm.errors} t={t} />
          <Field
            meta={nameFields.name}
            label={t("me.name")}
            type="text"
            autoComplete="name"
            t={t}
          />
          <button type="submit" className="button">
            {t("me.saveName")}
          </button>
        </Form>
        <p>{t("me.email", { email: user.email })}</p>
        <h3>{t("me.email.title")}</h3>
        <Form method="post" {...getFormProps(emailForm)} className="stack">
          <input type="hidden" name="intent" value="email" />
          <FormErrors id={emailForm.errorId} errors={emailForm.errors} t={t} values={{ time }} />
          <Field
            meta={emailFields.email}
            label={t("me.email.new")}
            type="email"
            autoComplete="email"
            hint={t("me.email.hint")}
            t={t}
          />
          <Field
            meta={emailFields.password}
            label={t("me.email.password")}
            type="password"
            autoComplete="current-password"
            t={t}
            values={{ time }}
          />
          <button type="submit" className="button">
            {t("me.email.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("me.password.title")}</h2>
        <Form method="post" {...getFormProps(passwordForm)} className="stack">
          <input type="hidden" name="intent" value="password" />
          <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} t={t} />
          <Field
            meta={passwordFields.current}
            label={t("me.password.current")}
            type="password"
            autoComplete="current-password"
            t={t}
            values={{ time }}
          />
          <Field
            meta={passwordFields.next}
            label={t("me.password.new")}
            type="password"
            autoComplete="new-password"
            hint={t("setPassword.hint", { min: 8 })}
            t={t}
          />
          <button type="submit" className="button">
            {t("me.password.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t("twoFactor.title")}</h2>
        {twoFactor.enabledAt ? (
          <>
            <p>
              {t("twoFactor.on", {
                time: `${format.dateTime(twoFactor.enabledAt)} UTC`,
                count: twoFactor.recoveryCodesLeft,
              })}
            </p>
            <h3>{t("twoFactor.disable.title")}</h3>
            <Form method="post" {...getFormProps(disableForm)} className="stack">
              <input type="hidden" name="intent" value="disable-two-factor" />
              <FormErrors
                id={disableForm.errorId}
                errors={disableForm.errors}
                t={t}
                values={{ time }}
              />
              <Field
                meta={disableFields.password}
                label={t("twoFactor.password")}
                type="password"
                autoComplete="current-password"
                t={t}
              />
              <Field
                meta={disableFields.code}
                label={t("twoFactor.code")}
                type="text"
                autoComplete="one-time-code"
                hint={t("twoFactor.code.hint")}
                t={t}
              />
              <button type="submit" className="button secondary">
                {t("twoFactor.disable.submit")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <p>{t("twoFactor.off")}</p>
            <p>
              <Link to="/profile/two-factor" className="button">
                {t("twoFactor.setUpLink")}
              </Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("me.sessions.title")}</h2>
        <table className="sessions">
          <caption className="muted">{t("me.sessions.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("me.sessions.signedIn")}</th>
              <th scope="col">{t("me.sessions.expires")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("me.sessions.action")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((row) => (
              <tr key={row.id}>
                <td>
                  {row.id === currentSessionId
                    ? t("me.sessions.this", { time: `${format.dateTime(row.createdAt)} UTC` })
                    : `${format.dateTime(row.createdAt)} UTC`}
                </td>
                <td>{format.dateTime(row.expiresAt)} UTC</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="end-session" />
                    <input type="hidden" name="sessionId" value={row.id} />
                    <button type="submit" className="link-button">
                      {t("me.sessions.signOut")}
                      <span className="visually-hidden">
                        {` ${t("me.sessions.signOutWhich", { time: `${format.dateTime(row.createdAt)} UTC` })}`}
                      </span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="button secondary">
            {t("me.sessions.everywhere")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t("me.accounts.title")}</h2>
        {accounts.length === 0 ? (
          <p>{t("me.accounts.none")}</p>
        ) : (
          <ul>
            {accounts.map((account) => (
              <li key={account.slug}>
                <Link to={`/a/${account.slug}`}>{account.name}</Link>{" "}
                <span className="muted">({t(`dashboard.role.${account.role}`)})</span>
                {account.requireTwoFactor ? ` · ${t("me.accounts.requires")}` : ""}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/profile/help-desk">{t("deskPrefs.link")}</Link>
        </p>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("me.history.title")}</h2>
        {history.length === 0 ? (
          <p>{t("me.history.none")}</p>
        ) : (
          <ul>
            {history.map((entry) => (
              <li key={`${entry.createdAt}-${entry.event}`}>
                {`${format.dateTime(entry.createdAt)} UTC: ${t(`me.history.${entry.event}`)}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </DashboardShell>
  );
}
