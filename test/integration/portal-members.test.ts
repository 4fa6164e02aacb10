// A portal's Members tab on the dashboard: the list, and each action through the real routes —
// invites on a custom and a system domain, password resets, revoking and restoring access — checked
// in D1, in the email worker's own decision on what was queued, and through the portal itself.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { newId } from "../../app/lib/db/ids";
import { type EmailMessage, EmailMessageSchema } from "../../app/lib/email/messages";
import { dateTimeFormatter } from "../../app/lib/i18n";
import { chunkedInsert, runBatch } from "../../db/batch";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { readEmailConfig } from "../../workers/email/config";
import { prepareEmail } from "../../workers/email/prepare";
import { type AccountFixture, createAccessGroup, createAccount, createContact } from "../factories";
import { accountUrl, createTeam, type Team } from "../support/dashboard";
import { getPage, postForm, signInPortal } from "../support/http";
import { postFormSettled } from "../support/settled";

const db = createDb(env.DB);
const PASSWORD = "members tab password 7";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

type Site = AccountFixture & {
  team: Team;
  portalId: string;
  groupId: string;
  membersUrl: string;
  base: string;
};

async function site(
  options: { kind?: s.DomainKind; accessMode?: s.AccessMode; slugs?: string[] } = {},
): Promise<Site> {
  const kind = options.kind ?? "system";
  const fixture = await createAccount(db, {
    kind,
    slugs: options.slugs,
    // A custom domain that serves, on a name that resolves locally like the system one.
    hostname: kind === "custom" ? `help-${newId("h").slice(-8)}.localhost` : undefined,
    accessMode: options.accessMode ?? "access_groups",
  });
  const team = await createTeam(db, fixture);
  const portalId = fixture.portalIds[0] as string;
  const groupId = await createAccessGroup(db, fixture.accountId, portalId);
  await db
    .update(s.accessGroups)
    .set({ name: "Key accounts" })
    .where(eq(s.accessGroups.id, groupId));
  return {
    ...fixture,
    team,
    portalId,
    groupId,
    membersUrl: accountUrl(team.slug, `/portals/${portalId}/members`),
    base: `http://${fixture.hostname}/help`,
  };
}

function member(
  at: Site,
  row: Partial<typeof s.portalMembers.$inferInsert> & { contactId: string },
) {
  return db.insert(s.portalMembers).values({
    id: newId("pmb"),
    accountId: at.accountId,
    portalId: at.portalId,
    inviteStatus: "accepted",
    ...row,
  });
}

function act(at: Site, intent: string, memberId: string, cookie = at.team.admin.cookie) {
  return postForm(at.membersUrl, { intent, member: memberId }, { cookie });
}

/** What any action could change, for "nothing changed". */
async function state(accountId: string) {
  const rows = await Promise.all([
    db.select().from(s.portalMembers).where(eq(s.portalMembers.accountId, accountId)),
    db.select().from(s.sessions).where(eq(s.sessions.accountId, accountId)),
    db.select().from(s.oneTimeTokens).where(eq(s.oneTimeTokens.accountId, accountId)),
    db.select().from(s.emailLog).where(eq(s.emailLog.accountId, accountId)),
    db.select().from(s.auditLog).where(eq(s.auditLog.accountId, accountId)),
  ]);
  return JSON.stringify(rows);
}

function standing(at: Site, contactId: string) {
  return db
    .select()
    .from(s.portalMembers)
    .where(and(eq(s.portalMembers.portalId, at.portalId), eq(s.portalMembers.contactId, contactId)))
    .get();
}

function emails(accountId: string) {
  return db.select().from(s.emailLog).where(eq(s.emailLog.accountId, accountId));
}

function audits(accountId: string) {
  return db.select().from(s.auditLog).where(eq(s.auditLog.accountId, accountId));
}

/** The email worker's own verdict on a queued message (the token is not stored; any will do). */
async function workerVerdict(row: typeof s.emailLog.$inferSelect) {
  const message: EmailMessage = EmailMessageSchema.parse({ ...row.payload, token: "t.x" });
  const config = readEmailConfig({
    DB: env.DB,
    DASHBOARD_HOST: "app.localhost",
    EMAIL_FROM: "Portico <mail@portico.test>",
  });
  return prepareEmail(db, message, config, Date.now());
}

/** The page as shown: without its scripts, which carry the whole catalog for hydration. */
function shown(body: string): string {
  return body.replace(/<script\b[\s\S]*?<\/script>/g, "");
}

