import { useRouteLoaderData } from "@remix-run/react";
import { translator } from "../lib/i18n";
import type { PortalLayoutData } from "./$slug";

export default function PortalHome() {
  const data = useRouteLoaderData<PortalLayoutData>("routes/$slug");
  if (!data) return null;
  const { language, portal } = data;
  const t = translator(language);
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
      <p>{t("portal.home.signInHint", { portal: portal.name })}</p>
    </>
  );
}
