// The email worker's queue() handler, message by message: what it acks, what it retries and when,
// what it records, and what reaches Resend (a fake speaking Resend's wire format).
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { newLink } from "../../app/lib/auth/portal-auth.server";
import type { EmailMessage } from "../../app/lib/email/messages";
import { createDb } from "../../db/client";
import {
  accounts,
  domains,
  emailLog,
  oneTimeTokens,
  portalMembers,
  teamInvites,
  users,
} from "../../db/schema";
import worker, { type EmailEnv } from "../../workers/email/index";
import {
  type AccountFixture,
  addToAccessGroup,
  createAccount,
  createContact,
  createTeamInvite,
  createTicket,
  createTicketMessage,
  createUser,
} from "../factories";
import { installFakeResend } from "../fakes/resend-fetch-mock";
import type { FakeResendModel } from "../fakes/resend-model";
import { emailEnv } from "./consumer-harness";

const db = createDb(env.DB);
let fake: FakeResendModel;

beforeAll(() => {
  fake = installFakeResend();
});

afterEach(() => {
  vi.restoreAllMocks();
});

type Delivery = { body: unknown; attempts?: number; id?: string };

/** What getQueueResult reports (its type is missing from the workers-types entry point we use). */
type QueueResult = {
  explicitAcks: string[];
  retryMessages: { msgId: string }[];
};

/** The result, with each retry's delay (which getQueueResult leaves out). */
type DeliveryResult = {
  ids: string[];
  explicitAcks: string[];
  retryMessages: { msgId: string; delaySeconds?: number }[];
};

const handler: ExportedHandler<EmailEnv, EmailMessage> = worker;

/** Runs one batch through the handler and returns what it acked and retried. */
async function deliver(
  deliveries: Delivery[],
  overrides: Partial<EmailEnv> = {},
): Promise<DeliveryResult> {
  const batch = createMessageBatch<unknown>(
    "portico-email",
    deliveries.map((delivery) => ({
      id: delivery.id ?? crypto.randomUUID(),
      timestamp: new Date(),
      attempts: delivery.attempts ?? 1,
      body: delivery.body,
    })),
  );
  const retries = new Map(
    batch.messages.map((message) => [message.id, vi.spyOn(message, "retry")]),
  );
  const ctx = createExecutionContext();
  await handler.queue?.(batch as MessageBatch<EmailMessage>, emailEnv(overrides), ctx);
  const result: QueueResult = await getQueueResult(batch, ctx);
  return {
    ids: batch.messages.map((message) => message.id),
    explicitAcks: result.explicitAcks,
    retryMessages: result.retryMessages.map(({ msgId }) => {
      const options = retries.get(msgId)?.mock.lastCall?.[0];
      return options?.delaySeconds === undefined
        ? { msgId }
        : { msgId, delaySeconds: options.delaySeconds };
    }),
  };
}

async function logRow(idempotencyKey: string) {
  const [row] = await db.select().from(emailLog).where(eq(emailLog.idempotencyKey, idempotencyKey));
  return row;
}

const key = () => `test-${crypto.randomUUID()}`;

/** A Dutch portal on an active custom domain, and a contact invited through an access group. */
async function invitePortal(options: Parameters<typeof createAccount>[1] = {}) {
  const fixture = await createAccount(db, {
    kind: "custom",
    status: "active",
    language: "nl",
    hostname: `help-${crypto.randomUUID().slice(0, 8)}.klant.example`,
    ...options,
  });
  const contact = await createContact(db, fixture.accountId, { name: "Piet Bakker" });
  await addToAccessGroup(db, {
    accountId: fixture.accountId,
    portalId: fixture.portalIds[0] as string,
    contactId: contact.contactId,
  });
  return { fixture, contact };
}

type Invite = Extract<EmailMessage, { kind: "access_group_invite" }>;

function invite(fixture: AccountFixture, contactId: string, idempotencyKey = key()): Invite {
  return {
    kind: "access_group_invite",
    idempotencyKey,
    accountId: fixture.accountId,
    portalId: fixture.portalIds[0] as string,
    contactId,
    token: `tok-${idempotencyKey}`,
  };
}

