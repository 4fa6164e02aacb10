// Emails about a message list the message's files by name and size, linking to the ticket (never
// to a file): the contact's "agent replied" email in the portal's language, the agents' "new
// ticket" and "customer replied" emails in English. Pending uploads and other messages' files are
// not listed. Resend is faked behind fetchMock.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../app/lib/db/ids";
import { createDb } from "../../db/client";
import { attachments } from "../../db/schema";
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

type Uploader = { contactId: string } | { userId: string };

/** A file row as the upload leaves it (the email worker never reads the object). */
async function attach(
  input: { accountId: string; ticketId: string; messageId: string | null; uploader: Uploader },
  fileName: string,
  size: number,
  createdAt: number,
) {
  await db.insert(attachments).values({
    id: newId("att"),
    accountId: input.accountId,
    ticketId: input.ticketId,
    messageId: input.messageId,
    status: input.messageId ? "attached" : "pending",
    objectKey: `${input.accountId}/${input.ticketId}/${newId("obj")}`,
    fileName,
    size,
    mime: "image/png",
    kind: "image",
    checksum: "0".repeat(64),
    uploaderContactId: "contactId" in input.uploader ? input.uploader.contactId : null,
    uploaderUserId: "userId" in input.uploader ? input.uploader.userId : null,
    createdAt,
  });
}

async function desk(language: "en" | "de" | "ar" = "en") {
  const fixture = await createAccount(db, { kind: "system", language });
  const contact = await createContact(db, fixture.accountId, { name: "Jan de Vries" });
  const agent = await createUser(db, fixture.accountId, { name: "Alex Agent" });
  const ticket = await createTicket(db, fixture, {
    contactId: contact.contactId,
    subject: "VPN drops",
  });
  const say = async (body: string, uploader: Uploader) => {
    const { messageId } = await createTicketMessage(db, {
      accountId: fixture.accountId,
      ticketId: ticket.ticketId,
      body,
      author: uploader,
    });
    return { accountId: fixture.accountId, ticketId: ticket.ticketId, messageId, uploader };
  };
  return { fixture, contact, agent, ticket, say };
}

describe("attachments in emails", () => {
  it("the contact's reply email lists the agent's files, in the portal's language", async () => {
    const { fixture, contact, agent, ticket, say } = await desk("de");
    const earlier = await say("Erste Antwort", { userId: agent.userId });
    await attach(earlier, "other-message.pdf", 10, 1);
    const reply = await say("Siehe Anhang.", { userId: agent.userId });
    const now = Date.now();
    await attach(reply, "screenshot.png", 1536, now);
    await attach(reply, "Protokoll\u202Egol.exe", 2 * 1024 * 1024, now + 1);
    // An upload not (yet) part of the reply.
    await attach({ ...reply, messageId: null }, "pending.png", 10, now + 2);

    await deliver([
      {
        kind: "agent_replied",
        idempotencyKey: `test-${crypto.randomUUID()}`,
        accountId: fixture.accountId,
        portalId: fixture.portalIds[0] as string,
        ticketId: ticket.ticketId,
        messageId: reply.messageId,
      },
    ]);
    const [email] = fake.emailsTo(contact.email);
    const ticketUrl = `http://${fixture.hostname}/help/tickets/${ticket.number}`;
    expect(email?.text).toContain(
      [
        "Anhänge:",
        "- screenshot.png (1,5 kB)",
        "- Protokollgol.exe (2 MB)",
        "Melden Sie sich im Portal an, um sie herunterzuladen.",
      ].join("\n"),
    );
    expect(email?.html).toContain(
      `<a href="${ticketUrl}" style="color:#1d4ed8;"><bdi>screenshot.png</bdi></a>`,
    );
    // No bidi override survives into either part; no other message's or pending file is listed.
    for (const part of [email?.text, email?.html]) {
      expect(part).not.toContain("\u202E");
      expect(part).not.toContain("other-message.pdf");
      expect(part).not.toContain("pending.png");
    }
    // The email never links to a file.
    expect(email?.html).not.toContain("/attachments/");
  });

  it.each([["new_ticket"], ["customer_replied"]] as const)(
    "%s lists the contact's files, in English, linking to the dashboard ticket",
    async (kind) => {
      const { fixture, contact, agent, ticket, say } = await desk();
      const message = await say("Logs attached.", { contactId: contact.contactId });
      await attach(message, "vpn<log>.txt", 300, Date.now());
      await deliver([
        {
          kind,
          idempotencyKey: `test-${crypto.randomUUID()}`,
          accountId: fixture.accountId,
          ticketId: ticket.ticketId,
          messageId: message.messageId,
          userId: agent.userId,
        },
      ]);
      const [email] = fake.emailsTo(agent.email);
      expect(email?.text).toContain(
        "Attachments:\n- vpn<log>.txt (300 byte)\nOpen the ticket to download them.",
      );
      expect(email?.html).toContain("<bdi>vpn&lt;log&gt;.txt</bdi>");
      expect(email?.html).toMatch(
        new RegExp(`<a href="http://app\\.localhost/a/[^/"]+/tickets/${ticket.number}"[^>]*><bdi>`),
      );
    },
  );

  it("a message without files has no attachment list", async () => {
    const { fixture, contact, agent, ticket, say } = await desk();
    const message = await say("No files here.", { contactId: contact.contactId });
    await deliver([
      {
        kind: "customer_replied",
        idempotencyKey: `test-${crypto.randomUUID()}`,
        accountId: fixture.accountId,
        ticketId: ticket.ticketId,
        messageId: message.messageId,
        userId: agent.userId,
      },
    ]);
    const [email] = fake.emailsTo(agent.email);
    expect(email?.text).toContain("> No files here.");
    expect(email?.text).not.toContain("Attachments:");
    expect(email?.html).not.toContain("<bdi>");
  });
});
