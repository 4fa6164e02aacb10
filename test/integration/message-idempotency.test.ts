// A reply or note submitted twice from the same rendering of its form — a double click without
// JavaScript, a browser retrying the request — writes one message: one row, one change of the
// ticket's stage, one set of emails, its files attached once. The key is the form's, per ticket,
// author and account: another form, ticket or account writes normally. Every test makes its own
// accounts (test/factories.ts).
import { env, SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { newFormKey } from "../../app/lib/db/ids";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createTicket } from "../factories";
import { accountUrl, createTeam } from "../support/dashboard";
import { getPage, postForm, signInPortal } from "../support/http";
import { postFormSettled } from "../support/settled";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";

/** An account with its team, a contact signed in on its portal, and one ticket of theirs. */
async function desk(name = "Once Ltd") {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  const contact = await createContact(db, account.accountId, {
    name: "Robin Requester",
    passwordHash: await hashPassword(PASSWORD),
  });
  const ticket = await createTicket(db, account, { contactId: contact.contactId });
  const base = `http://${account.hostname}/help`;
  const cookie = await signInPortal(base, contact.email, PASSWORD);
  return {
    account,
    team,
    contact,
    ticket,
    cookie,
    portalUrl: `${base}/tickets/${ticket.number}`,
    agentUrl: accountUrl(team.slug, `/tickets/${ticket.number}`),
  };
}

async function messagesOf(ticketId: string) {
  return db
    .select()
    .from(s.ticketMessages)
    .where(eq(s.ticketMessages.ticketId, ticketId))
    .orderBy(s.ticketMessages.createdAt, s.ticketMessages.id);
}

async function emailsOf(accountId: string, kind: string) {
  const rows = await db
    .select({ payload: s.emailLog.payload })
    .from(s.emailLog)
    .where(and(eq(s.emailLog.accountId, accountId), eq(s.emailLog.kind, kind)));
  return rows.map((row) => row.payload as Record<string, string>);
}

async function ticketRow(id: string) {
  const [row] = await db.select().from(s.tickets).where(eq(s.tickets.id, id));
  if (!row) throw new Error("no ticket");
  return row;
}

/** The key a rendering of the page put in its form. */
function formKeyIn(html: string): string {
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
  if (!key) throw new Error("the form carries no key");
  return key;
}

