import { Link } from "@remix-run/react";
import { usePortal } from "../components/portal";

export default function PortalHome() {
  const { portal, contact, t } = usePortal();
  return (
    <>
      <h1>{portal.name}</h1>
      {contact ? <p className="lead">{t("portal.home.welcome", { name: contact.name })}</p> : null}
      <p className="lead">{t("portal.home.intro")}</p>
      <section aria-labelledby="what-you-can-do">
        <h2 id="what-you-can-do">{t("portal.home.whatYouCanDo")}</h2>
        <ul className="feature-list">
          <li>{t("portal.home.open")}</li>
          <li>{t("portal.home.follow")}</li>
          <li>{t("portal.home.reply")}</li>
        </ul>
      </section>
      {contact ? null : (
        <p>
          <Link className="button" to={`/${portal.slug}/sign-in`}>
            {t("portal.signIn")}
          </Link>{" "}
          {t("portal.home.signInPrompt")}
        </p>
      )}
      <p>{t("portal.home.signInHint", { portal: portal.name })}</p>
    </>
  );
}