describe("a message that sends", () => {
  it("goes to Resend once, with the log row's key as Idempotency-Key, and is acked", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    const result = await deliver([{ body: message }]);

    expect(result.explicitAcks).toEqual(result.ids);
    expect(result.retryMessages).toEqual([]);
    const requests = fake.requestsFor(contact.email);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.idempotencyKey).toBe(message.idempotencyKey);
    expect(requests[0]?.authorization).toBe("Bearer re_test_key");

    const [email] = fake.emailsTo(contact.email);
    expect(email?.subject).toMatch(/^U bent uitgenodigd voor /);
    // The platform's address, under the account's name (app/lib/email/sender.ts).
    expect(email?.from).toBe(`"${fixture.name} via Portico" <no-reply@portico.test>`);
    expect(email?.text).toContain(`https://${fixture.hostname}/help/join/${message.token}`);

    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "sent",
      providerId: email?.id,
      recipient: contact.email,
      subject: email?.subject,
      attempts: 1,
      reason: null,
      // Outside dev mode the body, with its single-use link, is not kept.
      html: null,
      text: null,
    });
  });

  it.each<
    [string, { senderName: string | null; supportReplyTo: string | null }, string, string | null]
  >([
    [
      "the account's sender name and reply-to",
      { senderName: "Acme Support", supportReplyTo: "help@acme.example" },
      '"Acme Support via Portico" <no-reply@portico.test>',
      "help@acme.example",
    ],
    [
      "a sender name that tries to be an address",
      { senderName: "Evil <ceo@bank.com>", supportReplyTo: null },
      '"Evil ceo@bank.com via Portico" <no-reply@portico.test>',
      null,
    ],
    [
      "a sender name that tries to add a header",
      {
        senderName: 'x"\r\nBcc: victim@example.com',
        supportReplyTo: "a@b.example\r\nBcc: c@d.example",
      },
      '"x Bcc: victim@example.com via Portico" <no-reply@portico.test>',
      null,
    ],
  ])(
    "comes from the platform's address whatever the account stores: %s",
    async (_case, settings, from, replyTo) => {
      const { fixture, contact } = await invitePortal();
      await db.update(accounts).set(settings).where(eq(accounts.id, fixture.accountId));
      await deliver([{ body: invite(fixture, contact.contactId) }]);
      const [email] = fake.emailsTo(contact.email);
      expect(email?.from).toBe(from);
      expect(email?.from).toMatch(/^"[^"\r\n<>]*" <no-reply@portico\.test>$/);
      expect(email?.replyTo).toBe(replyTo);
    },
  );

  it("goes to the contact's membership email when there is one", async () => {
    const fixture = await createAccount(db, { language: "de" });
    const contact = await createContact(db, fixture.accountId, {
      email: `${crypto.randomUUID()}@kunde.example`,
      membershipEmail: `portal-${crypto.randomUUID()}@kunde.example`,
    });
    const message: EmailMessage = {
      kind: "registration",
      idempotencyKey: key(),
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
      token: "reg-token",
    };
    await deliver([{ body: message }]);
    expect(fake.emailsTo(contact.email)).toHaveLength(0);
    const [email] = fake.emailsTo(contact.signInEmail);
    expect(email?.subject).toMatch(/^Bestätigen Sie Ihre E-Mail-Adresse für /);
    expect(email?.text).toContain(`http://${fixture.hostname}/help/register/reg-token`);
  });
});

describe("sending exactly once", () => {
  it("a duplicate in the same batch sends one email and acks both", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    const result = await deliver([{ body: message }, { body: message }]);
    expect(result.explicitAcks.sort()).toEqual(result.ids.sort());
    expect(fake.requestsFor(contact.email)).toHaveLength(1);
    expect(fake.emailsTo(contact.email)).toHaveLength(1);
  });

  it("a redelivered sent message sends nothing", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    await deliver([{ body: message }]);
    const again = await deliver([{ body: message, attempts: 2 }]);
    expect(again.explicitAcks).toEqual(again.ids);
    expect(fake.requestsFor(contact.email)).toHaveLength(1);
    expect((await logRow(message.idempotencyKey))?.attempts).toBe(1);
  });

  it("a crash after Resend took the email but before the log said so replays into one email", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    await deliver([{ body: message }]);
    const [first] = fake.emailsTo(contact.email);
    // What the crash leaves behind: Resend has the email, the log row still says `sending`.
    await db
      .update(emailLog)
      .set({ status: "sending", providerId: null })
      .where(eq(emailLog.idempotencyKey, message.idempotencyKey));

    const replay = await deliver([{ body: message, attempts: 2 }]);

    expect(replay.explicitAcks).toEqual(replay.ids);
    const requests = fake.requestsFor(contact.email);
    expect(requests.map((request) => request.idempotencyKey)).toEqual([
      message.idempotencyKey,
      message.idempotencyKey,
    ]);
    expect(fake.emailsTo(contact.email)).toHaveLength(1);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "sent",
      providerId: first?.id,
      attempts: 2,
    });
  });

  it("records a message the app never logged", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    expect(await logRow(message.idempotencyKey)).toBeUndefined();
    await deliver([{ body: message }]);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      kind: "access_group_invite",
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0],
      status: "sent",
    });
  });
});

