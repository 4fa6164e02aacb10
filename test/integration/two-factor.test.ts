import { env } from "cloudflare:test";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { and, count, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { completeSecondFactor, signInUser } from "../../app/lib/auth/dashboard-auth.server";
import { hashPassword } from "../../app/lib/auth/password";
import { newToken } from "../../app/lib/auth/tokens";
import { readConfig } from "../../app/lib/config";
import { readChallenge } from "../../app/lib/two-factor/challenge.server";
import { totpCode } from "../../app/lib/two-factor/totp";
import {
  enableTwoFactor,
  pendingSecret,
  spendRecoveryCode,
  verifyTotp,
} from "../../app/lib/two-factor/two-factor.server";
import { createDb } from "../../db/client";
import {
  oneTimeTokens,
  recoveryCodes,
  sessions,
  twoFactorChallenges,
  twoFactorSecrets,
} from "../../db/schema";
import { createAccount, createUser } from "../factories";
import { cookieFrom, getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const config = readConfig(env);
const DASHBOARD = "http://app.localhost";
const PASSWORD = "correct horse battery";
const STEP = 30_000;
const IP = "203.0.113.9";

let passwordHash: string;
beforeAll(async () => {
  // A cheap hash keeps the test fast; sign-in verifies whatever parameters the hash names.
  passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1, keyLength: 32 });
});

async function newUser() {
  const { accountId } = await createAccount(db);
  return createUser(db, accountId, { passwordHash });
}

/** A user with two-factor on, enabled at `now` with the key returned. */
async function userWithTwoFactor(now = Date.now()) {
  const user = await newUser();
  const key = await pendingSecret(db, config, user.userId);
  if (!key) throw new Error("no pending secret");
  const enabled = await enableTwoFactor(
    db,
    config,
    { id: user.userId, email: user.email },
    totpCode(key, now),
    now,
  );
  if (!enabled.ok) throw new Error(enabled.error);
  return { ...user, key, recoveryCodes: enabled.recoveryCodes };
}

/** The code an authenticator shows one step from now: after enabling, the current one is spent. */
const nextCode = (key: Uint8Array) => totpCode(key, Date.now() + STEP);

async function signInWithPassword(email: string) {
  const { response } = await postForm(`${DASHBOARD}/sign-in`, { email, password: PASSWORD });
  return { response, cookie: cookieFrom(response) };
}

/** The session cookie among the answer's cookies (the second step also clears the challenge's). */
function sessionFrom(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("portico_dashboard="));
  return cookie?.split(";")[0] ?? "";
}

/** Whether a cookie header signs anyone in: the front page greets only a signed-in user. */
async function greets(cookie: string) {
  const { body } = await getPage(`${DASHBOARD}/`, cookie);
  return body.includes("Welcome,");
}

