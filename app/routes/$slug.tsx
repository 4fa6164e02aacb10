import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, Outlet, useLoaderData } from "@remix-run/react";
import { getPortalContact } from "../lib/auth/guards.server";
import { portalLanguage } from "../lib/i18n";
import { useTranslate } from "../lib/i18n/page";
import { safeAccentColor } from "../lib/portals/branding";
import type { PortalLayoutData } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs): Promise<PortalLayoutData> {
  const { account, domain, portal } = requirePortal(context);
  const signedIn = await getPortalContact(request, context);
  return {
    language: portalLanguage(domain.primaryLanguage),
    timeZone: account.timeZone,
    contact: signedIn ? { name: signedIn.contact.name } : null,
    portal: {
      name: portal.name,
      slug: portal.slug,
      logoUrl: portal.logoUrl,
      // Rendered by the root, in <head>.
      accentColor: safeAccentColor(portal.accentColor),
      knowledgeBaseUrl: portal.knowledgeBaseUrl,
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.portal.name }] : [];

export default function PortalLayout() {
  const { portal, contact } = useLoaderData<typeof loader>();
  const t = useTranslate();
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        {t("portal.skipToContent")}
      </a>
      <header className="portal-header">
        {/* A document request: the root's data URL `/{slug}.data` would travel without the
            portal's cookie (Path=/{slug}), so the root is never loaded client-side. */}
        <a className="portal-brand" href={`/${portal.slug}`}>
          {portal.logoUrl ? <img src={portal.logoUrl} alt="" height={32} /> : null}
          <span>{portal.name}</span>
        </a>
        <nav aria-label={t("portal.account")} className="portal-nav">
          {portal.knowledgeBaseUrl ? (
            <a href={portal.knowledgeBaseUrl}>{t("portal.knowledgeBase")}</a>
          ) : null}
          {contact ? (
            <>
              <Link to={`/${portal.slug}/tickets`}>{t("portal.tickets")}</Link>
              <Link to={`/${portal.slug}/profile`}>{t("portal.profile")}</Link>
              <span>{t("portal.signedInAs", { name: contact.name })}</span>
              <Form method="post" action={`/${portal.slug}/sign-out`}>
                <button type="submit" className="link-button">
                  {t("portal.signOut")}
                </button>
              </Form>
            </>
          ) : (
            <Link to={`/${portal.slug}/sign-in`}>{t("portal.signIn")}</Link>
          )}
        </nav>
      </header>
      <main id="main" className="portal-main">
        <Outlet />
      </main>
      <footer className="portal-footer">
        <p>{t("portal.footer", { portal: portal.name })}</p>
      </footer>
    </div>
  );
}