describe("a customer's reply", () => {
  it("the page's form carries a fresh key each time it is rendered", async () => {
    const d = await desk();
    const first = await getPage(d.portalUrl, d.cookie);
    const second = await getPage(d.portalUrl, d.cookie);
    expect(first.response.status).toBe(200);
    expect(formKeyIn(first.body)).toMatch(/^frm_[a-z0-9]+$/);
    expect(formKeyIn(first.body)).not.toBe(formKeyIn(second.body));
  });

  it("posted twice with one key: one message, one email per agent, the stage as after one", async () => {
    const d = await desk();
    const form = { intent: "reply", body: "Still broken.", idempotencyKey: newFormKey() };
    const first = await postFormSettled(d.portalUrl, form, { cookie: d.cookie });
    expect(first.response.status).toBe(302);
    // An agent answers before the browser's retry arrives: the retry must not undo that.
    await postForm(
      d.agentUrl,
      { intent: "reply", body: "Try again now.", idempotencyKey: newFormKey() },
      { cookie: d.team.agent.cookie },
    );
    const before = await ticketRow(d.ticket.ticketId);
    expect(before.status).toBe("waiting_on_contact");
    const second = await postFormSettled(d.portalUrl, form, { cookie: d.cookie });
    expect(second.response.status).toBe(302);
    expect(second.response.headers.get("location")).toBe(first.response.headers.get("location"));

    const messages = await messagesOf(d.ticket.ticketId);
    expect(messages.map((m) => m.body)).toEqual(["Still broken.", "Try again now."]);
    const after = await ticketRow(d.ticket.ticketId);
    expect(after.status).toBe("waiting_on_contact");
    expect(after.lastActivityAt).toBe(before.lastActivityAt);
    const emails = await emailsOf(d.account.accountId, "customer_replied");
    const team = [d.team.owner.userId, d.team.admin.userId, d.team.agent.userId].sort();
    expect(emails.map((email) => email.userId).sort()).toEqual(team);
    expect(new Set(emails.map((email) => email.messageId))).toEqual(new Set([messages[0]?.id]));
  });

  it("posted 10 times at once with one key: one message and one email per agent", async () => {
    const d = await desk();
    const form = { intent: "reply", body: "Hello?", idempotencyKey: newFormKey() };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => postFormSettled(d.portalUrl, form, { cookie: d.cookie })),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(302));
    expect(new Set(results.map((r) => r.response.headers.get("location"))).size).toBe(1);
    const messages = await messagesOf(d.ticket.ticketId);
    expect(messages).toHaveLength(1);
    expect((await ticketRow(d.ticket.ticketId)).status).toBe("waiting_on_us");
    const emails = await emailsOf(d.account.accountId, "customer_replied");
    expect(emails).toHaveLength(3);
    expect(new Set(emails.map((email) => email.messageId))).toEqual(new Set([messages[0]?.id]));
  });

  it("two forms (two keys) are two messages, with two sets of emails", async () => {
    const d = await desk();
    for (const body of ["First.", "Second."]) {
      const posted = await postFormSettled(
        d.portalUrl,
        { intent: "reply", body, idempotencyKey: newFormKey() },
        { cookie: d.cookie },
      );
      expect(posted.response.status).toBe(302);
    }
    expect((await messagesOf(d.ticket.ticketId)).map((m) => m.body)).toEqual(["First.", "Second."]);
    expect(await emailsOf(d.account.accountId, "customer_replied")).toHaveLength(6);
  });

  it("a page from before forms carried a key, or a mangled key, still replies", async () => {
    const d = await desk();
    const forms: Record<string, string>[] = [
      { intent: "reply", body: "No key." },
      { intent: "reply", body: "No key." },
      { intent: "reply", body: "Bad key.", idempotencyKey: "NOT A KEY; drop table" },
      { intent: "reply", body: "Empty key.", idempotencyKey: "" },
    ];
    for (const form of forms) {
      expect((await postForm(d.portalUrl, form, { cookie: d.cookie })).response.status).toBe(302);
    }
    expect((await messagesOf(d.ticket.ticketId)).map((m) => m.body)).toEqual([
      "No key.",
      "No key.",
      "Bad key.",
      "Empty key.",
    ]);
  });

  it("a repeat's files stay pending (for the sweep); the first submit's are attached once", async () => {
    const d = await desk();
    const key = newFormKey();
    const post = (name: string) => {
      const form = new FormData();
      form.append("intent", "reply");
      form.append("body", "See the log.");
      form.append("idempotencyKey", key);
      form.append("files", new File([`contents of ${name}`], name, { type: "text/plain" }));
      return SELF.fetch(
        new Request(d.portalUrl, {
          method: "POST",
          body: form,
          headers: {
            Host: new URL(d.portalUrl).host,
            Origin: new URL(d.portalUrl).origin,
            Cookie: d.cookie,
          },
          redirect: "manual",
        }),
      );
    };
    expect((await post("first.txt")).status).toBe(302);
    expect((await post("again.txt")).status).toBe(302);
    const [message, ...more] = await messagesOf(d.ticket.ticketId);
    expect(more).toEqual([]);
    const files = await db
      .select()
      .from(s.attachments)
      .where(eq(s.attachments.accountId, d.account.accountId));
    const byName = Object.fromEntries(files.map((file) => [file.fileName, file]));
    expect(byName["first.txt"]).toMatchObject({ status: "attached", messageId: message?.id });
    expect(byName["again.txt"]).toMatchObject({ status: "pending", messageId: null });
  });
});

