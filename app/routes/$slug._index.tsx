import { type LoaderFunctionArgs, redirect } from "@remix-run/cloudflare";
import { Link } from "@remix-run/react";
import { getPortalContact, portalLanding } from "../lib/auth/guards.server";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePortal(context);
  // Signed-in customers come for their tickets.
  if (await getPortalContact(request, context)) throw redirect(portalLanding(context));
  return null;
}

export default function PortalHome() {
  const { portal, t } = usePortal();
  return (
    <>
      <h1>{portal.name}</h1>
      <p className="lead">{t("portal.home.intro")}</p>
      <section aria-labelledby="what-you-can-do">
        <h2 id="what-you-can-do">{t("portal.home.whatYouCanDo")}</h2>
        <ul className="feature-list">
          <li>{t("portal.home.open")}</li>
          <li>{t("portal.home.follow")}</li>
          <li>{t("portal.home.reply")}</li>
        </ul>
      </section>
      <p>
        <Link className="button" to={`/${portal.slug}/sign-in`}>
          {t("portal.signIn")}
        </Link>{" "}
        {t("portal.home.signInPrompt")}
      </p>
      <p>{t("portal.home.signInHint", { portal: portal.name })}</p>
    </>
  );
}
