// A contact's data rights: everything the account holds about them, as JSON; and deletion, which
// keeps the account's tickets but not the person: the tickets move to the account's one "Deleted
// contact", the subjects and bodies they wrote are redacted (the search triggers re-index the
// redacted text), their sessions and links end, the email log keeps that an email went but not to
// whom or what.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  accessGroupMembers,
  accessGroups,
  attachments,
  companies,
  contacts,
  portalMembers,
  portals,
  ticketMessages,
  tickets,
} from "../../../db/schema";
import {
  deleteContactFilesStatement,
  deleteObjects,
  objectKeysOf,
} from "../attachments/removal.server";
import { newId } from "../db/ids";
import { batchStatements } from "../db/statements";
import { type Actor, type getContact, redactAudit, removeContactRows } from "./contacts.server";

export const PLACEHOLDER_NAME = "Deleted contact";
// `.invalid` is reserved (RFC 2606): no mail goes there and no customer has it.
const PLACEHOLDER_EMAIL = "deleted-contact@placeholder.invalid";
export const REDACTED_BODY = "[Redacted: the author's data was deleted.]";
// Followed by the ticket's number: "Ticket #123".
export const REDACTED_SUBJECT_PREFIX = "Ticket #";

type Contact = NonNullable<Awaited<ReturnType<typeof getContact>>>;

/** Profile, tickets with their public messages, the files they uploaded, consents and memberships. */
export async function exportContactData(db: Database, accountId: string, contact: Contact) {
  const [company, ticketRows, standings, groups, files] = await Promise.all([
    contact.primaryCompanyId
      ? db
          .select({ name: companies.name })
          .from(companies)
          .where(
            and(eq(companies.id, contact.primaryCompanyId), eq(companies.accountId, accountId)),
          )
          .get()
      : undefined,
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        createdAt: tickets.createdAt,
        closedAt: tickets.closedAt,
      })
      .from(tickets)
      .where(and(eq(tickets.accountId, accountId), eq(tickets.requesterContactId, contact.id)))
      .orderBy(asc(tickets.number)),
    db
      .select({
        portal: portals.name,
        inviteStatus: portalMembers.inviteStatus,
        invitedAt: portalMembers.invitedAt,
        acceptedAt: portalMembers.acceptedAt,
        lastSignInAt: portalMembers.lastSignInAt,
        revokedAt: portalMembers.revokedAt,
        consentVersion: portalMembers.consentVersion,
        consentedAt: portalMembers.consentedAt,
      })
      .from(portalMembers)
      .innerJoin(
        portals,
        and(eq(portals.id, portalMembers.portalId), eq(portals.accountId, accountId)),
      )
      .where(and(eq(portalMembers.accountId, accountId), eq(portalMembers.contactId, contact.id))),
    db
      .select({ name: accessGroups.name })
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
          eq(accessGroupMembers.contactId, contact.id),
        ),
      ),
    // The files' names and sizes; the files themselves stay downloadable from their tickets.
    db
      .select({
        ticketNumber: tickets.number,
        fileName: attachments.fileName,
        size: attachments.size,
        type: attachments.mime,
        createdAt: attachments.createdAt,
      })
      .from(attachments)
      .leftJoin(
        tickets,
        and(eq(tickets.id, attachments.ticketId), eq(tickets.accountId, attachments.accountId)),
      )
      .where(
        and(eq(attachments.accountId, accountId), eq(attachments.uploaderContactId, contact.id)),
      )
      .orderBy(asc(attachments.createdAt)),
  ]);
  const ticketIds = ticketRows.map((ticket) => ticket.id);
  const messages = ticketIds.length
    ? await db
        .select({
          ticketId: ticketMessages.ticketId,
          byContact: sql<number>`${ticketMessages.authorContactId} = ${contact.id}`,
          body: ticketMessages.body,
          createdAt: ticketMessages.createdAt,
        })
        .from(ticketMessages)
        .where(
          and(
            eq(ticketMessages.accountId, accountId),
            inArray(ticketMessages.ticketId, ticketIds),
            eq(ticketMessages.visibility, "public"),
          ),
        )
        .orderBy(asc(ticketMessages.createdAt))
    : [];
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      name: contact.name,
      email: contact.email,
      membershipEmail: contact.membershipEmail,
      company: company?.name ?? null,
      jobTitle: contact.jobTitle,
      properties: contact.properties,
      notifyOnAgentReply: contact.notifyOnAgentReply,
      createdAt: iso(contact.createdAt),
    },
    tickets: ticketRows.map((ticket) => ({
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      createdAt: iso(ticket.createdAt),
      closedAt: iso(ticket.closedAt),
      messages: messages
        .filter((message) => message.ticketId === ticket.id)
        .map((message) => ({
          from: message.byContact ? "contact" : "team",
          body: message.body,
          createdAt: iso(message.createdAt),
        })),
    })),
    files: files.map((file) => ({ ...file, createdAt: iso(file.createdAt) })),
    consents: standings
      .filter((standing) => standing.consentedAt !== null)
      .map((standing) => ({
        portal: standing.portal,
        version: standing.consentVersion,
        consentedAt: iso(standing.consentedAt),
      })),
    memberships: {
      portals: standings.map((standing) => ({
        portal: standing.portal,
        inviteStatus: standing.inviteStatus,
        invitedAt: iso(standing.invitedAt),
        acceptedAt: iso(standing.acceptedAt),
        lastSignInAt: iso(standing.lastSignInAt),
        revokedAt: iso(standing.revokedAt),
      })),
      accessGroups: groups.map((group) => group.name),
    },
  };
}