describe("turning two-factor on", () => {
  it("takes a valid code from the pending secret only, then shows ten recovery codes once", async () => {
    const user = await newUser();
    const { response: signedIn } = await signInWithPassword(user.email);
    expect(signedIn.status).toBe(302);
    const session = cookieFrom(signedIn);

    const page = await getPage(`${DASHBOARD}/profile/two-factor`, session);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain("<svg");
    const shown = /data-testid="two-factor-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1];
    if (!shown) throw new Error("secret not on the page");
    const key = decodeBase32IgnorePadding(shown.replace(/ /g, ""));
    // The page shows the same secret again until it is confirmed.
    expect((await getPage(`${DASHBOARD}/profile/two-factor`, session)).body).toContain(shown);
    // Only ciphertext is stored.
    const stored = await db
      .select()
      .from(twoFactorSecrets)
      .where(eq(twoFactorSecrets.userId, user.userId))
      .get();
    expect(stored?.secret).not.toContain(shown.replace(/ /g, ""));

    const wrongCode = String((Number(totpCode(key, Date.now())) + 1) % 1_000_000).padStart(6, "0");
    for (const code of ["", "12345x", wrongCode]) {
      const refused = await postForm(
        `${DASHBOARD}/profile/two-factor`,
        { code },
        { cookie: session },
      );
      expect(refused.response.status).toBe(400);
      expect(refused.body).not.toContain("<h2>Your recovery codes</h2>");
    }
    const [pending] = await db
      .select({ n: count() })
      .from(twoFactorSecrets)
      .where(and(eq(twoFactorSecrets.userId, user.userId), isNull(twoFactorSecrets.enabledAt)));
    expect(pending?.n).toBe(1);

    const enabled = await postForm(
      `${DASHBOARD}/profile/two-factor`,
      { code: totpCode(key, Date.now()) },
      { cookie: session },
    );
    expect(enabled.response.status).toBe(200);
    const codes = [...enabled.body.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map(
      (match) => match[1] as string,
    );
    expect(codes).toHaveLength(10);
    const rows = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.userId));
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(codes.join()).not.toContain(row.codeHash.slice(0, 10));

    // The profile says so and lists the event; the set-up page no longer offers a new secret.
    const profile = await getPage(`${DASHBOARD}/profile`, session);
    expect(profile.body).toContain("Recovery codes left: 10.</p>");
    expect(profile.body).toMatch(/<li>[^<]+ UTC: Two-factor authentication turned on<\/li>/);
    expect((await getPage(`${DASHBOARD}/profile/two-factor`, session)).body).not.toContain(
      "two-factor-secret",
    );
  });

  it("leaves one set of recovery codes when two confirmations race", async () => {
    const user = await newUser();
    const key = await pendingSecret(db, config, user.userId);
    if (!key) throw new Error("no pending secret");
    const now = Date.now();
    const results = await Promise.all([
      enableTwoFactor(db, config, { id: user.userId, email: user.email }, totpCode(key, now), now),
      enableTwoFactor(
        db,
        config,
        { id: user.userId, email: user.email },
        totpCode(key, now + STEP),
        now + STEP,
      ),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const [codes] = await db
      .select({ n: count() })
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, user.userId));
    expect(codes?.n).toBe(10);
  });
});

