import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { newToken } from "../../app/lib/auth/tokens";
import { createDb } from "../../db/client";
import { emailLog, oneTimeTokens, securityEvents, sessions, users } from "../../db/schema";
import { createAccount, createUser } from "../factories";
import { DASHBOARD, dashboardCookie } from "../support/dashboard";
import { cookieFrom, getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new lighthouse";

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1, keyLength: 32 });
});

/** A user signed in twice (two devices), and someone else signed in once. */
async function twoDevices() {
  const { accountId } = await createAccount(db);
  const user = await createUser(db, accountId, { passwordHash, name: "Pia Profile" });
  const other = await createUser(db, accountId, { passwordHash, name: "Otto Other" });
  return {
    ...user,
    here: await dashboardCookie(db, user.userId),
    there: await dashboardCookie(db, user.userId),
    otherUser: other,
    otherCookie: await dashboardCookie(db, other.userId),
  };
}

const sessionIdOf = (cookie: string) => cookie.split("=")[1]?.split(".")[0] ?? "";

async function sessionIds(userId: string) {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  return rows.map((row) => row.id).sort();
}

async function events(userId: string) {
  const rows = await db
    .select({ event: securityEvents.event })
    .from(securityEvents)
    .where(eq(securityEvents.userId, userId));
  return rows.map((row) => row.event);
}

describe("the dashboard profile", () => {
  it("shows the user's details, sessions and accounts, and no one else's", async () => {
    const me = await twoDevices();
    const { response, body } = await getPage(`${DASHBOARD}/profile`, me.here);
    expect(response.status).toBe(200);
    expect(body).toContain(me.email);
    expect(body).toContain("(this session)");
    expect(body).toContain(`value="${sessionIdOf(me.there)}"`);
    expect(body).not.toContain(sessionIdOf(me.otherCookie));
    expect(body).not.toContain(me.otherUser.email);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const { response } = await getPage(`${DASHBOARD}/profile`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fprofile");
  });

  it("renames, and gives a bad name back with its message and nothing changed", async () => {
    const me = await twoDevices();
    const long = "x".repeat(201);
    const bad = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "name", name: long },
      {
        cookie: me.here,
      },
    );
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain("The name can have at most 200 characters.");
    expect(bad.body).toContain(`value="${long}"`);
    const ok = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "name", name: " Pia P. " },
      {
        cookie: me.here,
      },
    );
    expect(ok.response.headers.get("location")).toBe("/profile?done=name");
    const row = await db.select().from(users).where(eq(users.id, me.userId)).get();
    expect(row?.name).toBe("Pia P.");
  });

  it("changes the password after the current one, ending the other sessions only", async () => {
    const me = await twoDevices();
    const wrong = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "password", current: "not it at all", next: NEW_PASSWORD },
      { cookie: me.here },
    );
    expect(wrong.response.status).toBe(400);
    expect(wrong.body).toContain("The current password is incorrect.");
    expect(wrong.body).not.toContain(NEW_PASSWORD);
    expect(await sessionIds(me.userId)).toHaveLength(2);

    const weak = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "password", current: PASSWORD, next: "12345678" },
      { cookie: me.here },
    );
    expect(weak.response.status).toBe(400);

    const ok = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "password", current: PASSWORD, next: NEW_PASSWORD },
      { cookie: me.here },
    );
    expect(ok.response.headers.get("location")).toBe("/profile?done=password");
    expect(await sessionIds(me.userId)).toEqual([sessionIdOf(me.here)]);
    expect(await sessionIds(me.otherUser.userId)).toHaveLength(1);
    expect(await events(me.userId)).toEqual(["password_changed"]);
    const signIn = await postForm(`${DASHBOARD}/sign-in`, {
      email: me.email,
      password: NEW_PASSWORD,
    });
    expect(signIn.response.status).toBe(302);
  });

  it("signs out one session; another user's session id changes nothing", async () => {
    const me = await twoDevices();
    const foreign = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "end-session", sessionId: sessionIdOf(me.otherCookie) },
      { cookie: me.here },
    );
    expect(foreign.response.status).toBe(302);
    expect(await sessionIds(me.otherUser.userId)).toEqual([sessionIdOf(me.otherCookie)]);

    const mine = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "end-session", sessionId: sessionIdOf(me.there) },
      { cookie: me.here },
    );
    expect(mine.response.headers.get("location")).toBe("/profile?done=session");
    expect(await sessionIds(me.userId)).toEqual([sessionIdOf(me.here)]);
    const there = await getPage(`${DASHBOARD}/profile`, me.there);
    expect(there.response.status).toBe(302);
  });

  it("signs out everywhere, this session too", async () => {
    const me = await twoDevices();
    const done = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "sign-out-everywhere" },
      {
        cookie: me.here,
      },
    );
    expect(done.response.headers.get("location")).toBe("/sign-in?signedOut=1");
    expect(cookieFrom(done.response)).toBe("portico_dashboard=");
    expect(await sessionIds(me.userId)).toEqual([]);
    expect(await sessionIds(me.otherUser.userId)).toHaveLength(1);
    expect(await events(me.userId)).toEqual(["signed_out_everywhere"]);
  });
});