/** A table row of the page, by the member's name. */
function rowOf(body: string, name: string): string {
  const start = body.indexOf(`<th scope="row">${name}</th>`);
  expect(start, `a row for ${name}`).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf("</tr>", start));
}

describe("the Members tab's list", () => {
  it("shows each member's sign-in email, groups, invite status and last sign-in", async () => {
    const at = await site();
    await db
      .update(s.accounts)
      .set({ timeZone: "Asia/Tokyo" })
      .where(eq(s.accounts.id, at.accountId));
    const lastSignIn = Date.UTC(2031, 4, 6, 20, 30);
    const jan = await createContact(db, at.accountId, {
      name: "Jan Jansen",
      email: "jan@klant.test",
      membershipEmail: "jan.portal@klant.test",
      accessGroupIds: [at.groupId],
    });
    await member(at, { contactId: jan.contactId, acceptedAt: 1, lastSignInAt: lastSignIn });
    const piet = await createContact(db, at.accountId, {
      name: "Piet Pending",
      accessGroupIds: [at.groupId],
    });
    await member(at, { contactId: piet.contactId, inviteStatus: "pending", invitedAt: 1 });
    const fay = await createContact(db, at.accountId, {
      name: "Fay Failed",
      accessGroupIds: [at.groupId],
    });
    await member(at, { contactId: fay.contactId, inviteStatus: "failed", invitedAt: 1 });
    await createContact(db, at.accountId, { name: "Nina New", accessGroupIds: [at.groupId] });
    const rex = await createContact(db, at.accountId, { name: "Rex Revoked" });
    await member(at, { contactId: rex.contactId, revokedAt: 2 });
    // In none of this portal's groups and without a row: no standing here.
    const outsider = await createContact(db, at.accountId, { name: "Otto Outsider" });

    const { response, body } = await getPage(at.membersUrl, at.team.admin.cookie);
    expect(response.status).toBe(200);
    expect(body).not.toContain("Otto Outsider");
    expect(body).not.toContain(outsider.email);

    const janRow = rowOf(body, "Jan Jansen");
    expect(janRow).toContain("jan.portal@klant.test");
    expect(janRow).not.toContain("jan@klant.test");
    expect(janRow).toContain("Key accounts");
    expect(janRow).toContain("Accepted");
    const tokyo = dateTimeFormatter("en", "Asia/Tokyo");
    expect(janRow).toContain(tokyo.dateTime(lastSignIn));
    expect(tokyo.dateTime(lastSignIn)).not.toBe(
      dateTimeFormatter("en", "UTC").dateTime(lastSignIn),
    );
    expect(janRow).not.toContain("Resend invite");
    expect(janRow).toContain("Revoke access");

    expect(rowOf(body, "Piet Pending")).toContain("Pending");
    expect(rowOf(body, "Piet Pending")).toContain("Resend invite");
    expect(rowOf(body, "Fay Failed")).toContain("Failed");
    const ninaRow = rowOf(body, "Nina New");
    expect(ninaRow).toContain("Not invited");
    expect(ninaRow).toContain("Never");
    expect(ninaRow).toContain("Send invite");
    const rexRow = rowOf(body, "Rex Revoked");
    expect(rexRow).toContain("Revoked");
    expect(rexRow).toContain("None");
    expect(rexRow).toContain("Restore access");
    expect(rexRow).not.toContain("Revoke access");
    // Alphabetical by name.
    const order = ["Fay Failed", "Jan Jansen", "Nina New", "Piet Pending", "Rex Revoked"].map(
      (name) => body.indexOf(`<th scope="row">${name}</th>`),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const search = await getPage(`${at.membersUrl}?q=KLANT.test`, at.team.admin.cookie);
    expect(search.body).toContain("Jan Jansen");
    expect(search.body).not.toContain("Nina New");
    const byName = await getPage(`${at.membersUrl}?q=ni`, at.team.admin.cookie);
    expect(byName.body).toContain("Nina New");
    expect(byName.body).not.toContain("Piet Pending");
    const wildcard = await getPage(`${at.membersUrl}?q=%25`, at.team.admin.cookie);
    expect(shown(wildcard.body)).toContain("No member matches “%”.");
    expect(shown(search.body)).not.toContain("No member matches");
  });

  it("pages through members 50 at a time, without repeats or gaps", async () => {
    const at = await site({ accessMode: "anyone_with_ticket" });
    const contacts = Array.from({ length: 53 }, (_, index) => ({
      id: newId("ctc"),
      accountId: at.accountId,
      email: `m${index}@paged.test`,
      // Equal names: the id decides between them.
      name: `Member ${String(index % 40).padStart(2, "0")}`,
    }));
    await runBatch(db, [
      ...chunkedInsert(db, s.contacts, contacts),
      ...chunkedInsert(
        db,
        s.portalMembers,
        contacts.map((contact) => ({
          id: newId("pmb"),
          accountId: at.accountId,
          portalId: at.portalId,
          contactId: contact.id,
          inviteStatus: "accepted" as const,
        })),
      ),
    ]);
    const emailsOn = (body: string) =>
      [...shown(body).matchAll(/m\d+@paged\.test/g)].map((m) => m[0]);
    const first = await getPage(at.membersUrl, at.team.owner.cookie);
    const next = first.body.match(/href="[^"]*\?cursor=([\w-]+)"/)?.[1];
    expect(next).toBeTruthy();
    const second = await getPage(`${at.membersUrl}?cursor=${next}`, at.team.owner.cookie);
    const seen = [...emailsOn(first.body), ...emailsOn(second.body)];
    expect(emailsOn(first.body)).toHaveLength(50);
    expect(emailsOn(second.body)).toHaveLength(3);
    expect(new Set(seen).size).toBe(53);
    expect(second.body).not.toMatch(/href="[^"]*\?cursor=/);
    expect(second.body).toContain("First page");
  });
});

