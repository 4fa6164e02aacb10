import type { AppLoadContext } from "@remix-run/cloudflare";

/** The one "not found" every route throws: a foreign id looks exactly like a missing one. */
export function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

/** The portal this request was resolved to; anywhere else (the dashboard host) it is a 404. */
export function requirePortal(context: AppLoadContext) {
  const { surface, account, domain, portal } = context;
  if (surface !== "portal" || !account || !domain || !portal) throw notFound();
  return { account, domain, portal };
}

/** Dashboard routes exist only on the dashboard host. */
export function requireDashboardHost(context: AppLoadContext): void {
  if (context.surface !== "dashboard") throw notFound();
}
