// The inline styles of a dev mailbox email, as the stylesheet its frame loads (see
// extractInlineStyles for why).
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import {
  extractInlineStyles,
  getDevEmail,
  requireDevMailbox,
} from "../lib/email/dev-mailbox.server";
import { notFound } from "../lib/tenancy/guards.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const email = await getDevEmail(context.db, params.id ?? "");
  if (!email) throw notFound();
  return new Response(extractInlineStyles(email.html).css, {
    headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-store" },
  });
}
