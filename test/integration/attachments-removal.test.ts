// Files go when what they belong to goes: deleting a contact (data rights) removes the files they
// uploaded, rows and objects, and keeps the files agents added to their tickets; merging a contact
// hands its files to the contact kept. (Deleting an account: test/integration/account-settings.)
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createTicket, createTicketMessage } from "../factories";
import { storeAttachment } from "../support/attachments";
import { accountUrl, createMember, createTeam } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const bucket = env.ATTACHMENTS;

async function desk(name: string) {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  const contact = await createContact(db, account.accountId, { name: "Vera Vanish" });
  const other = await createContact(db, account.accountId, { name: "Otto Other" });
  const { ticketId } = await createTicket(db, account, { contactId: contact.contactId });
  const say = (author: { contactId: string } | { userId: string }) =>
    createTicketMessage(db, { accountId: account.accountId, ticketId, body: "See file.", author });
  const file = (uploader: { contactId: string } | { userId: string }, messageId: string | null) =>
    storeAttachment(db, bucket, { accountId: account.accountId, ticketId, messageId, uploader });
  return { account, team, contact, other, ticketId, say, file };
}

async function rowOf(id: string) {
  return db.select().from(s.attachments).where(eq(s.attachments.id, id)).get();
}

describe("removing attachments", () => {
  it("deleting a contact removes their files, rows and objects, and keeps the agents' files", async () => {
    const { team, contact, other, say, file } = await desk("Removal Ltd");
    const theirs = await say({ contactId: contact.contactId });
    const agents = await say({ userId: team.agent.userId });
    const othersMessage = await say({ contactId: other.contactId });
    const attached = await file({ contactId: contact.contactId }, theirs.messageId);
    const pending = await file({ contactId: contact.contactId }, null);
    const agentFile = await file({ userId: team.agent.userId }, agents.messageId);
    const othersFile = await file({ contactId: other.contactId }, othersMessage.messageId);

    const { response } = await postForm(
      accountUrl(team.slug, `/contacts/${contact.contactId}`),
      { intent: "delete", confirm: contact.email },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);

    for (const gone of [attached, pending]) {
      expect(await rowOf(gone.id)).toBeUndefined();
      expect(await bucket.head(gone.objectKey)).toBeNull();
    }
    for (const kept of [agentFile, othersFile]) {
      expect(await rowOf(kept.id)).toMatchObject({ status: "attached" });
      expect(await bucket.head(kept.objectKey)).not.toBeNull();
    }
    const contacts = await db.select().from(s.contacts).where(eq(s.contacts.id, contact.contactId));
    expect(contacts).toEqual([]);
  });

  it("the contact's data export lists the files they uploaded, not the agents'", async () => {
    const { account, team, contact, say, file, ticketId } = await desk("Export Files Ltd");
    const theirs = await say({ contactId: contact.contactId });
    const agents = await say({ userId: team.agent.userId });
    await storeAttachment(db, bucket, {
      accountId: account.accountId,
      ticketId,
      messageId: theirs.messageId,
      uploader: { contactId: contact.contactId },
      fileName: "invoice.pdf",
    });
    await file({ userId: team.agent.userId }, agents.messageId);
    const { response, body } = await getPage(
      accountUrl(team.slug, `/contacts/${contact.contactId}/export`),
      team.admin.cookie,
    );
    expect(response.status).toBe(200);
    const [ticket] = await db.select().from(s.tickets).where(eq(s.tickets.id, ticketId));
    expect(JSON.parse(body).files).toEqual([
      expect.objectContaining({ ticketNumber: ticket?.number, fileName: "invoice.pdf" }),
    ]);
  });

  it("another account's admin cannot delete the contact: files and objects stay", async () => {
    const { contact, say, file } = await desk("Target Ltd");
    const theirs = await say({ contactId: contact.contactId });
    const stored = await file({ contactId: contact.contactId }, theirs.messageId);
    const intruder = await createAccount(db, { name: "Intruder Ltd" });
    const outsider = await createMember(db, intruder.accountId, "owner");
    const [row] = await db
      .select({ slug: s.accounts.slug })
      .from(s.accounts)
      .where(eq(s.accounts.id, intruder.accountId));
    const { response } = await postForm(
      accountUrl(row?.slug ?? "", `/contacts/${contact.contactId}`),
      { intent: "delete", confirm: contact.email },
      { cookie: outsider.cookie },
    );
    expect(response.status).toBe(404);
    expect(await rowOf(stored.id)).toMatchObject({ status: "attached" });
    expect(await bucket.head(stored.objectKey)).not.toBeNull();
  });

  it("merging a contact hands its files to the contact kept", async () => {
    const { team, contact, other, say, file } = await desk("Merge Files Ltd");
    const othersMessage = await say({ contactId: other.contactId });
    const stored = await file({ contactId: other.contactId }, othersMessage.messageId);
    const { response } = await postForm(
      accountUrl(team.slug, `/contacts/${contact.contactId}`),
      { intent: "merge", address: other.email },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);
    expect(await rowOf(stored.id)).toMatchObject({
      uploaderContactId: contact.contactId,
      messageId: othersMessage.messageId,
    });
    expect(await bucket.head(stored.objectKey)).not.toBeNull();
  });
});
