import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DashboardShell } from "../components/dashboard-shell";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { checkEmailChangeLink, confirmEmailChange } from "../lib/profile/email-change.server";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Confirm your new email address · Portico" }];

// Opening the link only asks; the change takes a press of the button, so a mail scanner that
// fetches every link in an email changes nothing.
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const link = await checkEmailChangeLink(context.db, params.token);
  if (!link) return data({ email: null }, 410);
  return { email: link.email };
}

export async function action({ params, context }: ActionFunctionArgs) {
  requireDashboardHost(context);
  const link = await checkEmailChangeLink(context.db, params.token);
  if (!link) return data({ taken: false }, 410);
  const outcome = await confirmEmailChange(context.db, link);
  if (outcome === "changed") return redirect("/profile?done=email");
  return data({ taken: outcome === "taken" }, outcome === "taken" ? 409 : 410);
}

export default function ConfirmEmailChange() {
  const t = useDashboardTranslate();
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problem = actionData
    ? actionData.taken
      ? "me.emailLink.taken"
      : "me.emailLink.invalid"
    : email
      ? null
      : "me.emailLink.invalid";
  return (
    <DashboardShell user={null}>
      <h1>{t("me.emailLink.title")}</h1>
      {problem ? (
        <>
          <p role="alert">{t(problem)}</p>
          <p>
            <Link to="/profile">{t("twoFactor.setUp.back")}</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="stack">
          <p>{t("me.emailLink.text", { email: email ?? "" })}</p>
          <button type="submit" className="button">
            {t("me.emailLink.submit")}
          </button>
        </Form>
      )}
    </DashboardShell>
  );
}
