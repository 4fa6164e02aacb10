import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce";
import { CATALOGS, portalLanguage, textDirection, translatorFor } from "./lib/i18n";
import {
  DASHBOARD_CATALOG,
  type DashboardTranslate,
  dashboardTranslator,
} from "./lib/i18n/dashboard";
import type { PageLanguage } from "./lib/i18n/page";
import { usePortalLayout } from "./lib/portals/layout";
import { usePreviewAccent } from "./lib/portals/preview";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesheet },
];

export async function loader({ context }: LoaderFunctionArgs): Promise<PageLanguage> {
  // The dashboard is English; a portal speaks its domain's primary language.
  const language =
    context.surface === "portal" ? portalLanguage(context.domain?.primaryLanguage) : "en";
  // The one catalog the page speaks: the browser never downloads the other languages.
  return {
    language,
    dir: textDirection(language),
    messages: CATALOGS[language],
    dashboard: context.surface === "dashboard" ? DASHBOARD_CATALOG : null,
  };
}

/** The error page's title, in the document's head like every other title. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (!error) return [];
  const { title, status } = errorText(error);
  if (!data || (status === 403 && !data.dashboard)) return [{ title: String(status) }];
  return [{ title: errorTranslator(data)(title) }];
};

function errorText(error: unknown) {
  if (isRouteErrorResponse(error) && error.status === 404) {
    return { status: 404, title: "error.notFound.title", body: "error.notFound.body" } as const;
  }
  // Only the dashboard refuses by role; a portal has no 403 to give.
  if (isRouteErrorResponse(error) && error.status === 403) {
    return { status: 403, title: "error.forbidden.title", body: "error.forbidden.body" } as const;
  }
  return { status: 500, title: "error.unexpected.title", body: "error.unexpected.body" } as const;
}

/** The translator for the error page: the dashboard's catalogs there, the portal's elsewhere. */
function errorTranslator(data: PageLanguage): DashboardTranslate {
  // A 403 reaches this only on the dashboard (checked by the callers), where its keys exist.
  return data.dashboard
    ? dashboardTranslator(data.messages, data.dashboard)
    : (translatorFor(data.language, data.messages) as DashboardTranslate);
}

/**
 * Inside a portal, its accent colour; on a dashboard page with a portal's preview, the preview's.
 * A rule in <head> (HTML allows <style> nowhere else) with the response's nonce (the CSP allows no
 * inline style attributes). The element is always there, so a client-side navigation changes only
 * its text and the nonce the server gave it still covers it.
 */
function PortalAccent({ nonce }: { nonce: string }) {
  const portal = usePortalLayout()?.portal;
  const preview = usePreviewAccent();
  const rule = portal
    ? `:root { --accent: ${portal.accentColor}; }`
    : preview
      ? `.portal-preview { --accent: ${preview}; }`
      : "";
  return <style nonce={nonce}>{rule}</style>;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang={data?.language ?? "en"} dir={data?.dir ?? "ltr"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <PortalAccent nonce={nonce} />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const text = errorText(error);
  if (text.status === 500) console.error(error);
  if (!data || (text.status === 403 && !data.dashboard)) {
    // Without the root's data there is no catalog to speak from: the status alone.
    return (
      <main className="error-page">
        <h1>{text.status}</h1>
      </main>
    );
  }
  const t = errorTranslator(data);
  return (
    <main className="error-page">
      <h1>{t(text.title)}</h1>
      <p>{t(text.body)}</p>
    </main>
  );
}