describe("transient failures are retried with back-off", () => {
  it.each([
    ["a 500", 500, "Resend 500 internal_server_error"],
    ["a 503", 503, "Resend 503 application_error"],
    ["a 429", 429, "Resend 429 rate_limit_exceeded"],
  ])("%s", async (_, status, reason) => {
    const { fixture, contact } = await invitePortal();
    fake.script(contact.email, [status]);
    const message = invite(fixture, contact.contactId);

    const first = await deliver([{ body: message }]);
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toEqual([{ msgId: first.ids[0], delaySeconds: 10 }]);
    const row = await logRow(message.idempotencyKey);
    expect(row?.status).toBe("queued");
    expect(row?.reason).toContain(`will retry: ${reason}`);

    const second = await deliver([{ body: message, attempts: 2 }]);
    expect(second.explicitAcks).toEqual(second.ids);
    expect(fake.emailsTo(contact.email)).toHaveLength(1);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "sent",
      attempts: 2,
      reason: null,
    });
  });

  it("doubles the delay with each attempt", async () => {
    const { fixture, contact } = await invitePortal();
    fake.script(contact.email, [500, 500]);
    const message = invite(fixture, contact.contactId);
    const second = await deliver([{ body: message, attempts: 2 }]);
    expect(second.retryMessages[0]?.delaySeconds).toBe(20);
    const third = await deliver([{ body: message, attempts: 3 }]);
    expect(third.retryMessages[0]?.delaySeconds).toBe(40);
  });

  it("a network failure (Resend answers { error } instead of throwing) is retried", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    const lostConnection = vi
      .spyOn(globalThis, "fetch")
      .mockRejectedValueOnce(new TypeError("Network connection lost."));
    const result = await deliver([{ body: message }]);
    expect(lostConnection).toHaveBeenCalledTimes(1);
    lostConnection.mockRestore();
    expect(result.retryMessages).toEqual([{ msgId: result.ids[0], delaySeconds: 10 }]);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    expect((await logRow(message.idempotencyKey))?.reason).toBe(
      "will retry: Resend network error application_error: Unable to fetch data. The request could not be resolved.",
    );
  });

  it("after the last attempt the log says failed and the message goes on to the dead-letter queue", async () => {
    const { fixture, contact } = await invitePortal();
    fake.script(contact.email, [500]);
    const message = invite(fixture, contact.contactId);
    // EMAIL_MAX_RETRIES is 3: the fourth delivery is the last.
    const last = await deliver([{ body: message, attempts: 4 }]);
    expect(last.explicitAcks).toEqual([]);
    expect(last.retryMessages.map((retry) => retry.msgId)).toEqual(last.ids);
    const row = await logRow(message.idempotencyKey);
    expect(row?.status).toBe("failed");
    expect(row?.reason).toMatch(
      /^Resend 500 internal_server_error: .* \(gave up after 4 attempts\)$/,
    );
    expect(row?.recipient).toBe(contact.email);
  });
});

describe("permanent failures are not retried", () => {
  it("a 422 fails the email and acks the message", async () => {
    const { fixture, contact } = await invitePortal();
    fake.script(contact.email, [422]);
    const message = invite(fixture, contact.contactId);
    const result = await deliver([{ body: message }]);
    expect(result.explicitAcks).toEqual(result.ids);
    expect(result.retryMessages).toEqual([]);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "failed",
      reason: "Resend 422 validation_error: fake error 422",
      attempts: 1,
    });
    // A redelivery of a failed email does nothing either.
    await deliver([{ body: message, attempts: 2 }]);
    expect(fake.requestsFor(contact.email)).toHaveLength(1);
  });

  it("a contact that no longer exists fails the email", async () => {
    const { fixture } = await invitePortal();
    const message = invite(fixture, "ctc_gone");
    const result = await deliver([{ body: message }]);
    expect(result.explicitAcks).toEqual(result.ids);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "failed",
      reason: "contact not found",
    });
  });
});

