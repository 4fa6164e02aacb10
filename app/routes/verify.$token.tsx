import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { DashboardShell } from "../components/dashboard-shell";
import { verifyEmail } from "../lib/accounts/verification.server";
import { getDashboardUser } from "../lib/auth/guards.server";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { requireDashboardHost } from "../lib/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Verify your email address · Portico" }];

// Following the emailed link is the whole act: the link proves the mailbox, whoever is signed in.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireDashboardHost(context);
  const [verified, signedIn] = await Promise.all([
    verifyEmail(context.db, params.token),
    getDashboardUser(request, context),
  ]);
  const user = signedIn ? { name: signedIn.user.name, email: signedIn.user.email } : null;
  if (!verified) return data({ user, email: null }, 410);
  return { user, email: verified.email };
}

export default function Verify() {
  const t = useDashboardTranslate();
  const { user, email } = useLoaderData<typeof loader>();
  return (
    <DashboardShell user={user}>
      <h1>{t("verify.title")}</h1>
      {email ? (
        <>
          <p role="status" className="notice">
            {t("verify.done", { email })}
          </p>
          <p>
            <Link to="/">{t("verify.continue")}</Link>
          </p>
        </>
      ) : (
        <p>{t("verify.invalid")}</p>
      )}
    </DashboardShell>
  );
}