/**
 * Deletes the contact in one batch. The placeholder is made on first use (the partial unique index
 * keeps it one per account) and named by a subquery, so a parallel deletion uses the same one.
 * Everything runs only while the contact still exists: a second click deletes nothing twice.
 * The files the contact uploaded go too (rows in the batch, then their objects in `bucket`): like
 * the bodies they wrote, they are theirs; files agents added to their tickets stay.
 */
export async function deleteContact(
  db: Database,
  bucket: R2Bucket,
  actor: Actor,
  contact: Contact,
): Promise<void> {
  const a = actor.accountId;
  const placeholder = sql`(select id from contacts where account_id = ${a} and placeholder = 1)`;
  const stillThere = sql`exists (select 1 from contacts where id = ${contact.id} and account_id = ${a})`;
  const addresses = sql`(select address from contact_addresses
    where account_id = ${a} and contact_id = ${contact.id})`;
  // Before the contact's row goes: each file names it as its uploader.
  const files = deleteContactFilesStatement(a, contact.id);
  const statements = [
    // Entries about the contact lose their details first; then the deletion's own entry, written
    // only while the contact is still there.
    redactAudit(db, a, contact.id),
    sql`insert into audit_log (id, account_id, actor_user_id, action, target, details, created_at)
      select ${newId("aud")}, ${a}, ${actor.actorUserId}, 'contact.delete', ${contact.id},
        ${JSON.stringify({ before: {}, after: {} })}, ${Date.now()}
      where ${stillThere}`,
    db
      .insert(contacts)
      .values({
        id: newId("ctc"),
        accountId: a,
        email: PLACEHOLDER_EMAIL,
        name: PLACEHOLDER_NAME,
        placeholder: true,
        notifyOnAgentReply: false,
      })
      .onConflictDoNothing(),
    // The team's emails about their tickets ("Vera replied on #12: Vera's invoice") name them in
    // the subject and quote their words in the body: the ticket's subject gives way to its number
    // and their name to the placeholder's, the bodies go. Before the tickets change hands below,
    // while the payload's ticket still names them as requester.
    sql`update email_log set
        subject = replace(
          replace(subject,
            (select t.subject from tickets t
              where t.id = json_extract(email_log.payload, '$.ticketId') and t.account_id = ${a}),
            (select ${REDACTED_SUBJECT_PREFIX} || t.number from tickets t
              where t.id = json_extract(email_log.payload, '$.ticketId') and t.account_id = ${a})),
          ${contact.name}, ${PLACEHOLDER_NAME}),
        html = null, text = null
      where account_id = ${a}
        and json_extract(payload, '$.ticketId') in (select id from tickets
          where account_id = ${a} and requester_contact_id = ${contact.id})`,
    // The subjects they wrote may name them ("Vera's invoice", an address): each becomes
    // "Ticket #<number>". Stored text rather than a marker the pages translate, like the redacted
    // bodies: every reader of a subject — portal and help-desk lists, both search indexes, email
    // subjects, exports — is then right without knowing about deletion, and the number keeps the
    // tickets apart in a list. The subject update fires the search triggers (0006, 0015).
    db
      .update(tickets)
      .set({
        requesterContactId: placeholder,
        subject: sql`${REDACTED_SUBJECT_PREFIX} || number`,
        // Their answers to the support form's own fields are their words too.
        customFields: sql`'{}'`,
      })
      .where(and(eq(tickets.accountId, a), eq(tickets.requesterContactId, contact.id))),
    // The body update fires the search triggers (migrations 0006/0015): the old text leaves the
    // portal's and the help desk's search indexes and the redacted text takes its place.
    db
      .update(ticketMessages)
      .set({ body: REDACTED_BODY, authorContactId: placeholder })
      .where(and(eq(ticketMessages.accountId, a), eq(ticketMessages.authorContactId, contact.id))),
    sql`update email_log set
        recipient = '***@' || substr(recipient, instr(recipient, '@') + 1),
        subject = replace(subject, ${contact.name}, ${PLACEHOLDER_NAME}),
        html = null, text = null, payload = null
      where account_id = ${a} and recipient in ${addresses}`,
    files,
    ...removeContactRows(db, a, contact.id),
  ];
  const results = await batchStatements(db, statements);
  // The files' RETURNING names the objects to remove, now that their rows are gone.
  await deleteObjects(bucket, objectKeysOf(results[statements.indexOf(files)]));
}
