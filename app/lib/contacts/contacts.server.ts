// Contacts of an account: the list, the form's write, a contact's overview and merging two. Every
// query names the account; an id from a URL or form that is not the account's is "not found".
import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  accessGroupMembers,
  accessGroups,
  auditLog,
  companies,
  contactAddresses,
  contactCompanies,
  contacts,
  oneTimeTokens,
  portalMembers,
  portals,
  sessions,
  ticketMessages,
  tickets,
} from "../../../db/schema";
import { auditEntry, audited, changes } from "../audit/audit.server";
import { newId } from "../db/ids";
import { batchStatements, type Statement } from "../db/statements";
import type { ContactValues } from "./schema";

export type Actor = { accountId: string; actorUserId: string };

export const CONTACTS_PAGE_SIZE = 50;

export type ContactFilter = { q?: string | null; companyId?: string | null };

/** `%text%` for LIKE with the text's own % and _ taken literally (ESCAPE '\'). */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function filterConditions(accountId: string, filter: ContactFilter): SQL | undefined {
  const q = filter.q?.trim().toLowerCase().slice(0, 200);
  return and(
    eq(contacts.accountId, accountId),
    eq(contacts.placeholder, false),
    filter.companyId ? eq(contacts.primaryCompanyId, filter.companyId) : undefined,
    q
      ? or(
          sql`lower(${contacts.name}) like ${containing(q)} escape '\\'`,
          sql`${contacts.email} like ${containing(q)} escape '\\'`,
          sql`${contacts.membershipEmail} like ${containing(q)} escape '\\'`,
        )
      : undefined,
  );
}