describe("codes at sign-in", () => {
  const T0 = 1_900_000_000_000 - (1_900_000_000_000 % STEP) + 10_000;

  it.each([
    ["the current step", 0, true],
    ["the previous step", -1, true],
    ["the next step", 1, true],
    ["two steps back", -2, false],
    ["two steps ahead", 2, false],
  ])("a code from %s is %s within a window of one step", async (_, offset, accepted) => {
    const { userId, key } = await userWithTwoFactor(T0 - 10 * STEP);
    const code = totpCode(key, T0 + offset * STEP);
    expect(await verifyTotp(db, { ...config, totpWindowSteps: 1 }, userId, code, T0)).toBe(
      accepted,
    );
  });

  it("refuses a code a second time, and any older one after it", async () => {
    const { userId, key } = await userWithTwoFactor(T0 - 10 * STEP);
    const code = totpCode(key, T0);
    const both = await Promise.all([
      verifyTotp(db, config, userId, code, T0),
      verifyTotp(db, config, userId, code, T0),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await verifyTotp(db, config, userId, code, T0 + 1000)).toBe(false);
    expect(await verifyTotp(db, config, userId, totpCode(key, T0 - STEP), T0)).toBe(false);
    expect(await verifyTotp(db, config, userId, totpCode(key, T0 + STEP), T0 + STEP)).toBe(true);
  });

  it("accepts each recovery code once", async () => {
    const { userId, recoveryCodes: codes } = await userWithTwoFactor();
    const [first, second] = codes as [string, string];
    expect(await spendRecoveryCode(db, userId, first.toUpperCase())).toBe(true);
    expect(await spendRecoveryCode(db, userId, first)).toBe(false);
    const other = await userWithTwoFactor();
    expect(await spendRecoveryCode(db, other.userId, second)).toBe(false);
    expect(await spendRecoveryCode(db, userId, second.replace("-", " "))).toBe(true);
  });
});

describe("signing in with two factors", () => {
  it("asks for the code after the password, then signs in with it", async () => {
    const { email, key } = await userWithTwoFactor();
    const { response, cookie: challenge } = await signInWithPassword(email);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in/two-factor?redirectTo=%2F");
    expect(challenge).toMatch(/^portico_two_factor=/);
    expect(await greets(challenge)).toBe(false);

    const page = await getPage(`${DASHBOARD}/sign-in/two-factor`, challenge);
    expect(page.response.status).toBe(200);
    const done = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code: nextCode(key), redirectTo: "/profile" },
      { cookie: challenge },
    );
    expect(done.response.status).toBe(302);
    expect(done.response.headers.get("location")).toBe("/profile");
    const cookies = done.response.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("portico_two_factor=;"))).toBe(true);
    expect(await greets(sessionFrom(done.response))).toBe(true);

    // The challenge was spent: the same cookie and a fresh code sign no one in again.
    const again = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code: totpCode(key, Date.now() + 2 * STEP) },
      { cookie: challenge },
    );
    expect(again.response.status).toBe(302);
    expect(again.response.headers.get("location")).toBe("/sign-in?expired=1");
  });

  it("refuses a code already used, with the input's message next to the field", async () => {
    const { email, key } = await userWithTwoFactor();
    const code = nextCode(key);
    const first = await signInWithPassword(email);
    const ok = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code },
      { cookie: first.cookie },
    );
    expect(ok.response.status).toBe(302);
    const second = await signInWithPassword(email);
    const refused = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code },
      { cookie: second.cookie },
    );
    expect(refused.response.status).toBe(400);
    expect(refused.body).toContain("That code is not right, or was used already.");
    expect(refused.body).toContain('aria-invalid="true"');
  });

  it("signs in with a recovery code once", async () => {
    const { email, recoveryCodes: codes } = await userWithTwoFactor();
    const code = codes[3] as string;
    const first = await signInWithPassword(email);
    const ok = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code },
      { cookie: first.cookie },
    );
    expect(ok.response.status).toBe(302);
    const second = await signInWithPassword(email);
    const refused = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code },
      { cookie: second.cookie },
    );
    expect(refused.response.status).toBe(400);
  });

  it("counts wrong codes towards the lockout, and a right password does not reset the count", async () => {
    // TEST_VARS: locked after 3 failures.
    const { email, key } = await userWithTwoFactor();
    const { cookie } = await signInWithPassword(email);
    const wrong = { code: "000000" === nextCode(key) ? "111111" : "000000" };
    const first = await postForm(`${DASHBOARD}/sign-in/two-factor`, wrong, { cookie });
    expect(first.body).toContain("That code is not right");
    const second = await postForm(`${DASHBOARD}/sign-in/two-factor`, wrong, { cookie });
    expect(second.body).toContain("Too many failed attempts");
    const right = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code: nextCode(key) },
      {
        cookie,
      },
    );
    expect(right.response.status).toBe(400);
    expect(right.body).toContain("Too many failed attempts");
    expect((await signInWithPassword(email)).response.status).toBe(400);
  });

  it("lets a challenge expire, and binds it to the dashboard host", async () => {
    const { email, key, userId } = await userWithTwoFactor();
    const now = Date.now();
    const signedIn = await signInUser(db, config, { email, password: PASSWORD, ip: IP }, now);
    if (signedIn.ok !== "two_factor") throw new Error("expected a challenge");
    expect(await readChallenge(db, signedIn.challenge, "app.example.test", now)).toBeNull();
    expect(await readChallenge(db, signedIn.challenge, config.dashboardHost, now)).not.toBeNull();
    const late = await completeSecondFactor(
      db,
      config,
      { challenge: signedIn.challenge, code: totpCode(key, now + 6 * 60_000), ip: IP },
      now + 6 * 60_000,
    );
    expect(late).toEqual({ ok: false, error: "twoFactor.expired" });

    // Over HTTP: a challenge whose time is up sends the user back to the password.
    const { cookie } = await signInWithPassword(email);
    await db
      .update(twoFactorChallenges)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(twoFactorChallenges.userId, userId));
    const page = await getPage(`${DASHBOARD}/sign-in/two-factor`, cookie);
    expect(page.response.status).toBe(302);
    expect(page.response.headers.get("location")).toBe("/sign-in?expired=1");
    const post = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code: nextCode(key) },
      {
        cookie,
      },
    );
    expect(post.response.headers.get("location")).toBe("/sign-in?expired=1");
    const [made] = await db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    expect(made?.n).toBe(0);
  });

  it.each(["/", "/profile", "/profile/two-factor", "/email-log", "/sign-in"])(
    "a pending challenge is no session on %s, under either cookie name",
    async (path) => {
      const { email, userId } = await userWithTwoFactor();
      const { cookie } = await signInWithPassword(email);
      const token = cookie.split("=")[1] ?? "";
      for (const header of [cookie, `portico_dashboard=${token}`]) {
        const { response, body } = await getPage(`${DASHBOARD}${path}`, header);
        expect(body).not.toContain("Welcome,");
        expect(body).not.toContain(email);
        expect(body).not.toContain('action="/sign-out"');
        if (path !== "/" && path !== "/sign-in") expect(response.status).not.toBe(200);
      }
      const [made] = await db
        .select({ n: count() })
        .from(sessions)
        .where(eq(sessions.userId, userId));
      expect(made?.n).toBe(0);
    },
  );
});

