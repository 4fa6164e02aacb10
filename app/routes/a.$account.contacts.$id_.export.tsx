// A contact's data as a JSON download (their right of access), recorded in the audit log.
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { auditEntry } from "../lib/audit/audit.server";
import { getContact } from "../lib/contacts/contacts.server";
import { exportContactData } from "../lib/contacts/data-rights.server";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export async function loader(args: LoaderFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const contact = await getContact(db, account.id, args.params.id ?? "");
  if (!contact) throw notFound();
  const exported = await exportContactData(db, account.id, contact);
  await auditEntry(db, {
    accountId: account.id,
    actorUserId: user.id,
    action: "contact.export",
    target: contact.id,
  });
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="contact-${contact.id}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
