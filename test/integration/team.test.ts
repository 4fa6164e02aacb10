// The Team page and the teammate's invitation link, through the app worker: invite, join (new and
// existing users), the link's single use, roles, removal, ownership, and the races the database
// settles. Only the link's hash is stored and the queue's messages cannot be read back here, so a
// test gets a working link the way an admin's "Resend" makes one (resendInvite, into a recording
// queue); the email worker's own tests cover the email itself.
import { env } from "cloudflare:test";
import { and, desc, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../app/lib/email/messages";
import { resendInvite } from "../../app/lib/team/invites.server";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createTicket, createUser } from "../factories";
import { accountUrl, createMember, createTeam, DASHBOARD, type Team } from "../support/dashboard";
import { cookieFrom, getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const PASSWORD = "orchard ladder 77";

function recordingQueue() {
  const sent: EmailMessage[] = [];
  const queue = {
    send: async (body: EmailMessage) => {
      sent.push(body);
    },
  };
  return { sent, queue: queue as unknown as Queue<EmailMessage> };
}

async function newTeam(name = "Team Ltd") {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  return { account, team, url: accountUrl(team.slug, "/team") };
}

function openInvites(accountId: string) {
  return db
    .select()
    .from(s.teamInvites)
    .where(and(eq(s.teamInvites.accountId, accountId), isNull(s.teamInvites.revokedAt)));
}

async function inviteRow(accountId: string, email: string) {
  const [row] = await db
    .select()
    .from(s.teamInvites)
    .where(and(eq(s.teamInvites.accountId, accountId), eq(s.teamInvites.email, email)))
    .orderBy(desc(s.teamInvites.createdAt));
  return row;
}

async function membership(accountId: string, userId: string) {
  const [row] = await db
    .select()
    .from(s.memberships)
    .where(and(eq(s.memberships.accountId, accountId), eq(s.memberships.userId, userId)));
  return row;
}

async function auditOf(accountId: string, action: string) {
  return db
    .select()
    .from(s.auditLog)
    .where(and(eq(s.auditLog.accountId, accountId), eq(s.auditLog.action, action)));
}

/** An invitation made on the page by `cookie`, and a working link to it. */
async function invite(
  url: string,
  cookie: string,
  accountId: string,
  email: string,
  role: "admin" | "agent" = "agent",
) {
  const { response } = await postForm(url, { intent: "invite", email, role }, { cookie });
  expect(response.status).toBe(302);
  const row = await inviteRow(accountId, email);
  if (!row) throw new Error("no invitation row");
  const [member] = await db
    .select({ userId: s.memberships.userId })
    .from(s.memberships)
    .where(and(eq(s.memberships.accountId, accountId), eq(s.memberships.role, "owner")));
  return { row, link: await linkTo(accountId, member?.userId ?? "", row.id) };
}

/** A fresh link to the invitation, as "Resend" by `actorUserId` makes one. */
async function linkTo(accountId: string, actorUserId: string, inviteId: string) {
  const { sent, queue } = recordingQueue();
  const ok = await resendInvite(
    { db, env: { EMAIL_QUEUE: queue } },
    { account: { id: accountId }, actorUserId, inviteId, ttlMs: 60 * 60 * 1000 },
  );
  const message = sent[0];
  if (!ok || message?.kind !== "dashboard_invite") throw new Error("no link");
  return `${DASHBOARD}/join/${message.token}`;
}

async function userByEmail(email: string) {
  const [row] = await db.select().from(s.users).where(eq(s.users.email, email));
  return row;
}

describe("inviting a teammate", () => {
  let fixture: Awaited<ReturnType<typeof newTeam>>;
  beforeAll(async () => {
    fixture = await newTeam();
  });

  it("queues the invitation email, audits it, and lists it as pending", async () => {
    const { account, team, url } = fixture;
    const email = "nina@new.example";
    const { response } = await postForm(
      url,
      { intent: "invite", email: " Nina@New.Example ", role: "admin" },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/a/${team.slug}/team?done=invited`);
    const row = await inviteRow(account.accountId, email);
    expect(row).toMatchObject({ role: "admin", invitedByUserId: team.admin.userId });
    expect(row?.id).toMatch(/^[a-z2-7]{24}$/);
    expect(row?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const [queued] = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.idempotencyKey, `dashboard_invite:${row?.id}`));
    expect(queued).toMatchObject({ kind: "dashboard_invite", status: "queued" });
    expect(queued?.payload).toEqual({
      kind: "dashboard_invite",
      idempotencyKey: `dashboard_invite:${row?.id}`,
      accountId: account.accountId,
      email,
      invitedByUserId: team.admin.userId,
      tokenId: row?.id,
    });
    expect(await auditOf(account.accountId, "team.invite")).toEqual([
      expect.objectContaining({
        actorUserId: team.admin.userId,
        target: email,
        details: { before: {}, after: { role: "admin" } },
      }),
    ]);
    const page = await getPage(`${url}?done=invited`, team.admin.cookie);
    expect(page.body).toContain("Invitation sent.");
    expect(page.body).toContain(email);
    expect(page.body).toContain("Adam Admin");
  });

  it("refuses a second open invitation for the same address, with the input back", async () => {
    const { account, team, url } = fixture;
    const email = "twice@new.example";
    await invite(url, team.owner.cookie, account.accountId, email);
    const { response, body } = await postForm(
      url,
      { intent: "invite", email, role: "admin" },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("This address has an open invitation already.");
    expect(body).toContain(`value="${email}"`);
    const rows = (await openInvites(account.accountId)).filter((row) => row.email === email);
    expect(rows).toHaveLength(1);
  });

  it("of two invitations for one address at once, one is made and the other told why", async () => {
    const { account, team, url } = fixture;
    const email = "race@new.example";
    const answers = await Promise.all(
      [team.owner, team.admin].map((member) =>
        postForm(url, { intent: "invite", email, role: "agent" }, { cookie: member.cookie }),
      ),
    );
    expect(answers.map((answer) => answer.response.status).sort()).toEqual([302, 400]);
    const rows = (await openInvites(account.accountId)).filter((row) => row.email === email);
    expect(rows).toHaveLength(1);
    expect(
      (await auditOf(account.accountId, "team.invite")).filter((entry) => entry.target === email),
    ).toHaveLength(1);
  });

  it("refuses someone who is already a member", async () => {
    const { team, url } = fixture;
    const { response, body } = await postForm(
      url,
      { intent: "invite", email: team.agent.email, role: "admin" },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("This person is already a member of the account.");
  });

  it.each([
    [{ email: "not-an-address", role: "agent" }, "Enter a valid email address"],
    [{ email: "", role: "agent" }, "This field is required."],
    [{ email: "owner2@new.example", role: "owner" }, "Choose admin or agent."],
  ])("refuses %o with a message next to the field and changes nothing", async (fields, message) => {
    const { account, team, url } = fixture;
    const before = await openInvites(account.accountId);
    const { response, body } = await postForm(
      url,
      { intent: "invite", ...fields },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain(message);
    if (fields.email) expect(body).toContain(`value="${fields.email}"`);
    expect(await openInvites(account.accountId)).toEqual(before);
  });

  it("resend: a new link and a new email; the old link stops working", async () => {
    const { account, team, url } = fixture;
    const { row, link } = await invite(url, team.owner.cookie, account.accountId, "re@new.example");
    const current = await inviteRow(account.accountId, "re@new.example");
    const { response } = await postForm(
      url,
      { intent: "resend", inviteId: current?.id ?? "" },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);
    const renewed = await inviteRow(account.accountId, "re@new.example");
    expect(renewed?.id).not.toBe(current?.id);
    expect(renewed?.id).not.toBe(row.id);
    const [queued] = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.idempotencyKey, `dashboard_invite:${renewed?.id}`));
    expect(queued?.status).toBe("queued");
    expect((await getPage(link)).response.status).toBe(410);
    expect(await auditOf(account.accountId, "team.invite_resend")).not.toEqual([]);
  });

  it("an id of another account's invitation is refused like a missing one", async () => {
    const { team, url } = fixture;
    const other = await newTeam("Other Ltd");
    const { row } = await invite(
      other.url,
      other.team.owner.cookie,
      other.account.accountId,
      "theirs@new.example",
    );
    for (const intent of ["revoke", "resend"]) {
      const { response, body } = await postForm(
        url,
        { intent, inviteId: row.id },
        { cookie: team.owner.cookie },
      );
      expect(response.status).toBe(400);
      expect(body).toContain("This invitation was accepted or revoked in the meantime.");
    }
    expect((await inviteRow(other.account.accountId, "theirs@new.example"))?.revokedAt).toBeNull();
  });
});

describe("joining through the link", () => {
  let fixture: Awaited<ReturnType<typeof newTeam>>;
  beforeAll(async () => {
    fixture = await newTeam("Join Ltd");
  });

  it("a new user: name and password make the user and membership with the role, signed in, link spent", async () => {
    const { account, team, url } = fixture;
    const email = "fresh@new.example";
    const { link } = await invite(url, team.owner.cookie, account.accountId, email, "agent");
    const page = await getPage(link);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain("Olga Owner invited you to join Join Ltd as agent.");
    expect(page.body).toContain(`value="${email}"`);

    const weak = await postForm(link, { intent: "create", name: "Fay Fresh", password: "short" });
    expect(weak.response.status).toBe(400);
    expect(weak.body).toContain('value="Fay Fresh"');
    expect(await userByEmail(email)).toBeUndefined();

    const done = await postForm(link, { intent: "create", name: "Fay Fresh", password: PASSWORD });
    expect(done.response.status).toBe(302);
    expect(done.response.headers.get("location")).toBe(`/a/${team.slug}`);
    const user = await userByEmail(email);
    expect(user).toMatchObject({ name: "Fay Fresh" });
    expect(user?.emailVerifiedAt).toEqual(expect.any(Number));
    expect(await membership(account.accountId, user?.id ?? "")).toMatchObject({ role: "agent" });
    expect((await inviteRow(account.accountId, email))?.acceptedAt).toEqual(expect.any(Number));

    const home = await getPage(accountUrl(team.slug), cookieFrom(done.response));
    expect(home.response.status).toBe(200);
    expect(home.body).toContain("Signed in as Fay Fresh");
    // Agents do not see the Team section.
    expect(home.body).not.toContain(`href="/a/${team.slug}/team"`);

    // The link works once.
    expect((await getPage(link)).response.status).toBe(410);
    const again = await postForm(link, { intent: "create", name: "Mallory", password: PASSWORD });
    expect(again.response.status).toBe(410);
    expect(again.body).toContain("This invitation can no longer be used");
  });

  it("two parallel submissions make one user and one membership", async () => {
    const { account, team, url } = fixture;
    const email = "twin@new.example";
    const { link } = await invite(url, team.owner.cookie, account.accountId, email);
    const answers = await Promise.all(
      ["Twin One", "Twin Two"].map((name) =>
        postForm(link, { intent: "create", name, password: PASSWORD }),
      ),
    );
    expect(answers.map((answer) => answer.response.status).sort()).toEqual([302, 410]);
    const users = await db.select().from(s.users).where(eq(s.users.email, email));
    expect(users).toHaveLength(1);
    const members = await db
      .select()
      .from(s.memberships)
      .where(eq(s.memberships.userId, users[0]?.id ?? ""));
    expect(members).toHaveLength(1);
  });

  it.each([
    ["expired", { expiresAt: Date.now() - 1000 }],
    ["revoked", { revokedAt: Date.now() }],
  ])("an %s invitation's link is refused", async (_, change) => {
    const { account, team, url } = fixture;
    const email = `${_}@new.example`;
    const { link } = await invite(url, team.owner.cookie, account.accountId, email);
    const row = await inviteRow(account.accountId, email);
    await db
      .update(s.teamInvites)
      .set(change)
      .where(eq(s.teamInvites.id, row?.id ?? ""));
    expect((await getPage(link)).response.status).toBe(410);
    const post = await postForm(link, { intent: "create", name: "Late", password: PASSWORD });
    expect(post.response.status).toBe(410);
    expect(await userByEmail(email)).toBeUndefined();
  });

  it("revoking on the page ends the link and is audited", async () => {
    const { account, team, url } = fixture;
    const email = "gone@new.example";
    const { link } = await invite(url, team.owner.cookie, account.accountId, email);
    const row = await inviteRow(account.accountId, email);
    const { response } = await postForm(
      url,
      { intent: "revoke", inviteId: row?.id ?? "" },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);
    expect((await getPage(link)).response.status).toBe(410);
    expect(
      (await auditOf(account.accountId, "team.invite_revoke")).map((entry) => entry.target),
    ).toContain(email);
    // Revoked, the address may be invited again.
    await invite(url, team.owner.cookie, account.accountId, email);
  });

  it.each(["not-a-token", "aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"])(
    "a garbled link %s is the same 410 page",
    async (token) => {
      const page = await getPage(`${DASHBOARD}/join/${token}`);
      expect(page.response.status).toBe(410);
      expect(page.body).toContain("This invitation can no longer be used");
    },
  );

  it("a wrong secret for a real invitation is refused", async () => {
    const { account, team, url } = fixture;
    const { link } = await invite(url, team.owner.cookie, account.accountId, "s@new.example");
    const forged = link.replace(/\.[a-z2-7]+$/, `.${"a".repeat(32)}`);
    expect((await getPage(forged)).response.status).toBe(410);
  });

  it("an existing user signs in as themselves and accepts with one button", async () => {
    const { account, team, url } = fixture;
    const elsewhere = await createAccount(db, { name: "Elsewhere" });
    const existing = await createMember(db, elsewhere.accountId, "owner", {
      email: "known@new.example",
      name: "Kim Known",
    });
    const { link } = await invite(url, team.owner.cookie, account.accountId, existing.email);
    const path = new URL(link).pathname;

    const signedOut = await getPage(link);
    expect(signedOut.response.status).toBe(200);
    expect(signedOut.body).toContain(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    expect(signedOut.body).not.toContain('name="password"');
    // Creating a second user for the address is not offered, and not accepted either.
    const sneaky = await postForm(link, { intent: "create", name: "X", password: PASSWORD });
    expect(sneaky.response.status).toBe(302);
    expect(await membership(account.accountId, existing.userId)).toBeUndefined();

    const someoneElse = await getPage(link, team.agent.cookie);
    expect(someoneElse.body).toContain("but you are signed in as");
    const wrongUser = await postForm(link, { intent: "accept" }, { cookie: team.agent.cookie });
    expect(wrongUser.response.status).toBe(302);
    expect(await membership(account.accountId, existing.userId)).toBeUndefined();

    const asThem = await getPage(link, existing.cookie);
    expect(asThem.body).toContain("Join Join Ltd");
    const answers = await Promise.all([
      postForm(link, { intent: "accept" }, { cookie: existing.cookie }),
      postForm(link, { intent: "accept" }, { cookie: existing.cookie }),
    ]);
    expect(answers.map((answer) => answer.response.status).sort()).toEqual([302, 410]);
    expect(await membership(account.accountId, existing.userId)).toMatchObject({ role: "agent" });
    expect(await membership(elsewhere.accountId, existing.userId)).toMatchObject({
      role: "owner",
    });
  });
});

describe("managing teammates", () => {
  it("an admin changes an agent to admin and back; the audit says before and after", async () => {
    const { account, team, url } = await newTeam("Roles Ltd");
    const up = await postForm(
      url,
      { intent: "role", userId: team.agent.userId, role: "admin" },
      { cookie: team.admin.cookie },
    );
    expect(up.response.status).toBe(302);
    expect(await membership(account.accountId, team.agent.userId)).toMatchObject({
      role: "admin",
    });
    await postForm(
      url,
      { intent: "role", userId: team.agent.userId, role: "agent" },
      { cookie: team.owner.cookie },
    );
    const entries = await auditOf(account.accountId, "team.role_change");
    expect(entries.map((entry) => entry.details)).toEqual(
      expect.arrayContaining([
        { before: { role: "agent" }, after: { role: "admin" } },
        { before: { role: "admin" }, after: { role: "agent" } },
      ]),
    );
    expect(entries.every((entry) => entry.target === team.agent.email)).toBe(true);
  });

  it.each([
    ["the owner's role", "owner", { intent: "role", role: "agent" }, "cannot be changed"],
    ["their own role", "admin", { intent: "role", role: "agent" }, "your own role"],
    ["the owner", "owner", { intent: "remove" }, "The owner cannot be removed."],
    ["themselves", "admin", { intent: "remove" }, "You cannot remove yourself."],
  ] as const)(
    "an admin cannot change %s: 400 with a message, nothing changed",
    async (_, whom, fields, message) => {
      const { account, team, url } = await newTeam("Limits Ltd");
      const before = await db
        .select()
        .from(s.memberships)
        .where(eq(s.memberships.accountId, account.accountId));
      const { response, body } = await postForm(
        url,
        { ...fields, userId: team[whom].userId },
        { cookie: team.admin.cookie },
      );
      expect(response.status).toBe(400);
      expect(body).toContain(message);
      expect(
        await db.select().from(s.memberships).where(eq(s.memberships.accountId, account.accountId)),
      ).toEqual(before);
      expect(await auditOf(account.accountId, "team.role_change")).toEqual([]);
    },
  );

  it("a removed member: 404 on their next request to the account; their other account still works", async () => {
    const { account, team, url } = await newTeam("Leaving Ltd");
    const other = await createAccount(db, { name: "Staying Ltd" });
    await db
      .insert(s.memberships)
      .values({ accountId: other.accountId, userId: team.agent.userId, role: "agent" });
    const [otherSlug] = await db
      .select({ slug: s.accounts.slug })
      .from(s.accounts)
      .where(eq(s.accounts.id, other.accountId));
    const contact = await createContact(db, account.accountId);
    const { ticketId } = await createTicket(db, account, { contactId: contact.contactId });
    await db
      .update(s.tickets)
      .set({ assigneeUserId: team.agent.userId })
      .where(eq(s.tickets.id, ticketId));
    expect((await getPage(accountUrl(team.slug), team.agent.cookie)).response.status).toBe(200);

    const { response } = await postForm(
      url,
      { intent: "remove", userId: team.agent.userId },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(302);
    expect((await getPage(accountUrl(team.slug), team.agent.cookie)).response.status).toBe(404);
    expect(
      (await getPage(accountUrl(otherSlug?.slug ?? ""), team.agent.cookie)).response.status,
    ).toBe(200);
    const [ticket] = await db.select().from(s.tickets).where(eq(s.tickets.id, ticketId));
    expect(ticket?.assigneeUserId).toBeNull();
    const sessions = await db
      .select()
      .from(s.sessions)
      .where(eq(s.sessions.userId, team.agent.userId));
    expect(sessions.length).toBeGreaterThan(0);
    expect(await auditOf(account.accountId, "team.remove")).toEqual([
      expect.objectContaining({ actorUserId: team.admin.userId, target: team.agent.email }),
    ]);
    // Removing them again finds nobody and writes nothing.
    const again = await postForm(
      url,
      { intent: "remove", userId: team.agent.userId },
      { cookie: team.admin.cookie },
    );
    expect(again.response.status).toBe(400);
    expect(await auditOf(account.accountId, "team.remove")).toHaveLength(1);
  });

  it("a user of another account is not found by id", async () => {
    const { team, url } = await newTeam("Mine Ltd");
    const stranger = await createUser(db, (await createAccount(db)).accountId, { role: "admin" });
    const { response, body } = await postForm(
      url,
      { intent: "role", userId: stranger.userId, role: "agent" },
      { cookie: team.owner.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("This person is not a member of the account");
  });
});

describe("transferring ownership", () => {
  let fixture: { account: { accountId: string }; team: Team; url: string };
  beforeAll(async () => {
    fixture = await newTeam("Handover Ltd");
  });

  it("an admin may not: 403 and nothing changes", async () => {
    const { account, team, url } = fixture;
    const { response } = await postForm(
      url,
      { intent: "transfer", userId: team.admin.userId, confirm: "on" },
      { cookie: team.admin.cookie },
    );
    expect(response.status).toBe(403);
    expect(await membership(account.accountId, team.owner.userId)).toMatchObject({
      role: "owner",
    });
    const page = await getPage(url, team.admin.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).not.toContain('name="confirm"');
    const asOwner = await getPage(url, team.owner.cookie);
    expect(asOwner.body).toContain('name="confirm"');
  });

  it("asks for the confirmation and an admin as the new owner", async () => {
    const { team, url } = fixture;
    const unconfirmed = await postForm(
      url,
      { intent: "transfer", userId: team.admin.userId },
      { cookie: team.owner.cookie },
    );
    expect(unconfirmed.response.status).toBe(400);
    expect(unconfirmed.body).toContain("Tick the box to confirm the transfer.");
    const toAgent = await postForm(
      url,
      { intent: "transfer", userId: team.agent.userId, confirm: "on" },
      { cookie: team.owner.cookie },
    );
    expect(toAgent.response.status).toBe(400);
    expect(toAgent.body).toContain("Only an admin of the account can become its owner.");
  });

  it("the owner hands over to an admin and becomes an admin; two at once leave one owner", async () => {
    const { account, team, url } = fixture;
    const second = await createMember(db, account.accountId, "admin", { name: "Bea Backup" });
    const answers = await Promise.all(
      [team.admin, second].map((admin) =>
        postForm(
          url,
          { intent: "transfer", userId: admin.userId, confirm: "on" },
          { cookie: team.owner.cookie },
        ),
      ),
    );
    const owners = await db
      .select()
      .from(s.memberships)
      .where(and(eq(s.memberships.accountId, account.accountId), eq(s.memberships.role, "owner")));
    expect(owners).toHaveLength(1);
    expect([team.admin.userId, second.userId]).toContain(owners[0]?.userId);
    expect(await membership(account.accountId, team.owner.userId)).toMatchObject({
      role: "admin",
    });
    expect(answers.filter((answer) => answer.response.status === 302)).toHaveLength(1);
    expect(await auditOf(account.accountId, "team.transfer_ownership")).toEqual([
      expect.objectContaining({ actorUserId: team.owner.userId }),
    ]);
  });
});
