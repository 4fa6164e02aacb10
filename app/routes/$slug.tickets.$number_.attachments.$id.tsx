// A file of a ticket's public message, for a contact who may see the ticket (the portal's rule,
// as on the ticket page). Signed out, another contact's, another account's, a note's, a pending or
// a made-up id: the same 404. A resource route: the worker only, never a link to R2.
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { serveDownload } from "../lib/attachments/download.server";
import { attachmentId } from "../lib/attachments/ids";
import { portalDownload } from "../lib/attachments/store.server";
import { getPortalContact } from "../lib/auth/guards.server";
import { notFound, requirePortal } from "../lib/tenancy/guards.server";
import { ticketNumberParam } from "../lib/tickets/params";
import { visibleTicketId } from "../lib/tickets/queries.server";
import { ticketViewer } from "../lib/tickets/visibility";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { account, portal } = requirePortal(context);
  const number = ticketNumberParam(params.number);
  const id = attachmentId(params.id);
  const signedIn = await getPortalContact(request, context);
  if (!signedIn || number === null || id === null) throw notFound();
  const visible = visibleTicketId(account.id, ticketViewer(portal, signedIn.contact), number);
  const file = await portalDownload(context.db, account.id, visible, id);
  if (!file) throw notFound();
  return serveDownload(context.env.ATTACHMENTS, file, request);
}