describe("changing the email address", () => {
  /** A change link as the app issues it (the raw token only ever travels in the email). */
  async function changeLink(userId: string, email: string, expiresInMs = 60_000) {
    const { id, secretHash, token } = newToken();
    await db.insert(oneTimeTokens).values({
      id,
      secretHash,
      kind: "dashboard_email_change",
      userId,
      email,
      expiresAt: Date.now() + expiresInMs,
    });
    return token;
  }

  it("asks for the password, then mails a link to the new address and a notice to the old", async () => {
    const me = await twoDevices();
    const newEmail = `new-${me.userId}@team.example`;
    const wrong = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "email", email: newEmail, password: "not it at all" },
      { cookie: me.here },
    );
    expect(wrong.response.status).toBe(400);
    expect(wrong.body).toContain(`value="${newEmail}"`);
    expect(wrong.body).toContain("The current password is incorrect.");
    const same = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "email", email: me.email.toUpperCase(), password: PASSWORD },
      { cookie: me.here },
    );
    expect(same.response.status).toBe(400);
    expect(same.body).toContain("That is already your email address.");
    const links = () =>
      db
        .select()
        .from(oneTimeTokens)
        .where(
          and(
            eq(oneTimeTokens.userId, me.userId),
            eq(oneTimeTokens.kind, "dashboard_email_change"),
          ),
        );
    expect(await links()).toEqual([]);

    const ok = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "email", email: newEmail, password: PASSWORD },
      { cookie: me.here },
    );
    expect(ok.response.headers.get("location")).toBe("/profile?done=email-requested");
    const [link] = await links();
    expect(link?.email).toBe(newEmail);
    const mails = await db
      .select({ kind: emailLog.kind, recipient: emailLog.recipient })
      .from(emailLog)
      .where(eq(emailLog.kind, "dashboard_email_change"));
    const notices = await db
      .select({ kind: emailLog.kind, recipient: emailLog.recipient })
      .from(emailLog)
      .where(eq(emailLog.kind, "dashboard_email_change_notice"));
    expect(mails.length).toBeGreaterThan(0);
    expect(notices.length).toBeGreaterThan(0);
    const row = await db.select().from(users).where(eq(users.id, me.userId)).get();
    expect(row?.email).toBe(me.email);
  });

  it("changes the address once the link is confirmed, and only once", async () => {
    const me = await twoDevices();
    const newEmail = `confirmed-${me.userId}@team.example`;
    const token = await changeLink(me.userId, newEmail);
    const page = await getPage(`${DASHBOARD}/profile/email/${token}`);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain(`Sign in to Portico with ${newEmail} from now on?`);
    // Opening the link changed nothing.
    expect((await db.select().from(users).where(eq(users.id, me.userId)).get())?.email).toBe(
      me.email,
    );
    const done = await postForm(`${DASHBOARD}/profile/email/${token}`, {});
    expect(done.response.headers.get("location")).toBe("/profile?done=email");
    expect((await db.select().from(users).where(eq(users.id, me.userId)).get())?.email).toBe(
      newEmail,
    );
    expect(await events(me.userId)).toEqual(["email_changed"]);
    const again = await postForm(`${DASHBOARD}/profile/email/${token}`, {});
    expect(again.response.status).toBe(410);
    expect((await getPage(`${DASHBOARD}/profile/email/${token}`)).response.status).toBe(410);
  });

  it("refuses an address another user took meanwhile, changing nothing", async () => {
    const me = await twoDevices();
    const token = await changeLink(me.userId, me.otherUser.email);
    const taken = await postForm(`${DASHBOARD}/profile/email/${token}`, {});
    expect(taken.response.status).toBe(409);
    expect(taken.body).toContain("Another user has that email address now.");
    expect((await db.select().from(users).where(eq(users.id, me.userId)).get())?.email).toBe(
      me.email,
    );
    expect(await events(me.userId)).toEqual([]);
  });

  it("refuses an expired or made-up link", async () => {
    const me = await twoDevices();
    const expired = await changeLink(me.userId, `late-${me.userId}@team.example`, -1);
    for (const token of [expired, "not-a-token"]) {
      const { response } = await postForm(`${DASHBOARD}/profile/email/${token}`, {});
      expect(response.status).toBe(410);
    }
  });
});