describe("one bad message never blocks the others in its batch", () => {
  it("acks the good ones whatever happens to the rest", async () => {
    const { fixture, contact } = await invitePortal();
    const other = await createContact(db, fixture.accountId);
    await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: other.contactId,
    });
    fake.script(other.email, [500]);
    const good = invite(fixture, contact.contactId);
    const flaky = invite(fixture, other.contactId);
    // An account that does not exist: recording it breaks a foreign key, so the handler throws.
    const broken = { ...invite(fixture, contact.contactId), accountId: "acc_missing" };
    const unreadable = { kind: "newsletter", idempotencyKey: key() };

    const result = await deliver([
      { body: unreadable, id: "unreadable" },
      { body: broken, id: "broken" },
      { body: flaky, id: "flaky" },
      { body: good, id: "good" },
    ]);

    expect(result.explicitAcks.sort()).toEqual(["good", "unreadable"]);
    expect(result.retryMessages.map((retry) => retry.msgId).sort()).toEqual(["broken", "flaky"]);
    expect((await logRow(good.idempotencyKey))?.status).toBe("sent");
    expect(fake.emailsTo(contact.email)).toHaveLength(1);
  });
});

describe("the access-group rule, decided from D1 at send time", () => {
  it("a system domain sends nothing and says so", async () => {
    const { fixture, contact } = await invitePortal({ kind: "system", hostname: undefined });
    const message = invite(fixture, contact.contactId);
    const result = await deliver([{ body: message }]);
    expect(result.explicitAcks).toEqual(result.ids);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason: "skipped: system domain",
      recipient: contact.email,
    });
  });

  it.each([
    ["pending", Date.now(), "skipped: domain pending"],
    ["removed", Date.now(), "skipped: domain removed"],
    ["misconfigured", Date.now() - 73 * 3_600_000, "skipped: domain not serving"],
  ] as const)("a %s custom domain sends nothing", async (status, statusChangedAt, reason) => {
    const { fixture, contact } = await invitePortal({ status, statusChangedAt });
    const message = invite(fixture, contact.contactId);
    await deliver([{ body: message }]);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    expect(await logRow(message.idempotencyKey)).toMatchObject({ status: "skipped", reason });
  });

  it("a contact who already accepted gets no invite", async () => {
    const fixture = await createAccount(db, { kind: "custom", hostname: `${key()}.example` });
    const contact = await createContact(db, fixture.accountId);
    await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
      inviteStatus: "accepted",
    });
    const message = invite(fixture, contact.contactId);
    await deliver([{ body: message }]);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    expect((await logRow(message.idempotencyKey))?.reason).toBe("skipped: invite already accepted");
  });

  it("a contact in none of the portal's access groups gets no invite", async () => {
    const fixture = await createAccount(db, { kind: "custom", hostname: `${key()}.example` });
    const contact = await createContact(db, fixture.accountId);
    const message = invite(fixture, contact.contactId);
    await deliver([{ body: message }]);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    expect((await logRow(message.idempotencyKey))?.reason).toBe(
      "skipped: not in an access group of the portal",
    );
  });

  it("registration and reset emails go out on a system domain", async () => {
    const fixture = await createAccount(db, { kind: "system" });
    const contact = await createContact(db, fixture.accountId);
    const common = {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
      token: "t0k3n",
    };
    await deliver([
      { body: { ...common, kind: "registration", idempotencyKey: key() } },
      { body: { ...common, kind: "password_reset", idempotencyKey: key() } },
    ]);
    const subjects = fake.emailsTo(contact.email).map((email) => email.subject);
    const portal = `Test ${fixture.accountId.slice(-8)} help`;
    expect(subjects.sort()).toEqual([
      `Confirm your email address for ${portal}`,
      `Reset your password for ${portal}`,
    ]);
  });
});

describe("membership emails on an access-group portal on a system domain", () => {
  it("the registration link is skipped; a reset and a ticket email still go out", async () => {
    const fixture = await createAccount(db, { kind: "system", accessMode: "access_groups" });
    const contact = await createContact(db, fixture.accountId);
    await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
      inviteStatus: "accepted",
    });
    const ticket = await createTicket(db, fixture, { contactId: contact.contactId });
    const common = {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
      token: "t0k3n",
    };
    const registration = { ...common, kind: "registration" as const, idempotencyKey: key() };
    await deliver([
      { body: registration },
      { body: { ...common, kind: "password_reset", idempotencyKey: key() } },
      {
        body: {
          kind: "ticket_received",
          idempotencyKey: key(),
          accountId: fixture.accountId,
          portalId: fixture.portalIds[0] as string,
          ticketId: ticket.ticketId,
        },
      },
    ]);
    expect(await logRow(registration.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason: "skipped: system domain",
      recipient: contact.email,
    });
    const subjects = fake.emailsTo(contact.email).map((email) => email.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects.some((subject) => subject.startsWith("Reset your password"))).toBe(true);
    expect(subjects.some((subject) => subject.startsWith("Confirm your email"))).toBe(false);
  });
});