describe("a password reset with two-factor on", () => {
  it("ends in the code step, not in a session", async () => {
    const { userId, key } = await userWithTwoFactor();
    const { id, secretHash, token } = newToken();
    await db.insert(oneTimeTokens).values({
      id,
      secretHash,
      kind: "dashboard_password_reset",
      userId,
      expiresAt: Date.now() + 60_000,
    });
    const reset = await postForm(`${DASHBOARD}/reset-password/${token}`, {
      password: "a fresh lighthouse 7",
    });
    expect(reset.response.status).toBe(302);
    expect(reset.response.headers.get("location")).toBe("/sign-in/two-factor");
    const challenge = cookieFrom(reset.response);
    expect(challenge).toMatch(/^portico_two_factor=/);
    const [made] = await db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    expect(made?.n).toBe(0);
    const done = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code: nextCode(key) },
      { cookie: challenge },
    );
    expect(await greets(sessionFrom(done.response))).toBe(true);
  });
});

describe("turning two-factor off", () => {
  it("needs the password and a code; then sign-in asks for no code", async () => {
    const { email, key, userId, recoveryCodes: codes } = await userWithTwoFactor();
    const { cookie } = await signInWithPassword(email);
    const done = await postForm(
      `${DASHBOARD}/sign-in/two-factor`,
      { code: nextCode(key) },
      {
        cookie,
      },
    );
    const session = sessionFrom(done.response);
    // Every code within the window is spent by now (set-up and sign-in): a recovery code serves.
    const code = codes[0] as string;

    const withoutCode = await postForm(
      `${DASHBOARD}/profile`,
      { intent: "disable-two-factor", password: PASSWORD, code: "" },
      { cookie: session },
    );
    expect(withoutCode.response.status).toBe(400);
    const wrongPassword = await postForm(
      `${DASHBOARD}/profile`,
      {
        intent: "disable-two-factor",
        password: "not the password",
        code,
      },
      { cookie: session },
    );
    expect(wrongPassword.response.status).toBe(400);
    expect(wrongPassword.body).toContain("The password or the code is not right.");
    expect(
      await db.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId)).get(),
    ).toBeDefined();

    const off = await postForm(
      `${DASHBOARD}/profile`,
      {
        intent: "disable-two-factor",
        password: PASSWORD,
        code,
      },
      { cookie: session },
    );
    expect(off.response.status).toBe(302);
    expect(
      await db.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId)).get(),
    ).toBeUndefined();
    const [left] = await db
      .select({ n: count() })
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, userId));
    expect(left?.n).toBe(0);
    const plain = await signInWithPassword(email);
    expect(plain.response.headers.get("location")).toBe("/");
    expect(await greets(plain.cookie)).toBe(true);
  });
});
