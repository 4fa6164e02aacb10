// A teammate's invitation link (/join/{token}) on the dashboard host. New to Portico: name and
// password make their user and membership at once. With a user for the address already: sign in as
// that user, then accept with one button. A used, expired, revoked or garbled link is one 410 page.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { DashboardShell } from "../components/dashboard-shell";
import { Field, FormErrors } from "../components/field";
import { sessionCookie } from "../lib/auth/cookies";
import { dashboardCookieScope, getDashboardUser } from "../lib/auth/guards.server";
import { hashPassword } from "../lib/auth/password";
import { passwordProblem } from "../lib/auth/password-policy";
import { createDashboardSession } from "../lib/auth/sessions.server";
import { newId } from "../lib/db/ids";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { JoinFormSchema } from "../lib/team/forms";
import {
  type FoundInvite,
  findOpenInvite,
  joinAsNewUser,
  joinAsUser,
} from "../lib/team/invites.server";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Join a team · Portico" }];

type SignedIn = Awaited<ReturnType<typeof getDashboardUser>>;

/** What the page offers: a new sign-in, accepting as the signed-in user, or signing in first. */
function modeOf(found: FoundInvite, signedIn: SignedIn) {
  if (!found.existingUserId) return "create" as const;
  if (!signedIn) return "signIn" as const;
  return signedIn.user.id === found.existingUserId ? ("accept" as const) : ("otherUser" as const);
}

const spentPage = () => data({ invite: null, user: null, mode: null }, 410);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const found = await findOpenInvite(context.db, params.token);
  if (!found) return spentPage();
  const signedIn = await getDashboardUser(request, context);
  return data({
    invite: {
      email: found.invite.email,
      role: found.invite.role,
      accountName: found.account.name,
      invitedBy: found.invitedBy ?? found.account.name,
    },
    user: signedIn ? { name: signedIn.user.name, email: signedIn.user.email } : null,
    mode: modeOf(found, signedIn),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const { db } = context;
  const found = await findOpenInvite(db, params.token);
  if (!found) return data({ result: undefined }, 410);
  const here = `/join/${params.token}`;
  const signedIn = await getDashboardUser(request, context);
  const mode = modeOf(found, signedIn);
  const submission = parseWithZod(await request.formData(), {
    schema: JoinFormSchema.superRefine((value, ctx) => {
      if (value.intent !== "create") return;
      const problem = passwordProblem(value.password, found.invite.email);
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    }),
  });
  // A form for another state of the page (someone signed in or made the user meanwhile): show it again.
  if (submission.payload.intent !== (mode === "create" ? "create" : "accept")) {
    throw redirect(here);
  }
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, 400);
  }
  const home = `/a/${found.account.slug}`;
  if (submission.value.intent === "accept") {
    if (mode !== "accept" || !signedIn) throw redirect(here);
    const outcome = await joinAsUser(db, found, signedIn.user);
    if (!outcome.ok) return data({ result: undefined }, 410);
    return redirect(home);
  }
  const userId = newId("usr");
  const outcome = await joinAsNewUser(db, found, {
    userId,
    name: submission.value.name,
    passwordHash: await hashPassword(submission.value.password),
  });
  if (!outcome.ok) {
    if (outcome.error === "userExists") throw redirect(here);
    return data({ result: undefined }, 410);
  }
  const session = await createDashboardSession(db, {
    userId,
    host: context.config.dashboardHost,
  });
  return redirect(home, {
    headers: {
      "Set-Cookie": sessionCookie(dashboardCookieScope(request, context), session.token),
    },
  });
}

export default function Join() {
  const t = useDashboardTranslate();
  const { invite, user, mode } = useLoaderData<typeof loader>();
  const { token } = useParams();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ intent: string; name: string; password: string }>({
    lastResult: actionData?.result,
  });
  const spent = !invite || !mode || (actionData && !actionData.result);
  if (spent) {
    return (
      <DashboardShell user={user}>
        <h1>{t("join.invalid.title")}</h1>
        <p>{t("join.invalid.body")}</p>
      </DashboardShell>
    );
  }
  const role = t(`dashboard.role.${invite.role}`).toLowerCase();
  return (
    <DashboardShell user={user}>
      <h1>{t("join.title", { account: invite.accountName })}</h1>
      <p>
        {t("join.invitation", { inviter: invite.invitedBy, account: invite.accountName, role })}
      </p>
      {mode === "create" ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="create" />
          <p>{t("join.newUser")}</p>
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <div className="field">
            <label htmlFor="join-email">{t("join.email")}</label>
            <input id="join-email" type="email" value={invite.email} readOnly />
          </div>
          <Field meta={fields.name} label={t("join.name")} type="text" autoComplete="name" t={t} />
          <Field
            meta={fields.password}
            label={t("join.password")}
            type="password"
            autoComplete="new-password"
            hint={t("setPassword.hint", { min: 8 })}
            t={t}
          />
          <button type="submit" className="button">
            {t("join.create")}
          </button>
        </Form>
      ) : null}
      {mode === "signIn" ? (
        <>
          <p>{t("join.signInFirst", { email: invite.email })}</p>
          <p>
            <Link
              className="button"
              to={`/sign-in?redirectTo=${encodeURIComponent(`/join/${token}`)}`}
            >
              {t("join.signIn")}
            </Link>
          </p>
        </>
      ) : null}
      {mode === "otherUser" && user ? (
        <p>{t("join.otherUser", { email: invite.email, current: user.email })}</p>
      ) : null}
      {mode === "accept" ? (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="accept" />
          <FormErrors id={form.errorId} errors={form.errors} t={t} />
          <button type="submit" className="button">
            {t("join.accept", { account: invite.accountName })}
          </button>
        </Form>
      ) : null}
    </DashboardShell>
  );
}