describe("a link no email carries is not left usable", () => {
  /** A real link for the contact on the account's portal, and the message that would carry it. */
  async function linkMessage(
    fixture: AccountFixture,
    contactId: string,
    kind: "registration" | "password_reset" | "access_group_invite",
  ) {
    const ref = {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId,
    };
    const link = newLink(db, ref, kind, Date.now());
    await link.statement;
    const message = { ...ref, kind, idempotencyKey: key(), token: link.token } as EmailMessage;
    const usedAt = async () =>
      (await db.select().from(oneTimeTokens).where(eq(oneTimeTokens.id, link.id)))[0]?.usedAt;
    return { message, usedAt };
  }

  it("a skipped registration link is voided; a skipped invite's link stays for the admin to hand on", async () => {
    const fixture = await createAccount(db, { kind: "system", accessMode: "access_groups" });
    const contact = await createContact(db, fixture.accountId);
    await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
      inviteStatus: null,
    });
    const registration = await linkMessage(fixture, contact.contactId, "registration");
    const invitation = await linkMessage(fixture, contact.contactId, "access_group_invite");
    expect(await registration.usedAt()).toBeNull();
    await deliver([{ body: registration.message }, { body: invitation.message }]);
    for (const { message } of [registration, invitation]) {
      expect(await logRow(message.idempotencyKey)).toMatchObject({
        status: "skipped",
        reason: "skipped: system domain",
      });
    }
    expect(await registration.usedAt()).toBeGreaterThan(0);
    expect(await invitation.usedAt()).toBeNull();
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
  });

  it("a registration link that goes out stays usable; one refused by Resend is voided", async () => {
    const fixture = await createAccount(db, { kind: "system" });
    const contact = await createContact(db, fixture.accountId);
    const sent = await linkMessage(fixture, contact.contactId, "registration");
    await deliver([{ body: sent.message }]);
    expect((await logRow(sent.message.idempotencyKey))?.status).toBe("sent");
    expect(await sent.usedAt()).toBeNull();

    const refused = await createContact(db, fixture.accountId, {
      email: `bounce-${crypto.randomUUID().slice(0, 8)}@reject.example`,
    });
    fake.script(refused.email, [422]);
    const failed = await linkMessage(fixture, refused.contactId, "password_reset");
    await deliver([{ body: failed.message }]);
    expect((await logRow(failed.message.idempotencyKey))?.status).toBe("failed");
    expect(await failed.usedAt()).toBeGreaterThan(0);
  });
});

describe("ticket emails", () => {
  async function ticketFixture(notifyOnAgentReply = true) {
    const fixture = await createAccount(db, { kind: "system", language: "de" });
    const contact = await createContact(db, fixture.accountId, {
      name: "Max Mustermann",
      notifyOnAgentReply,
    });
    const agent = await createUser(db, fixture.accountId, { name: "Greta Owner" });
    const ticket = await createTicket(db, fixture, {
      contactId: contact.contactId,
      subject: "Lieferung fehlt",
    });
    const base = {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      ticketId: ticket.ticketId,
    };
    return { fixture, contact, agent, ticket, base };
  }

  it("ticket received: a confirmation with a link to the ticket", async () => {
    const { fixture, contact, ticket, base } = await ticketFixture();
    await deliver([{ body: { ...base, kind: "ticket_received", idempotencyKey: key() } }]);
    const [email] = fake.emailsTo(contact.email);
    expect(email?.subject).toBe(`Wir haben Ihr Ticket #${ticket.number} erhalten: Lieferung fehlt`);
    expect(email?.text).toContain(`http://${fixture.hostname}/help/tickets/${ticket.number}`);
  });

  it("agent replied: the reply text, the agent's first name and a link to the ticket", async () => {
    const { fixture, contact, agent, ticket, base } = await ticketFixture();
    const { messageId } = await createTicketMessage(db, {
      accountId: fixture.accountId,
      ticketId: ticket.ticketId,
      body: "Die Lieferung ist unterwegs.",
      author: { userId: agent.userId },
    });
    await deliver([{ body: { ...base, kind: "agent_replied", messageId, idempotencyKey: key() } }]);
    const [email] = fake.emailsTo(contact.email);
    expect(email?.text).toContain("Greta hat auf Ihr Ticket");
    expect(email?.text).toContain("> Die Lieferung ist unterwegs.");
    expect(email?.html).toContain(`/help/tickets/${ticket.number}"`);
  });

  it.each([
    ["an internal note", "internal", true, "skipped: internal note"],
    ["a contact who turned reply emails off", "public", false, "skipped: reply emails turned off"],
  ] as const)("agent replied: nothing for %s", async (_, visibility, notify, reason) => {
    const { fixture, contact, agent, ticket, base } = await ticketFixture(notify);
    const { messageId } = await createTicketMessage(db, {
      accountId: fixture.accountId,
      ticketId: ticket.ticketId,
      body: "INTERNAL-do-not-send",
      visibility,
      author: { userId: agent.userId },
    });
    const idempotencyKey = key();
    await deliver([{ body: { ...base, kind: "agent_replied", messageId, idempotencyKey } }]);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    expect(await logRow(idempotencyKey)).toMatchObject({ status: "skipped", reason });
  });

  it("a ticket of another account is not found", async () => {
    const { base } = await ticketFixture();
    const other = await createAccount(db);
    const idempotencyKey = key();
    await deliver([
      {
        body: {
          ...base,
          accountId: other.accountId,
          portalId: other.portalIds[0],
          kind: "ticket_received",
          idempotencyKey,
        },
      },
    ]);
    expect(await logRow(idempotencyKey)).toMatchObject({
      status: "failed",
      reason: "ticket not found",
    });
  });
});

