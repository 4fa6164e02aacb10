// Who on the team is told when a contact opens a ticket or replies in a portal: one queued email per
// agent, by the preference for the kind, the assignee alone when there is one, never an agent who
// left, and never twice for one message however often the request is retried.
import { env } from "cloudflare:test";
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact } from "../factories";
import { createMember, createTeam } from "../support/dashboard";
import { signInPortal } from "../support/http";
import { postFormSettled } from "../support/settled";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";

async function desk() {
  const fixture = await createAccount(db, { name: "Notify Ltd" });
  const team = await createTeam(db, fixture);
  const [quiet, leaver, contact] = await Promise.all([
    createMember(db, fixture.accountId, "agent", { name: "Quinn Quiet" }),
    createMember(db, fixture.accountId, "agent", { name: "Lee Leaver" }),
    createContact(db, fixture.accountId, {
      name: "Jan de Vries",
      // On an "anyone with a ticket" portal, signing in takes a ticket.
      withTicket: { inboxId: fixture.inboxId },
      passwordHash: await hashPassword(PASSWORD),
    }),
  ]);
  const agentRow = (userId: string) =>
    and(eq(s.agents.accountId, fixture.accountId), eq(s.agents.userId, userId));
  await db.batch([
    db
      .update(s.agents)
      .set({ notifyNewTicket: false, notifyCustomerReplied: false })
      .where(agentRow(quiet.userId)),
    db
      .delete(s.memberships)
      .where(
        and(
          eq(s.memberships.accountId, fixture.accountId),
          eq(s.memberships.userId, leaver.userId),
        ),
      ),
    db.update(s.agents).set({ leftAt: Date.now() }).where(agentRow(leaver.userId)),
  ]);
  const base = `http://${fixture.hostname}/help`;
  const cookie = await signInPortal(base, contact.email, PASSWORD);
  return { fixture, team, quiet, leaver, contact, base, cookie };
}

/** The queued emails of a kind, as (user, message) pairs. */
async function queued(accountId: string, kind: string) {
  const rows = await db
    .select({ payload: s.emailLog.payload, key: s.emailLog.idempotencyKey })
    .from(s.emailLog)
    .where(and(eq(s.emailLog.accountId, accountId), like(s.emailLog.kind, kind)));
  return rows.map((row) => row.payload as Record<string, string>);
}

async function openTicket(
  d: Awaited<ReturnType<typeof desk>>,
  key = crypto.randomUUID().replaceAll("-", ""),
) {
  const result = await postFormSettled(
    `${d.base}/tickets/new`,
    { subject: "VPN valt weg", description: "Sinds vanochtend.", idempotencyKey: `frm_${key}` },
    { cookie: d.cookie },
  );
  expect(result.response.status).toBe(302);
  const number = Number(/tickets\/(\d+)/.exec(result.response.headers.get("location") ?? "")?.[1]);
  const [ticket] = await db
    .select()
    .from(s.tickets)
    .where(and(eq(s.tickets.accountId, d.fixture.accountId), eq(s.tickets.number, number)));
  if (!ticket) throw new Error("no ticket");
  return { ...result, ticket };
}

describe("new ticket", () => {
  it("goes to every agent still on the team who wants it, once per message and agent", async () => {
    const d = await desk();
    const key = crypto.randomUUID().replaceAll("-", "");
    const first = await openTicket(d, key);
    expect(first.deferred).toBeGreaterThan(0);
    // The same form submitted again (a retried request): the same ticket, no second email.
    await openTicket(d, key);
    const emails = await queued(d.fixture.accountId, "new_ticket");
    const expected = [d.team.owner.userId, d.team.admin.userId, d.team.agent.userId].sort();
    expect(emails.map((email) => email.userId).sort()).toEqual(expected);
    const [message] = await db
      .select({ id: s.ticketMessages.id })
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.ticketId, first.ticket.id));
    for (const email of emails) {
      expect(email).toMatchObject({ ticketId: first.ticket.id, messageId: message?.id });
    }
  });
});

describe("customer replied", () => {
  async function reply(d: Awaited<ReturnType<typeof desk>>, number: number, body: string) {
    const result = await postFormSettled(
      `${d.base}/tickets/${number}`,
      { intent: "reply", body },
      { cookie: d.cookie },
    );
    expect(result.response.status).toBe(302);
  }

  it("goes to the assignee alone when the ticket has one", async () => {
    const d = await desk();
    const { ticket } = await openTicket(d);
    await db
      .update(s.tickets)
      .set({ assigneeUserId: d.team.agent.userId })
      .where(eq(s.tickets.id, ticket.id));
    await reply(d, ticket.number, "Nog steeds kapot.");
    const emails = await queued(d.fixture.accountId, "customer_replied");
    expect(emails.map((email) => email.userId)).toEqual([d.team.agent.userId]);
  });

  it("goes to every agent who wants it when the ticket is unassigned or its assignee left", async () => {
    const d = await desk();
    const { ticket } = await openTicket(d);
    await db
      .update(s.tickets)
      .set({ assigneeUserId: d.leaver.userId })
      .where(eq(s.tickets.id, ticket.id));
    await reply(d, ticket.number, "Eerste reactie.");
    await reply(d, ticket.number, "Tweede reactie.");
    const emails = await queued(d.fixture.accountId, "customer_replied");
    const team = [d.team.owner.userId, d.team.admin.userId, d.team.agent.userId];
    expect(emails).toHaveLength(6);
    expect(new Set(emails.map((email) => email.messageId)).size).toBe(2);
    expect(new Set(emails.map((email) => email.userId))).toEqual(new Set(team));
  });

  it("nobody is told when the only agent who would be has turned it off", async () => {
    const d = await desk();
    const { ticket } = await openTicket(d);
    await db
      .update(s.tickets)
      .set({ assigneeUserId: d.quiet.userId })
      .where(eq(s.tickets.id, ticket.id));
    await reply(d, ticket.number, "Hallo?");
    expect(await queued(d.fixture.accountId, "customer_replied")).toEqual([]);
  });
});
