// Companies of an account: the list, the form's write, and a company's contacts and tickets.
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { companies, contacts, tickets } from "../../../db/schema";
import { audited, changes } from "../audit/audit.server";
import type { Actor } from "../contacts/contacts.server";
import { newId } from "../db/ids";
import { noControlCharacters } from "../forms/schemas";

export const COMPANIES_PAGE_SIZE = 50;

export const CompanySchema = z.object({
  name: z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .max(200, "form.tooLong.name")
    .refine(noControlCharacters, "form.invalidCharacters"),
  webDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, "companies.error.webDomain")
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "companies.error.webDomain")
    .optional()
    .transform((value) => value ?? null),
});

export type CompanyValues = z.output<typeof CompanySchema>;

function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function after(accountId: string, cursor: string | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${companies.name}, ${companies.id}) > (select c.name, c.id from companies c
    where c.id = ${cursor.slice(0, 100)} and c.account_id = ${accountId})`;
}

export async function listCompanies(
  db: Database,
  accountId: string,
  filter: { q?: string | null; cursor?: string | null },
) {
  const q = filter.q?.trim().toLowerCase().slice(0, 200);
  const rows = await db
    .select({
      id: companies.id,
      name: companies.name,
      webDomain: companies.webDomain,
      contacts: sql<number>`(select count(*) from contacts c
        where c.account_id = ${accountId} and c.primary_company_id = ${companies.id})`,
    })
    .from(companies)
    .where(
      and(
        eq(companies.accountId, accountId),
        q ? sql`lower(${companies.name}) like ${containing(q)} escape '\\'` : undefined,
        after(accountId, filter.cursor),
      ),
    )
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(COMPANIES_PAGE_SIZE + 1);
  const page = rows.slice(0, COMPANIES_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    companies: page,
    nextCursor: rows.length > COMPANIES_PAGE_SIZE && last ? last.id : null,
  };
}

export async function getCompany(db: Database, accountId: string, companyId: string) {
  return (
    (await db
      .select()
      .from(companies)
      .where(and(eq(companies.id, companyId), eq(companies.accountId, accountId)))
      .get()) ?? null
  );
}

export async function createCompany(db: Database, actor: Actor, values: CompanyValues) {
  const id = newId("cmp");
  await audited(db, { ...actor, action: "company.create", target: values.name, after: values }, [
    db.insert(companies).values({ id, accountId: actor.accountId, ...values }),
  ]);
  return id;
}

export async function updateCompany(
  db: Database,
  actor: Actor,
  company: NonNullable<Awaited<ReturnType<typeof getCompany>>>,
  values: CompanyValues,
) {
  await audited(
    db,
    {
      ...actor,
      action: "company.update",
      target: values.name,
      ...changes({ name: company.name, webDomain: company.webDomain }, values),
    },
    [
      db
        .update(companies)
        .set(values)
        .where(and(eq(companies.id, company.id), eq(companies.accountId, actor.accountId))),
    ],
  );
}

/** The company's contacts (primary company) and its tickets, newest activity first. */
export async function companyOverview(db: Database, accountId: string, companyId: string) {
  const [contactRows, ticketRows] = await Promise.all([
    db
      .select({ id: contacts.id, name: contacts.name, email: contacts.email })
      .from(contacts)
      .where(
        and(
          eq(contacts.accountId, accountId),
          eq(contacts.primaryCompanyId, companyId),
          eq(contacts.placeholder, false),
        ),
      )
      .orderBy(asc(contacts.name), asc(contacts.id))
      .limit(200),
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        requester: contacts.name,
      })
      .from(tickets)
      .innerJoin(
        contacts,
        and(eq(contacts.id, tickets.requesterContactId), eq(contacts.accountId, accountId)),
      )
      .where(and(eq(tickets.accountId, accountId), eq(tickets.companyId, companyId)))
      .orderBy(desc(tickets.lastActivityAt), desc(tickets.id))
      .limit(100),
  ]);
  return { contacts: contactRows, tickets: ticketRows };
}