/** The queue message the Team page sends for an invitation. */
function teamInvite(
  accountId: string,
  invitedByUserId: string,
  invite: { email: string; token: string },
) {
  return {
    kind: "dashboard_invite" as const,
    idempotencyKey: key(),
    accountId,
    email: invite.email,
    invitedByUserId,
    token: invite.token,
  };
}

describe("dashboard emails", () => {
  it("a teammate invite goes to the invited address, from the platform, in English", async () => {
    const fixture = await createAccount(db, { name: "Initech", language: "nl" });
    const owner = await createUser(db, fixture.accountId, { name: "Olivia Owner", role: "owner" });
    const invite = await createTeamInvite(db, {
      accountId: fixture.accountId,
      invitedByUserId: owner.userId,
    });
    await deliver([{ body: teamInvite(fixture.accountId, owner.userId, invite) }]);
    const [email] = fake.emailsTo(invite.email);
    expect(email?.subject).toBe("Olivia Owner invited you to Initech on Portico");
    expect(email?.from).toBe('"Portico" <no-reply@portico.test>');
    expect(email?.replyTo).toBeNull();
    expect(email?.text).toContain(`http://app.localhost/join/${invite.token}`);
  });

  it.each([
    ["accepted", { acceptedAt: Date.now() }, "skipped: invitation already accepted"],
    ["revoked", { revokedAt: Date.now() }, "skipped: invitation revoked"],
    ["expired", { expiresAt: Date.now() - 1000 }, "skipped: invitation expired"],
  ])("an invitation %s since is not sent", async (_, change, reason) => {
    const fixture = await createAccount(db);
    const owner = await createUser(db, fixture.accountId, { role: "owner" });
    const invite = await createTeamInvite(db, {
      accountId: fixture.accountId,
      invitedByUserId: owner.userId,
    });
    await db.update(teamInvites).set(change).where(eq(teamInvites.id, invite.inviteId));
    const message = teamInvite(fixture.accountId, owner.userId, invite);
    await deliver([{ body: message }]);
    expect(fake.emailsTo(invite.email)).toHaveLength(0);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason,
      recipient: invite.email,
    });
  });

  it("an older link of an invitation sent again, or of another account, is not sent", async () => {
    const fixture = await createAccount(db);
    const owner = await createUser(db, fixture.accountId, { role: "owner" });
    const invite = await createTeamInvite(db, {
      accountId: fixture.accountId,
      invitedByUserId: owner.userId,
    });
    const other = await createAccount(db);
    const foreign = teamInvite(other.accountId, owner.userId, invite);
    const stale = teamInvite(fixture.accountId, owner.userId, {
      ...invite,
      token: `${"a".repeat(24)}.${"b".repeat(32)}`,
    });
    await deliver([{ body: foreign }, { body: stale }]);
    expect(fake.emailsTo(invite.email)).toHaveLength(0);
    for (const message of [foreign, stale]) {
      expect((await logRow(message.idempotencyKey))?.reason).toBe(
        "skipped: invitation replaced by a newer link or gone",
      );
    }
  });

  it("an admin password reset goes to the user", async () => {
    const fixture = await createAccount(db);
    const user = await createUser(db, fixture.accountId, { name: "Alex Admin", role: "admin" });
    await deliver([
      {
        body: {
          kind: "dashboard_password_reset",
          idempotencyKey: key(),
          accountId: fixture.accountId,
          userId: user.userId,
          token: "reset-token",
        },
      },
    ]);
    const [email] = fake.emailsTo(user.email);
    expect(email?.subject).toBe("Reset your Portico password");
    expect(email?.text).toContain("http://app.localhost/reset-password/reset-token");
  });

  it("an email change: the link to the new address, the notice to the old one", async () => {
    const fixture = await createAccount(db);
    const user = await createUser(db, fixture.accountId, { name: "Alex Admin", role: "admin" });
    await deliver([
      {
        body: {
          kind: "dashboard_email_change",
          idempotencyKey: key(),
          accountId: fixture.accountId,
          userId: user.userId,
          email: "alex@new.example",
          token: "change-token",
        },
      },
      {
        body: {
          kind: "dashboard_email_change_notice",
          idempotencyKey: key(),
          accountId: fixture.accountId,
          userId: user.userId,
          email: user.email,
          newEmail: "alex@new.example",
        },
      },
    ]);
    const [link] = fake.emailsTo("alex@new.example");
    expect(link?.text).toContain("http://app.localhost/profile/email/change-token");
    const [notice] = fake.emailsTo(user.email);
    expect(notice?.text).toContain("alex@new.example");
    expect(notice?.text).not.toContain("change-token");
  });

  it("a verification email goes to the user with a link to /verify; none once verified", async () => {
    const fixture = await createAccount(db, { name: "Verifico" });
    const user = await createUser(db, fixture.accountId, { name: "Vera Owner", role: "owner" });
    const message = (idempotencyKey: string) => ({
      body: {
        kind: "dashboard_email_verification" as const,
        idempotencyKey,
        accountId: fixture.accountId,
        userId: user.userId,
        token: "verify-token",
      },
    });
    await deliver([message(key())]);
    const [email] = fake.emailsTo(user.email);
    expect(email?.subject).toBe("Verify your email address for Portico");
    expect(email?.from).toBe('"Portico" <no-reply@portico.test>');
    expect(email?.text).toContain("Hello Vera,");
    expect(email?.text).toContain("You created the account Verifico");
    expect(email?.text).toContain("http://app.localhost/verify/verify-token");

    await db.update(users).set({ emailVerifiedAt: Date.now() }).where(eq(users.id, user.userId));
    const again = key();
    await deliver([message(again)]);
    expect(fake.emailsTo(user.email)).toHaveLength(1);
    expect(await logRow(again)).toMatchObject({
      status: "skipped",
      reason: "skipped: already verified",
    });
  });

  it("a user of another account gets no reset email", async () => {
    const fixture = await createAccount(db);
    const stranger = await createUser(db, (await createAccount(db)).accountId);
    const idempotencyKey = key();
    await deliver([
      {
        body: {
          kind: "dashboard_password_reset",
          idempotencyKey,
          accountId: fixture.accountId,
          userId: stranger.userId,
          token: "reset-token",
        },
      },
    ]);
    expect(fake.emailsTo(stranger.email)).toHaveLength(0);
    expect((await logRow(idempotencyKey))?.reason).toBe("user not found");
  });
});