describe("an agent's reply or note", () => {
  it("the page's form carries a fresh key each time it is rendered", async () => {
    const d = await desk();
    const first = await getPage(d.agentUrl, d.team.agent.cookie);
    const second = await getPage(d.agentUrl, d.team.agent.cookie);
    expect(first.response.status).toBe(200);
    expect(formKeyIn(first.body)).not.toBe(formKeyIn(second.body));
  });

  it("a reply posted twice with one key: one message, one agent_replied email", async () => {
    const d = await desk();
    const form = { intent: "reply", body: "Fixed now.", idempotencyKey: newFormKey() };
    const cookie = d.team.agent.cookie;
    const first = await postForm(d.agentUrl, form, { cookie });
    const second = await postForm(d.agentUrl, form, { cookie });
    expect([first.response.status, second.response.status]).toEqual([302, 302]);
    expect(second.response.headers.get("location")).toBe(first.response.headers.get("location"));
    const messages = await messagesOf(d.ticket.ticketId);
    expect(messages.map((m) => [m.body, m.visibility])).toEqual([["Fixed now.", "public"]]);
    const emails = await emailsOf(d.account.accountId, "agent_replied");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.messageId).toBe(messages[0]?.id);
    expect((await ticketRow(d.ticket.ticketId)).status).toBe("waiting_on_contact");
  });

  it("a reply posted 10 times at once with one key: one message, one email", async () => {
    const d = await desk();
    const form = { intent: "reply", body: "On it.", idempotencyKey: newFormKey() };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => postForm(d.agentUrl, form, { cookie: d.team.agent.cookie })),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(302));
    expect(await messagesOf(d.ticket.ticketId)).toHaveLength(1);
    expect(await emailsOf(d.account.accountId, "agent_replied")).toHaveLength(1);
  });

  it("a note posted twice with one key: one note, and the stage stays", async () => {
    const d = await desk();
    const form = {
      intent: "note",
      body: "Customer is on the old plan.",
      idempotencyKey: newFormKey(),
    };
    for (let i = 0; i < 2; i += 1) {
      expect(
        (await postForm(d.agentUrl, form, { cookie: d.team.agent.cookie })).response.status,
      ).toBe(302);
    }
    const messages = await messagesOf(d.ticket.ticketId);
    expect(messages.map((m) => [m.body, m.visibility])).toEqual([
      ["Customer is on the old plan.", "internal"],
    ]);
    expect((await ticketRow(d.ticket.ticketId)).status).toBe("new");
    expect(await emailsOf(d.account.accountId, "agent_replied")).toEqual([]);
  });

  it("two keys are two messages; without a key (an old page) every submit is written", async () => {
    const d = await desk();
    const cookie = d.team.agent.cookie;
    const forms: Record<string, string>[] = [
      { intent: "reply", body: "One.", idempotencyKey: newFormKey() },
      { intent: "reply", body: "Two.", idempotencyKey: newFormKey() },
      { intent: "note", body: "Three." },
      { intent: "note", body: "Three." },
    ];
    for (const form of forms) {
      expect((await postForm(d.agentUrl, form, { cookie })).response.status).toBe(302);
    }
    expect((await messagesOf(d.ticket.ticketId)).map((m) => m.body)).toEqual([
      "One.",
      "Two.",
      "Three.",
      "Three.",
    ]);
    expect(await emailsOf(d.account.accountId, "agent_replied")).toHaveLength(2);
  });
});

describe("the key's scope", () => {
  it("the same key on another account's ticket, another ticket, or by another author writes there", async () => {
    const acme = await desk("Acme Once");
    const globex = await desk("Globex Once");
    const key = newFormKey();
    const other = await createTicket(db, acme.account, { contactId: acme.contact.contactId });
    const posts = [
      postForm(
        acme.portalUrl,
        { intent: "reply", body: "Acme contact.", idempotencyKey: key },
        {
          cookie: acme.cookie,
        },
      ),
      postForm(
        `http://${acme.account.hostname}/help/tickets/${other.number}`,
        { intent: "reply", body: "Acme other ticket.", idempotencyKey: key },
        { cookie: acme.cookie },
      ),
      postForm(
        acme.agentUrl,
        { intent: "reply", body: "Acme agent.", idempotencyKey: key },
        {
          cookie: acme.team.agent.cookie,
        },
      ),
      postForm(
        acme.agentUrl,
        { intent: "note", body: "Acme owner.", idempotencyKey: key },
        {
          cookie: acme.team.owner.cookie,
        },
      ),
      postForm(
        globex.portalUrl,
        { intent: "reply", body: "Globex contact.", idempotencyKey: key },
        {
          cookie: globex.cookie,
        },
      ),
      postForm(
        globex.agentUrl,
        { intent: "reply", body: "Globex agent.", idempotencyKey: key },
        {
          cookie: globex.team.agent.cookie,
        },
      ),
    ];
    for (const posted of await Promise.all(posts)) expect(posted.response.status).toBe(302);
    const bodies = async (ticketId: string) =>
      (await messagesOf(ticketId)).map((m) => m.body).sort();
    expect(await bodies(acme.ticket.ticketId)).toEqual([
      "Acme agent.",
      "Acme contact.",
      "Acme owner.",
    ]);
    expect(await bodies(other.ticketId)).toEqual(["Acme other ticket."]);
    expect(await bodies(globex.ticket.ticketId)).toEqual(["Globex agent.", "Globex contact."]);
    for (const row of await messagesOf(globex.ticket.ticketId)) {
      expect(row.accountId).toBe(globex.account.accountId);
    }
  });

  it("a Globex agent posting to an Acme ticket number with Acme's key gets 404 and changes nothing", async () => {
    const acme = await desk("Acme Once");
    const globex = await desk("Globex Once");
    const key = newFormKey();
    const form = { intent: "reply", body: "Acme agent.", idempotencyKey: key };
    expect(
      (await postForm(acme.agentUrl, form, { cookie: acme.team.agent.cookie })).response.status,
    ).toBe(302);
    const foreign = accountUrl(acme.team.slug, `/tickets/${acme.ticket.number}`);
    const posted = await postForm(
      foreign,
      { ...form, body: "leak" },
      { cookie: globex.team.agent.cookie },
    );
    expect(posted.response.status).toBe(404);
    expect((await messagesOf(acme.ticket.ticketId)).map((m) => m.body)).toEqual(["Acme agent."]);
  });
});