describe("Members tab actions", () => {
  it("resends an invite on a custom domain: a queued email the worker will send, status pending", async () => {
    const at = await site({ kind: "custom" });
    const fay = await createContact(db, at.accountId, {
      name: "Fay Failed",
      accessGroupIds: [at.groupId],
    });
    await member(at, { contactId: fay.contactId, inviteStatus: "failed", invitedAt: 1 });

    const { response, body } = await act(at, "invite", fay.contactId);
    expect(response.status).toBe(200);
    expect(body).toContain(`Invite emailed to ${fay.signInEmail}.`);
    expect(shown(body)).not.toContain("/join/");

    const [queued] = await emails(at.accountId);
    expect(queued).toMatchObject({
      kind: "access_group_invite",
      status: "queued",
      portalId: at.portalId,
    });
    expect(JSON.stringify(queued?.payload)).not.toMatch(/"token"/);
    const verdict = await workerVerdict(queued as typeof s.emailLog.$inferSelect);
    expect(verdict.outcome).toBe("send");
    expect((await standing(at, fay.contactId))?.inviteStatus).toBe("pending");
    expect((await standing(at, fay.contactId))?.invitedAt).toBeGreaterThan(1);
    const [entry] = await audits(at.accountId);
    expect(entry).toMatchObject({ action: "member.invite", actorUserId: at.team.admin.userId });
    expect(entry?.details).toEqual({
      before: { status: "failed" },
      after: { status: "pending" },
    });
    expect(rowOf(body, "Fay Failed")).toContain("Pending");
  });

  it("on a system domain: no email goes out, the link is shown once with the reason, and it works", async () => {
    const at = await site({ kind: "system" });
    const nina = await createContact(db, at.accountId, {
      name: "Nina New",
      accessGroupIds: [at.groupId],
    });

    const { response, body } = await act(at, "invite", nina.contactId);
    expect(response.status).toBe(200);
    expect(rowOf(body, "Nina New")).toContain(
      "No email was sent: portals on a system domain send no emails to members of an access group.",
    );
    expect(shown(body)).not.toContain("Invite emailed");
    const link = body.match(/value="(http:\/\/[^"]+\/help\/join\/[^"]+)"/)?.[1];
    expect(link).toBeTruthy();
    expect(body).toMatch(/<input[^>]*readOnly=""|<input[^>]*readonly=""/);

    // Queued like every email; the email worker skips it by the same rule the page used.
    const [queued] = await emails(at.accountId);
    expect(queued?.kind).toBe("access_group_invite");
    expect(await workerVerdict(queued as typeof s.emailLog.$inferSelect)).toMatchObject({
      outcome: "skip",
      reason: "skipped: system domain",
      recipient: nina.signInEmail,
    });
    expect((await standing(at, nina.contactId))?.inviteStatus).toBe("pending");
    // Only the hash is stored, and the page shows the link only in the action's answer.
    const token = decodeURIComponent((link as string).split("/join/")[1] as string);
    const stored = await db.select().from(s.oneTimeTokens);
    expect(JSON.stringify(stored)).not.toContain(token.split(".")[1]);
    const again = await getPage(at.membersUrl, at.team.admin.cookie);
    expect(again.body).not.toContain("/join/");
    expect(again.body).not.toContain(token);
    expect(rowOf(again.body, "Nina New")).toContain("Pending");

    const url = new URL(link as string);
    const join = await getPage(`http://${url.host}${url.pathname}`);
    expect(join.response.status).toBe(200);
    expect(join.body).toContain(nina.signInEmail);
    const done = await postForm(`http://${url.host}${url.pathname}`, { password: PASSWORD });
    expect(done.response.status).toBe(302);
    expect(done.response.headers.get("location")).toBe("/help/tickets");
    const after = await getPage(at.membersUrl, at.team.admin.cookie);
    expect(rowOf(after.body, "Nina New")).toContain("Accepted");
  });

  it("sends a password reset within the portal's limits; not to a member without a password", async () => {
    const at = await site({ accessMode: "anyone_with_ticket" });
    const sam = await createContact(db, at.accountId, {
      name: "Sam Signed",
      passwordHash,
      withTicket: { inboxId: at.inboxId },
    });
    await member(at, { contactId: sam.contactId, lastSignInAt: 5 });
    const { response, body } = await act(at, "password_reset", sam.contactId);
    expect(response.status).toBe(200);
    expect(body).toContain(`Password reset email sent to ${sam.signInEmail}.`);
    const [queued] = await emails(at.accountId);
    expect(queued).toMatchObject({ kind: "password_reset", status: "queued" });
    expect((await workerVerdict(queued as typeof s.emailLog.$inferSelect)).outcome).toBe("send");
    expect((await audits(at.accountId)).map((entry) => entry.action)).toEqual([
      "member.password_reset",
    ]);

    // The portal's own limit per address (EMAIL_REQUEST_ADDRESS_LIMIT) and per contact both hold.
    let refused: Awaited<ReturnType<typeof act>> | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const next = await act(at, "password_reset", sam.contactId);
      if (next.response.status !== 200) refused = next;
    }
    expect(refused?.response.status).toBe(429);
    expect(refused?.body).toContain("Too many emails for this member. Try again after");

    const noPassword = await createContact(db, at.accountId, { name: "Ned Nopassword" });
    await member(at, { contactId: noPassword.contactId });
    const before = await state(at.accountId);
    const notAllowed = await act(at, "password_reset", noPassword.contactId);
    expect(notAllowed.response.status).toBe(400);
    expect(rowOf(notAllowed.body, "Ned Nopassword")).toContain(
      "This action is not available for this member.",
    );
    expect(await state(at.accountId)).toBe(before);
  });

  it("revoke ends the member's portal session at once; restore lets them sign in again", async () => {
    const at = await site({ accessMode: "anyone_with_ticket" });
    const sam = await createContact(db, at.accountId, {
      name: "Sam Signed",
      passwordHash,
      withTicket: { inboxId: at.inboxId },
    });
    const cookie = await signInPortal(at.base, sam.signInEmail, PASSWORD);
    expect((await getPage(`${at.base}/tickets`, cookie)).response.status).toBe(200);

    const revoked = await act(at, "revoke", sam.contactId);
    expect(revoked.response.status).toBe(200);
    expect(revoked.body).toContain("Sam Signed no longer has access to this portal");
    expect(rowOf(revoked.body, "Sam Signed")).toContain("Restore access");
    const sessions = await db
      .select()
      .from(s.sessions)
      .where(eq(s.sessions.contactId, sam.contactId));
    expect(sessions).toEqual([]);
    const next = await getPage(`${at.base}/tickets`, cookie);
    expect(next.response.status).toBe(302);
    expect(next.response.headers.get("location")).toContain("/help/sign-in");
    const refused = await postForm(`${at.base}/sign-in`, {
      email: sam.signInEmail,
      password: PASSWORD,
    });
    expect(refused.response.status).toBe(400);

    const restored = await act(at, "restore", sam.contactId);
    expect(restored.response.status).toBe(200);
    expect(restored.body).toContain("Sam Signed has access again");
    const again = await signInPortal(at.base, sam.signInEmail, PASSWORD);
    expect((await getPage(`${at.base}/tickets`, again)).response.status).toBe(200);
    expect((await audits(at.accountId)).map((entry) => entry.action).sort()).toEqual([
      "member.restore",
      "member.revoke",
    ]);
  });

  it("revokes a group member never invited, who then may not register; restore undoes it", async () => {
    const at = await site();
    const nina = await createContact(db, at.accountId, {
      name: "Nina New",
      accessGroupIds: [at.groupId],
    });
    const revoked = await act(at, "revoke", nina.contactId);
    expect(rowOf(revoked.body, "Nina New")).toContain("Revoked");
    expect(await standing(at, nina.contactId)).toMatchObject({ invitedAt: null });
    // Registration's lookup runs after the answer: wait for it before looking for an email.
    const register = await postFormSettled(`${at.base}/register`, { email: nina.email });
    expect(register.response.status).toBe(200);
    expect(register.deferred).toBeGreaterThan(0);
    expect(await emails(at.accountId)).toEqual([]);
    const restored = await act(at, "restore", nina.contactId);
    expect(rowOf(restored.body, "Nina New")).toContain("Not invited");
    expect(rowOf(restored.body, "Nina New")).toContain("Send invite");
  });

  it("revokes only this portal's sessions of the member", async () => {
    const at = await site({ accessMode: "anyone_with_ticket", slugs: ["help", "second"] });
    const sam = await createContact(db, at.accountId, {
      name: "Sam Signed",
      passwordHash,
      withTicket: { inboxId: at.inboxId },
    });
    const second = `http://${at.hostname}/second`;
    const here = await signInPortal(at.base, sam.signInEmail, PASSWORD);
    const there = await signInPortal(second, sam.signInEmail, PASSWORD);
    expect((await act(at, "revoke", sam.contactId)).response.status).toBe(200);
    expect((await getPage(`${at.base}/tickets`, here)).response.status).toBe(302);
    expect((await getPage(`${second}/tickets`, there)).response.status).toBe(200);
  });

  it("a member id of another portal or account is a 404, and nothing changes", async () => {
    const at = await site();
    const elsewhere = await site();
    const theirs = await createContact(db, elsewhere.accountId, {
      name: "Theo Theirs",
      accessGroupIds: [elsewhere.groupId],
    });
    await db.insert(s.portalMembers).values({
      id: newId("pmb"),
      accountId: elsewhere.accountId,
      portalId: elsewhere.portalId,
      contactId: theirs.contactId,
      inviteStatus: "pending",
      invitedAt: 1,
    });
    // A contact of this account without standing on this portal.
    const stranger = await createContact(db, at.accountId, { name: "Stan Stranger" });
    const before = [await state(at.accountId), await state(elsewhere.accountId)];
    for (const intent of ["invite", "password_reset", "revoke", "restore"]) {
      for (const id of [theirs.contactId, stranger.contactId, "ctc_nobody"]) {
        const { response, body } = await act(at, intent, id);
        expect(response.status, `${intent} ${id}`).toBe(404);
        expect(body).not.toContain("Theo Theirs");
      }
    }
    // The other account's portal id in this account's URL is the same 404.
    const foreignPortal = await postForm(
      accountUrl(at.team.slug, `/portals/${elsewhere.portalId}/members`),
      { intent: "revoke", member: theirs.contactId },
      { cookie: at.team.admin.cookie },
    );
    expect(foreignPortal.response.status).toBe(404);
    expect([await state(at.accountId), await state(elsewhere.accountId)]).toEqual(before);
  });

  it("bad input is a 400 with a message, and changes nothing", async () => {
    const at = await site();
    const nina = await createContact(db, at.accountId, {
      name: "Nina New",
      accessGroupIds: [at.groupId],
    });
    const before = await state(at.accountId);
    const bad: Record<string, string>[] = [
      { intent: "delete", member: nina.contactId },
      { intent: "invite", member: "" },
      { intent: "invite", member: "x".repeat(101) },
      { member: nina.contactId },
    ];
    for (const fields of bad) {
      const { response, body } = await postForm(at.membersUrl, fields, {
        cookie: at.team.admin.cookie,
      });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(shown(body)).toContain("Choose an action from a member&#x27;s row.");
    }
    // A revoked member cannot be invited; an accepted one is not invited again.
    await member(at, { contactId: nina.contactId, revokedAt: 1 });
    const revokedState = await state(at.accountId);
    const invite = await act(at, "invite", nina.contactId);
    expect(invite.response.status).toBe(400);
    expect(await state(at.accountId)).toBe(revokedState);
    expect(before).not.toBe(revokedState);
  });

  it("agents may not see or use the tab", async () => {
    const at = await site();
    const nina = await createContact(db, at.accountId, { accessGroupIds: [at.groupId] });
    expect((await getPage(at.membersUrl, at.team.agent.cookie)).response.status).toBe(403);
    const before = await state(at.accountId);
    const post = await act(at, "invite", nina.contactId, at.team.agent.cookie);
    expect(post.response.status).toBe(403);
    expect(await state(at.accountId)).toBe(before);
  });
});