describe("the email about a misconfigured domain", () => {
  /** An account on a custom domain that turned misconfigured an hour ago, TXT record missing. */
  async function misconfigured() {
    const hostname = `help-${crypto.randomUUID().slice(0, 8)}.klant.example`;
    const turnedAt = Date.now() - 3_600_000;
    const fixture = await createAccount(db, {
      kind: "custom",
      status: "misconfigured",
      statusChangedAt: turnedAt,
      hostname,
    });
    await db
      .update(domains)
      .set({
        lastCheckError: JSON.stringify([
          { code: "txt.missing", name: `_portico-verify.${hostname}` },
          { code: "cname.missing", expected: "customers.portico.dev" },
        ]),
      })
      .where(eq(domains.id, fixture.domainId));
    await db.update(accounts).set({ timeZone: "UTC" }).where(eq(accounts.id, fixture.accountId));
    const admin = await createUser(db, fixture.accountId, { name: "Adam Admin", role: "admin" });
    const message = (userId: string) => ({
      kind: "domain_misconfigured" as const,
      idempotencyKey: key(),
      accountId: fixture.accountId,
      userId,
      domainId: fixture.domainId,
    });
    return { fixture, hostname, turnedAt, admin, message };
  }

  it("tells an admin which hostname, what is wrong and when the portals stop serving", async () => {
    const { fixture, hostname, turnedAt, admin, message } = await misconfigured();
    await deliver([{ body: message(admin.userId) }]);
    const [email] = fake.emailsTo(admin.email);
    expect(email?.subject).toBe(
      `Action needed: the DNS records of ${hostname} no longer check out`,
    );
    expect(email?.from).toBe('"Portico" <no-reply@portico.test>');
    expect(email?.text).toContain("Hello Adam,");
    expect(email?.text).toContain(
      `TXT record missing: no TXT record at _portico-verify.${hostname}.`,
    );
    // Advice (the CNAME) is not what is wrong.
    expect(email?.text).not.toContain("No CNAME");
    const stopsAt = new Intl.DateTimeFormat("en", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "UTC",
    }).format(turnedAt + 72 * 3_600_000);
    expect(email?.text).toContain(
      `The portals on it (${fixture.name} help) keep serving until ${stopsAt} (UTC)`,
    );
    expect(email?.text).toContain(
      `http://app.localhost/a/t-${fixture.accountId.slice(-8)}/domains/${fixture.domainId}`,
    );
  });

  it("sends nothing to a teammate who is no longer an admin, nor once the domain is fixed", async () => {
    const { fixture, admin, message } = await misconfigured();
    const agent = await createUser(db, fixture.accountId, { role: "agent" });
    const toAgent = message(agent.userId);
    await deliver([{ body: toAgent }]);
    expect(fake.emailsTo(agent.email)).toHaveLength(0);
    expect(await logRow(toAgent.idempotencyKey)).toMatchObject({
      status: "skipped",
      reason: "skipped: no longer an admin",
    });

    await db.update(domains).set({ status: "active" }).where(eq(domains.id, fixture.domainId));
    const fixed = message(admin.userId);
    await deliver([{ body: fixed }]);
    expect(fake.emailsTo(admin.email)).toHaveLength(0);
    expect((await logRow(fixed.idempotencyKey))?.reason).toBe("skipped: domain active now");
  });

  it("a domain of another account is not found", async () => {
    const { admin, message } = await misconfigured();
    const other = await createAccount(db, { kind: "custom", status: "misconfigured" });
    const foreign = { ...message(admin.userId), domainId: other.domainId };
    await deliver([{ body: foreign }]);
    expect(fake.emailsTo(admin.email)).toHaveLength(0);
    expect((await logRow(foreign.idempotencyKey))?.reason).toBe("domain not found");
  });
});

