import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/cloudflare";
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
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesheet },
];

export async function loader({ context }: LoaderFunctionArgs) {
  // The dashboard is English; a portal speaks its domain's primary language.
  const language =
    context.surface === "portal" ? portalLanguage(context.domain?.primaryLanguage) : "en";
  // The one catalog the page speaks: the browser never downloads the other languages.
  return { language, dir: textDirection(language), messages: CATALOGS[language] };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

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
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  if (!data) {
    // Without the root's data there is no catalog to speak from: the status alone.
    return (
      <main className="error-page">
        <h1>{notFound ? 404 : 500}</h1>
      </main>
    );
  }
  const t = translatorFor(data.language, data.messages);
  return (
    <main className="error-page">
      <title>{t(notFound ? "error.notFound.title" : "error.unexpected.title")}</title>
      <h1>{t(notFound ? "error.notFound.title" : "error.unexpected.title")}</h1>
      <p>{t(notFound ? "error.notFound.body" : "error.unexpected.body")}</p>
    </main>
  );
}
