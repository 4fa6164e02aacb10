// A file of one of the account's tickets, notes' files included, for the account's members.
// Signed out, another account's, a pending or a made-up id: the same 404.
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { serveDownload } from "../lib/attachments/download.server";
import { attachmentId } from "../lib/attachments/ids";
import { agentDownload } from "../lib/attachments/store.server";
import { getDashboardUser } from "../lib/auth/guards.server";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";
import { notFound } from "../lib/tenancy/guards.server";
import { ticketNumberParam } from "../lib/tickets/params";

export const handle: DashboardHandle = { roles: EVERYONE };

export async function loader(args: LoaderFunctionArgs) {
  const { request, params, context } = args;
  // A file's URL answers nobody signed out, not even with a sign-in page.
  if (!(await getDashboardUser(request, context))) throw notFound();
  const { account } = await requireAccountMember(args, handle);
  const number = ticketNumberParam(params.number);
  const id = attachmentId(params.id);
  if (number === null || id === null) throw notFound();
  const file = await agentDownload(context.db, account.id, number, id);
  if (!file) throw notFound();
  return serveDownload(context.env.ATTACHMENTS, file, request);
}
