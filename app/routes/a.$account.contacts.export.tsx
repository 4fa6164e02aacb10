// The contact list as CSV, with the list's filters: streamed a page at a time, so a large account
// never needs the whole list in memory.
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { allContacts, companyOptions } from "../lib/contacts/contacts.server";
import { csvRow } from "../lib/contacts/csv";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { type DashboardHandle, EVERYONE } from "../lib/dashboard/roles";

export const handle: DashboardHandle = { roles: EVERYONE };

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { db } = args.context;
  const params = new URL(args.request.url).searchParams;
  const companies = await companyOptions(db, account.id);
  const companyId = companies.find((company) => company.id === params.get("company"))?.id ?? null;
  const q = params.get("q")?.slice(0, 200) ?? "";
  const pages = allContacts(db, account.id, { q, companyId });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(
          csvRow(["name", "email", "membership_email", "company", "job_title", "properties"]),
        ),
      );
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value
        .map((contact) =>
          csvRow([
            contact.name,
            contact.email,
            contact.membershipEmail,
            contact.companyName,
            contact.jobTitle,
            JSON.stringify(contact.properties),
          ]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="contacts-${account.slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