describe("without RESEND_API_KEY", () => {
  it("in dev mode nothing leaves: the rendered email is kept for the dev mailbox", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    const result = await deliver([{ body: message }], {
      DEV_MODE: "true",
      RESEND_API_KEY: undefined,
    });
    expect(result.explicitAcks).toEqual(result.ids);
    expect(fake.requestsFor(contact.email)).toHaveLength(0);
    const row = await logRow(message.idempotencyKey);
    expect(row).toMatchObject({
      status: "sent",
      providerId: "dev-mailbox",
      recipient: contact.email,
    });
    expect(row?.subject).toMatch(/^U bent uitgenodigd voor /);
    expect(row?.html).toContain(`href="https://${fixture.hostname}/help/join/${message.token}"`);
    expect(row?.text).toContain(`https://${fixture.hostname}/help/join/${message.token}`);
  });

  it("in production it is a loud configuration error: retried, and the log says why", async () => {
    const { fixture, contact } = await invitePortal();
    const message = invite(fixture, contact.contactId);
    const result = await deliver([{ body: message }], { RESEND_API_KEY: undefined });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: result.ids[0], delaySeconds: 10 }]);
    expect(await logRow(message.idempotencyKey)).toMatchObject({
      status: "queued",
      reason: "will retry: configuration error: RESEND_API_KEY is not set",
      html: null,
    });
  });
});

describe("an invite's outcome shows on the contact's standing on the portal", () => {
  async function standing(fixture: AccountFixture, contactId: string) {
    const [row] = await db
      .select()
      .from(portalMembers)
      .where(
        and(
          eq(portalMembers.portalId, fixture.portalIds[0] as string),
          eq(portalMembers.contactId, contactId),
        ),
      );
    return row;
  }

  it("sent: pending, invited now", async () => {
    const { fixture, contact } = await invitePortal();
    const before = Date.now();
    await deliver([{ body: invite(fixture, contact.contactId) }]);
    const row = await standing(fixture, contact.contactId);
    expect(row?.inviteStatus).toBe("pending");
    expect(row?.invitedAt).toBeGreaterThanOrEqual(before);
  });

  it("refused by Resend: failed", async () => {
    const { fixture, contact } = await invitePortal();
    fake.script(contact.email, [422]);
    await deliver([{ body: invite(fixture, contact.contactId) }]);
    expect((await standing(fixture, contact.contactId))?.inviteStatus).toBe("failed");
  });
});
