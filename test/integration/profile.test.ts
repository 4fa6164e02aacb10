import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { createDb } from "../../db/client";
import { securityEvents, sessions, users } from "../../db/schema";
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
