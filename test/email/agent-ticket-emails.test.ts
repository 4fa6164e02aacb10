// The email worker's side of "new ticket" and "customer replied": who may still get them at send
// time, what they quote and where they link. Resend is faked behind fetchMock.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../app/lib/email/messages";
import { createDb } from "../../db/client";
import { accounts, agents, emailLog, memberships } from "../../db/schema";
import {
  createAccount,
  createContact,
  createTicket,
  createTicketMessage,
  createUser,
} from "../factories";
import { installFakeResend } from "../fakes/resend-fetch-mock";
import type { FakeResendModel } from "../fakes/resend-model";
import { deliver } from "./consumer-harness";

const db = createDb(env.DB);
let fake: FakeResendModel;

beforeAll(() => {
  fake = installFakeResend();
});

async function logRow(idempotencyKey: string) {
  const [row] = await db.select().from(emailLog).where(eq(emailLog.idempotencyKey, idempotencyKey));
  return row;
}

/** An access-group portal on a system domain: the strictest place for a customer's email. */
async function desk() {
  const fixture = await createAccount(db, { kind: "system", accessMode: "access_groups" });
  const contact = await createContact(db, fixture.accountId, { name: "Jan de Vries" });
  const agent = await createUser(db, fixture.accountId, { name: "Alex Agent" });
  const ticket = await createTicket(db, fixture, {
    contactId: contact.contactId,
    subject: "VPN valt weg",
  });
  const say = (
    body: string,
    author: { contactId: string } | { userId: string },
    internal = false,
  ) =>
    createTicketMessage(db, {
      accountId: fixture.accountId,
      ticketId: ticket.ticketId,
      body,
      author,
      visibility: internal ? "internal" : "public",
    });
  const { messageId } = await say("Sinds vanochtend valt de VPN weg.", {
    contactId: contact.contactId,
  });
  const message = (
    kind: "new_ticket" | "customer_replied",
    id = messageId,
    userId = agent.userId,
  ): EmailMessage => ({
    kind,
    idempotencyKey: `test-${crypto.randomUUID()}`,
    accountId: fixture.accountId,
    ticketId: ticket.ticketId,
    messageId: id,
    userId,
  });
  const [account] = await db
    .select({ slug: accounts.slug })
    .from(accounts)
    .where(eq(accounts.id, fixture.accountId));
  return { fixture, slug: account?.slug, contact, agent, ticket, say, message, messageId };
}

describe("agent ticket emails", () => {
  it.each([
    ["new_ticket", "New ticket #"],
    ["customer_replied", "Jan de Vries replied on #"],
  ] as const)(
    "%s goes out on a system domain with the text and a dashboard link",
    async (kind, start) => {
      const { slug, agent, ticket, message } = await desk();
      const sent = message(kind);
      await deliver([sent]);
      expect(await logRow(sent.idempotencyKey)).toMatchObject({
        status: "sent",
        recipient: agent.email,
      });
      const [email] = fake.emailsTo(agent.email);
      expect(email?.subject).toBe(`${start}${ticket.number}: VPN valt weg`);
      expect(email?.text).toContain("Hello Alex,");
      expect(email?.text).toContain("> Sinds vanochtend valt de VPN weg.");
      expect(email?.text).toContain(`http://app.localhost/a/${slug}/tickets/${ticket.number}`);
    },
  );

  it("an internal note or an agent's reply is never sent by these kinds", async () => {
    const { agent, say, message } = await desk();
    const note = await say("INTERNAL-42", { userId: agent.userId }, true);
    const reply = await say("An agent's reply", { userId: agent.userId });
    const noteEmail = message("customer_replied", note.messageId);
    const replyEmail = message("customer_replied", reply.messageId);
    await deliver([noteEmail, replyEmail]);
    expect(await logRow(noteEmail.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason: "skipped: internal note",
    });
    expect(await logRow(replyEmail.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason: "skipped: not a message by a contact",
    });
    expect(fake.requestsFor(agent.email)).toHaveLength(0);
  });

  it("an agent who left, or one who turned the kind off, gets nothing", async () => {
    const { fixture, agent, message } = await desk();
    const quiet = await createUser(db, fixture.accountId, { name: "Quinn Quiet" });
    await db
      .update(agents)
      .set({ notifyCustomerReplied: false })
      .where(and(eq(agents.accountId, fixture.accountId), eq(agents.userId, quiet.userId)));
    await db.batch([
      db
        .delete(memberships)
        .where(
          and(eq(memberships.accountId, fixture.accountId), eq(memberships.userId, agent.userId)),
        ),
      db
        .update(agents)
        .set({ leftAt: Date.now() })
        .where(and(eq(agents.accountId, fixture.accountId), eq(agents.userId, agent.userId))),
    ]);
    const toLeaver = message("new_ticket");
    const toQuiet = message("customer_replied", undefined, quiet.userId);
    const quietNew = message("new_ticket", undefined, quiet.userId);
    await deliver([toLeaver, toQuiet, quietNew]);
    expect(await logRow(toLeaver.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason: "skipped: not an agent of the account",
    });
    expect(await logRow(toQuiet.idempotencyKey)).toMatchObject({ status: "skipped" });
    expect(await logRow(quietNew.idempotencyKey)).toMatchObject({ status: "sent" });
    expect(fake.requestsFor(agent.email)).toHaveLength(0);
    expect(fake.emailsTo(quiet.email).map((email) => email.subject)).toEqual([
      expect.stringMatching(/^New ticket #/),
    ]);
  });

  it("a user of another account is not an agent of this one", async () => {
    const { message } = await desk();
    const other = await createAccount(db);
    const stranger = await createUser(db, other.accountId);
    const sent = message("new_ticket", undefined, stranger.userId);
    await deliver([sent]);
    expect(await logRow(sent.idempotencyKey)).toMatchObject({ status: "skipped" });
    expect(fake.requestsFor(stranger.email)).toHaveLength(0);
  });
});