/** After the contact the cursor names, in (name, id) order; a cursor of another account finds none. */
function after(accountId: string, cursor: string | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${contacts.name}, ${contacts.id}) > (select c.name, c.id from contacts c
    where c.id = ${cursor.slice(0, 100)} and c.account_id = ${accountId})`;
}

const listColumns = {
  id: contacts.id,
  name: contacts.name,
  email: contacts.email,
  membershipEmail: contacts.membershipEmail,
  jobTitle: contacts.jobTitle,
  companyId: contacts.primaryCompanyId,
  companyName: companies.name,
  properties: contacts.properties,
};

export type ContactRow = {
  id: string;
  name: string;
  email: string;
  membershipEmail: string | null;
  jobTitle: string | null;
  companyId: string | null;
  companyName: string | null;
  properties: Record<string, string>;
};

/** One page of the account's contacts by name; `nextCursor` is the last row's id. */
export async function listContacts(
  db: Database,
  accountId: string,
  filter: ContactFilter & { cursor?: string | null; limit?: number },
): Promise<{ contacts: ContactRow[]; nextCursor: string | null }> {
  const limit = filter.limit ?? CONTACTS_PAGE_SIZE;
  const rows = await db
    .select(listColumns)
    .from(contacts)
    .leftJoin(
      companies,
      and(eq(companies.id, contacts.primaryCompanyId), eq(companies.accountId, accountId)),
    )
    .where(and(filterConditions(accountId, filter), after(accountId, filter.cursor)))
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { contacts: page, nextCursor: rows.length > limit && last ? last.id : null };
}

export async function getContact(db: Database, accountId: string, contactId: string) {
  return (
    (await db
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.id, contactId),
          eq(contacts.accountId, accountId),
          eq(contacts.placeholder, false),
        ),
      )
      .get()) ?? null
  );
}

export async function companyOptions(db: Database, accountId: string) {
  return db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(eq(companies.accountId, accountId))
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(1000);
}

export type SaveProblem = { field: "email" | "membershipEmail" | "companyId"; error: string };

/** Which of the form's addresses another contact of the account already has. */
async function addressProblems(
  db: Database,
  accountId: string,
  values: Pick<ContactValues, "email" | "membershipEmail">,
  contactId: string | null,
): Promise<SaveProblem[]> {
  const wanted = [values.email, values.membershipEmail].filter((a): a is string => Boolean(a));
  const taken = await db
    .select({ address: contactAddresses.address })
    .from(contactAddresses)
    .where(
      and(
        eq(contactAddresses.accountId, accountId),
        inArray(contactAddresses.address, wanted),
        contactId ? sql`${contactAddresses.contactId} <> ${contactId}` : undefined,
      ),
    );
  const addresses = new Set(taken.map((row) => row.address));
  const problems: SaveProblem[] = [];
  if (addresses.has(values.email)) problems.push({ field: "email", error: "contacts.error.taken" });
  if (values.membershipEmail && addresses.has(values.membershipEmail))
    problems.push({ field: "membershipEmail", error: "contacts.error.taken" });
  return problems;
}

function isAddressConflict(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? error);
  return /UNIQUE constraint failed: (contact_addresses|contacts)\./.test(text);
}

function audit(values: ContactValues, companyName: string | null) {
  return {
    name: values.name,
    email: values.email,
    membershipEmail: values.membershipEmail,
    company: companyName,
    jobTitle: values.jobTitle,
    properties: values.properties,
  };
}

/**
 * Creates (contactId null) or updates a contact. An address another contact holds — found before
 * the write, or by the unique index when a parallel write took it first — is a problem on its field.
 */
export async function saveContact(
  db: Database,
  actor: Actor,
  contactId: string | null,
  values: ContactValues,
): Promise<{ ok: true; contactId: string } | { ok: false; problems: SaveProblem[] }> {
  const { accountId } = actor;
  const company = values.companyId
    ? await db
        .select({ id: companies.id, name: companies.name })
        .from(companies)
        .where(and(eq(companies.id, values.companyId), eq(companies.accountId, accountId)))
        .get()
    : null;
  if (values.companyId && !company) {
    return { ok: false, problems: [{ field: "companyId", error: "contacts.error.company" }] };
  }
  const problems = await addressProblems(db, accountId, values, contactId);
  if (problems.length) return { ok: false, problems };
  const fields = {
    name: values.name,
    email: values.email,
    membershipEmail: values.membershipEmail,
    primaryCompanyId: company?.id ?? null,
    jobTitle: values.jobTitle,
    properties: values.properties,
  };
  try {
    if (!contactId) {
      const id = newId("ctc");
      await audited(
        db,
        {
          ...actor,
          action: "contact.create",
          target: id,
          after: audit(values, company?.name ?? null),
        },
        [db.insert(contacts).values({ id, accountId, ...fields })],
      );
      return { ok: true, contactId: id };
    }
    const current = await getContact(db, accountId, contactId);
    if (!current) throw new Response("Not Found", { status: 404 });
    const currentCompany = current.primaryCompanyId
      ? ((
          await db
            .select({ name: companies.name })
            .from(companies)
            .where(
              and(eq(companies.id, current.primaryCompanyId), eq(companies.accountId, accountId)),
            )
            .get()
        )?.name ?? null)
      : null;
    const before = audit(
      {
        name: current.name,
        email: current.email,
        membershipEmail: current.membershipEmail,
        companyId: current.primaryCompanyId,
        jobTitle: current.jobTitle,
        properties: current.properties,
      },
      currentCompany,
    );
    await audited(
      db,
      {
        ...actor,
        action: "contact.update",
        target: contactId,
        ...changes(before, audit(values, company?.name ?? null)),
      },
      [
        db
          .update(contacts)
          .set(fields)
          .where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId))),
      ],
    );
    return { ok: true, contactId };
  } catch (error) {
    if (!isAddressConflict(error)) throw error;
    const raced = await addressProblems(db, accountId, values, contactId);
    return {
      ok: false,
      problems: raced.length ? raced : [{ field: "email", error: "contacts.error.taken" }],
    };
  }
}

/** What a contact's page shows besides the form: tickets, portals and standing, access groups. */
export async function contactOverview(db: Database, accountId: string, contactId: string) {
  const [ticketRows, portalRows, groupRows] = await Promise.all([
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        lastActivityAt: tickets.lastActivityAt,
      })
      .from(tickets)
      .where(and(eq(tickets.accountId, accountId), eq(tickets.requesterContactId, contactId)))
      .orderBy(desc(tickets.lastActivityAt), desc(tickets.id))
      .limit(100),
    db
      .select({
        portalId: portals.id,
        name: portals.name,
        inviteStatus: portalMembers.inviteStatus,
        acceptedAt: portalMembers.acceptedAt,
        lastSignInAt: portalMembers.lastSignInAt,
        revokedAt: portalMembers.revokedAt,
        consentedAt: portalMembers.consentedAt,
      })
      .from(portalMembers)
      .innerJoin(
        portals,
        and(eq(portals.id, portalMembers.portalId), eq(portals.accountId, accountId)),
      )
      .where(and(eq(portalMembers.accountId, accountId), eq(portalMembers.contactId, contactId)))
      .orderBy(asc(portals.name)),
    db
      .select({ id: accessGroups.id, name: accessGroups.name })
      .from(accessGroupMembers)
      .innerJoin(
        accessGroups,
        and(
          eq(accessGroups.id, accessGroupMembers.accessGroupId),
          eq(accessGroups.accountId, accountId),
        ),
      )
      .where(
        and(
          eq(accessGroupMembers.accountId, accountId),
          eq(accessGroupMembers.contactId, contactId),
        ),
      )
      .orderBy(asc(accessGroups.name)),
  ]);
  return { tickets: ticketRows, portals: portalRows, accessGroups: groupRows };
}

/** The contact of the account with this address (email or membership email), if any. */
export async function contactByAddress(db: Database, accountId: string, address: string) {
  const row = await db
    .select({ contactId: contactAddresses.contactId })
    .from(contactAddresses)
    .innerJoin(contacts, eq(contacts.id, contactAddresses.contactId))
    .where(
      and(
        eq(contactAddresses.accountId, accountId),
        eq(contactAddresses.address, address.trim().toLowerCase()),
        eq(contacts.placeholder, false),
      ),
    )
    .get();
  return row?.contactId ?? null;
}

/**
 * Moves everything of `mergedId` to `keptId` and deletes it, in one batch: tickets and the messages
 * it wrote, portal standings and access groups and companies the kept contact does not have yet
 * (`UPDATE OR IGNORE` leaves a duplicate behind, deleted next); its sessions and links end, as they
 * named a contact that no longer exists. Each statement is scoped to the account.
 */
export async function mergeContacts(
  db: Database,
  actor: Actor,
  keptId: string,
  mergedId: string,
): Promise<void> {
  const a = actor.accountId;
  const statements: Statement[] = [
    db
      .update(tickets)
      .set({ requesterContactId: keptId })
      .where(and(eq(tickets.accountId, a), eq(tickets.requesterContactId, mergedId))),
    db
      .update(ticketMessages)
      .set({ authorContactId: keptId })
      .where(and(eq(ticketMessages.accountId, a), eq(ticketMessages.authorContactId, mergedId))),
    // Files the merged contact uploaded are the kept contact's now (the row names its uploader).
    sql`update attachments set uploader_contact_id = ${keptId}
      where account_id = ${a} and uploader_contact_id = ${mergedId}`,
    sql`update or ignore portal_members set contact_id = ${keptId}
      where account_id = ${a} and contact_id = ${mergedId}`,
    sql`update or ignore access_group_members set contact_id = ${keptId}
      where account_id = ${a} and contact_id = ${mergedId}`,
    sql`update or ignore contact_companies set contact_id = ${keptId}
      where account_id = ${a} and contact_id = ${mergedId}`,
    ...removeContactRows(db, a, mergedId),
  ];
  await batchStatements(db, [
    ...statements,
    auditEntry(db, {
      ...actor,
      action: "contact.merge",
      target: keptId,
      after: { merged: mergedId },
    }),
  ]);
}

/** Deletes what names the contact and then the contact itself (its addresses go by trigger). */
export function removeContactRows(db: Database, accountId: string, contactId: string): Statement[] {
  return [
    db
      .delete(portalMembers)
      .where(and(eq(portalMembers.accountId, accountId), eq(portalMembers.contactId, contactId))),
    db
      .delete(accessGroupMembers)
      .where(
        and(
          eq(accessGroupMembers.accountId, accountId),
          eq(accessGroupMembers.contactId, contactId),
        ),
      ),
    db
      .delete(contactCompanies)
      .where(
        and(eq(contactCompanies.accountId, accountId), eq(contactCompanies.contactId, contactId)),
      ),
    db
      .delete(sessions)
      .where(and(eq(sessions.accountId, accountId), eq(sessions.contactId, contactId))),
    db
      .delete(oneTimeTokens)
      .where(and(eq(oneTimeTokens.accountId, accountId), eq(oneTimeTokens.contactId, contactId))),
    db.delete(contacts).where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId))),
  ];
}

/** Entries about the contact keep what happened, not who it was (a deletion's erasure). */
export function redactAudit(db: Database, accountId: string, contactId: string) {
  return db
    .update(auditLog)
    .set({ details: { redacted: true } })
    .where(and(eq(auditLog.accountId, accountId), eq(auditLog.target, contactId)));
}

/** Every contact matching the filter, a page at a time, for the CSV export. */
export async function* allContacts(db: Database, accountId: string, filter: ContactFilter) {
  let cursor: string | null = null;
  do {
    const page = await listContacts(db, accountId, { ...filter, cursor, limit: 500 });
    yield page.contacts;
    cursor = page.nextCursor;
  } while (cursor);
}
