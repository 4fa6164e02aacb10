import { env, SELF } from "cloudflare:test";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { signInContact } from "../../app/lib/auth/portal-auth.server";
import { readConfig } from "../../app/lib/config";
import { lookupSite } from "../../app/lib/tenancy/resolve.server";
import { createDb } from "../../db/client";
import { contacts, emailLog, oneTimeTokens, portalMembers, sessions } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed";
import { createAccessGroup, createAccount, createContact, createLink } from "../factories";
import { cookieFrom, getPage, postForm, signInPortal } from "../support/http";
import { postFormSettled } from "../support/settled";

const db = createDb(env.DB);
const SUPPORT = "http://acme.portico-sites.localhost/support";
const PORTAL = "http://help.acme.localhost/portal";
const HILFE = "http://globex.portico-sites.localhost/hilfe";
const DASHBOARD = "http://app.localhost";
const PASSWORD = "correct horse battery";

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function rowCounts() {
  const [s] = await db.select({ n: count() }).from(sessions);
  const [t] = await db.select({ n: count() }).from(oneTimeTokens);
  const [e] = await db.select({ n: count() }).from(emailLog);
  return { sessions: s?.n, tokens: t?.n, emails: e?.n };
}

describe("seeded sign-ins", () => {
  it.each([
    [PORTAL, "jan.portal@klant.example", "Jan de Vries"],
    [PORTAL, "  JAN.Portal@Klant.Example ", "Jan de Vries"],
    [PORTAL, "eva@klant.example", "Eva Jansen"],
    [SUPPORT, "sam@solo.example", "Sam Solo"],
    [HILFE, "max@kunde.example", "Max Mustermann"],
  ])("%s accepts %s", async (base, email, name) => {
    const cookie = await signInPortal(base, email, DEMO_PASSWORD);
    const { body } = await getPage(`${base}/tickets`, cookie);
    expect(body).toContain(name);
  });

  it.each([
    [PORTAL, "jan@klant.example", "his email, when a membership email is set"],
    [PORTAL, "sam@solo.example", "a contact outside the access group"],
    [SUPPORT, "max@kunde.example", "a contact of another account"],
    [PORTAL, "jan.portal@klant.example", "the wrong password"],
  ])("%s refuses %s (%s)", async (base, email, why) => {
    const password = why === "the wrong password" ? "not-the-password" : DEMO_PASSWORD;
    const { response, body } = await postForm(`${base}/sign-in`, { email, password });
    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(body).toMatch(/onjuist|incorrect/);
  });

  it.each(["owner@acme.example", "agent@acme.example", "owner@globex.example"])(
    "the dashboard accepts %s",
    async (email) => {
      const { response } = await postForm(`${DASHBOARD}/sign-in`, {
        email,
        password: DEMO_PASSWORD,
      });
      expect(response.status).toBe(302);
      const { body } = await getPage(`${DASHBOARD}/`, cookieFrom(response));
      expect(body).toContain("Welcome,");
    },
  );

  it("says in the portal's language that the password is wrong", async () => {
    const { body } = await postForm(`${PORTAL}/sign-in`, {
      email: "eva@klant.example",
      password: "wrong-password",
    });
    expect(body).toContain("Het e-mailadres of wachtwoord is onjuist.");
    expect(body).toContain('value="eva@klant.example"');
    expect(body).not.toContain("wrong-password");
  });
});

describe("a session is bound to one portal on one host", () => {
  it("is worthless on the other Acme portal, on Globex and on the dashboard", async () => {
    const cookie = await signInPortal(SUPPORT, "sam@solo.example", DEMO_PASSWORD);
    const value = cookie.split("=")[1];
    expect((await getPage(`${SUPPORT}/tickets`, cookie)).body).toContain("Sam Solo");
    // Replayed under the other portals' cookie names, exactly as an attacker would.
    for (const [base, portalId] of [
      [PORTAL, "prt_acme_portal"],
      [HILFE, "prt_globex_hilfe"],
    ] as const) {
      const { body } = await getPage(`${base}/tickets`, `portico_portal_${portalId}=${value}`);
      expect(body).not.toContain("Sam Solo");
    }
    const dashboard = await getPage(`${DASHBOARD}/`, `portico_dashboard=${value}`);
    expect(dashboard.body).not.toContain("Welcome,");
  });

  it("a dashboard session is no portal session", async () => {
    const { response } = await postForm(`${DASHBOARD}/sign-in`, {
      email: "owner@acme.example",
      password: DEMO_PASSWORD,
    });
    const value = cookieFrom(response).split("=")[1];
    const { body } = await getPage(
      `${SUPPORT}/tickets`,
      `portico_portal_prt_acme_support=${value}`,
    );
    expect(body).not.toContain("Signed in as");
  });

  it("sets a host-only, HttpOnly, SameSite=Lax cookie scoped to the portal's path", async () => {
    const { response } = await postForm(`${SUPPORT}/sign-in`, {
      email: "sam@solo.example",
      password: DEMO_PASSWORD,
    });
    const header = response.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/^portico_portal_prt_acme_support=[a-z2-7]{24}\.[a-z2-7]{32};/);
    expect(header).toContain("Path=/support");
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).not.toMatch(/Domain=/i);
    // Plain-http *.localhost in development is the one place without Secure.
    expect(header).not.toContain("Secure");
  });

  it("signs out, and signs out everywhere", async () => {
    const first = await signInPortal(SUPPORT, "sam@solo.example", DEMO_PASSWORD);
    const second = await signInPortal(SUPPORT, "sam@solo.example", DEMO_PASSWORD);
    await postForm(`${SUPPORT}/sign-out`, {}, { cookie: first });
    expect((await getPage(`${SUPPORT}/tickets`, first)).body).not.toContain("Sam Solo");
    expect((await getPage(`${SUPPORT}/tickets`, second)).body).toContain("Sam Solo");
    const third = await signInPortal(SUPPORT, "sam@solo.example", DEMO_PASSWORD);
    await postForm(`${SUPPORT}/sign-out`, { everywhere: "true" }, { cookie: third });
    expect((await getPage(`${SUPPORT}/tickets`, second)).body).not.toContain("Sam Solo");
  });
});

describe("cross-origin writes", () => {
  it.each([
    ["a foreign origin", "https://evil.example"],
    ["a sibling subdomain", "http://globex.portico-sites.localhost"],
    ["the same host on another scheme", "https://acme.portico-sites.localhost"],
    ["no origin at all", null],
  ])("are refused from %s, and change nothing", async (_, origin) => {
    const before = await rowCounts();
    const { response } = await postForm(
      `${SUPPORT}/sign-in`,
      { email: "sam@solo.example", password: DEMO_PASSWORD },
      { origin },
    );
    expect(response.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it("are accepted when the browser says same-origin", async () => {
    const { response } = await postForm(
      `${SUPPORT}/sign-in`,
      { email: "sam@solo.example", password: DEMO_PASSWORD },
      { origin: null, headers: { "Sec-Fetch-Site": "same-origin" } },
    );
    expect(response.status).toBe(302);
  });
});

describe("answers reveal nothing about who is known", () => {
  // The typed address and each response's CSP nonce are the only parts allowed to differ.
  const mask = (body: string, email: string) =>
    body.replaceAll(email, "EMAIL").replace(/nonce="[^"]+"/g, 'nonce="N"');

  it.each([
    ["register", SUPPORT, "lena@klant.example"],
    ["register", PORTAL, "piet@klant.example"],
    ["forgot-password", SUPPORT, "sam@solo.example"],
    ["forgot-password", PORTAL, "jan.portal@klant.example"],
  ])("%s on %s: known and unknown addresses get the same page", async (path, base, known) => {
    const unknown = "nobody-at-all@example.test";
    const a = await postForm(`${base}/${path}`, { email: known });
    const b = await postForm(`${base}/${path}`, { email: unknown });
    expect(a.response.status).toBe(200);
    expect(b.response.status).toBe(a.response.status);
    expect(mask(a.body, known)).toBe(mask(b.body, unknown));
  });
});

describe("registration", () => {
  it("anyone with a ticket: link to the membership email, set password, signed in", async () => {
    const fixture = await createAccount(db);
    const { contactId } = await createContact(db, fixture.accountId, {
      email: "ria@shop.example",
      membershipEmail: "ria.portal@shop.example",
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const { response } = await postFormSettled(`${base}/register`, { email: "RIA@shop.example" });
    expect(response.status).toBe(200);
    const [queued] = await db
      .select()
      .from(emailLog)
      .where(eq(emailLog.accountId, fixture.accountId));
    expect(queued).toMatchObject({ kind: "registration", status: "queued" });

    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId: fixture.portalIds[0] as string, contactId },
      "registration",
    );
    expect((await getPage(`${base}/register/${token}`)).body).toContain("ria.portal@shop.example");
    const done = await postForm(`${base}/register/${token}`, { password: PASSWORD });
    expect(done.response.status).toBe(302);
    expect((await getPage(`${base}/tickets`, cookieFrom(done.response))).body).toContain(
      "Signed in as",
    );
    const [member] = await db
      .select()
      .from(portalMembers)
      .where(eq(portalMembers.contactId, contactId));
    expect(member?.inviteStatus).toBe("accepted");
    // The link works once.
    expect((await getPage(`${base}/register/${token}`)).response.status).toBe(410);
  });

  it("nobody without a ticket can register", async () => {
    const fixture = await createAccount(db);
    await createContact(db, fixture.accountId, { email: "no-ticket@shop.example" });
    await postFormSettled(`http://${fixture.hostname}/help/register`, {
      email: "no-ticket@shop.example",
    });
    const [tokens] = await db
      .select({ n: count() })
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.accountId, fixture.accountId));
    expect(tokens?.n).toBe(0);
  });

  it("access groups only: members get a link, everyone else nothing", async () => {
    const fixture = await createAccount(db, { accessMode: "access_groups" });
    const portalId = fixture.portalIds[0] as string;
    const group = await createAccessGroup(db, fixture.accountId, portalId);
    const member = await createContact(db, fixture.accountId, { accessGroupIds: [group] });
    const outsider = await createContact(db, fixture.accountId, {
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    await postFormSettled(`${base}/register`, { email: outsider.email });
    await postFormSettled(`${base}/register`, { email: member.email });
    const issued = await db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.accountId, fixture.accountId));
    expect(issued.map((row) => row.contactId)).toEqual([member.contactId]);
    // An invitation link completes the same way.
    const invite = await createLink(
      db,
      { accountId: fixture.accountId, portalId, contactId: member.contactId },
      "access_group_invite",
    );
    const done = await postForm(`${base}/join/${invite}`, { password: PASSWORD });
    expect(done.response.status).toBe(302);
  });

  it("records consent with its version, and requires the checkbox when configured", async () => {
    const fixture = await createAccount(db, {
      consent: { enabled: true, text: "I agree to the terms.", version: 4, requireCheckbox: true },
    });
    const portalId = fixture.portalIds[0] as string;
    const { contactId } = await createContact(db, fixture.accountId, {
      withTicket: { inboxId: fixture.inboxId },
    });
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId, contactId },
      "registration",
    );
    const base = `http://${fixture.hostname}/help`;
    expect((await getPage(`${base}/register/${token}`)).body).toContain("I agree to the terms.");
    const refused = await postForm(`${base}/register/${token}`, { password: PASSWORD });
    expect(refused.response.status).toBe(400);
    expect(refused.body).toContain("Please agree to continue.");
    const accepted = await postForm(`${base}/register/${token}`, {
      password: PASSWORD,
      consent: "on",
    });
    expect(accepted.response.status).toBe(302);
    const [member] = await db
      .select()
      .from(portalMembers)
      .where(eq(portalMembers.contactId, contactId));
    expect(member?.consentVersion).toBe(4);
    expect(member?.consentedAt).toBeGreaterThan(0);
  });

  it.each([
    ["short1", "at least 8"],
    ["abcdefgh", "too easy to guess"],
    ["12345678", "too easy to guess"],
    ["my-ria-login-2026", "email address"],
  ])("refuses the password %s and says why", async (password, message) => {
    const fixture = await createAccount(db);
    const { contactId } = await createContact(db, fixture.accountId, {
      email: "ria@shop.example",
      membershipEmail: "my-ria-login@shop.example",
      withTicket: { inboxId: fixture.inboxId },
    });
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId: fixture.portalIds[0] as string, contactId },
      "registration",
    );
    const { response, body } = await postForm(`http://${fixture.hostname}/help/register/${token}`, {
      password,
    });
    expect(response.status).toBe(400);
    expect(body).toContain(message);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(contact?.passwordHash).toBeNull();
  });
});

describe("lockout and reset", () => {
  it("locks a contact after the configured number of failures, and says until when", async () => {
    const fixture = await createAccount(db);
    const { email } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const threshold = Number(env.LOCKOUT_THRESHOLD);
    for (let i = 1; i < threshold; i++) {
      const { body } = await postForm(`${base}/sign-in`, { email, password: "wrong-password" });
      expect(body).toContain("incorrect");
    }
    const locked = await postForm(`${base}/sign-in`, { email, password: "wrong-password" });
    expect(locked.body).toContain("Too many failed attempts. Try again after");
    // Even the right password waits for the lock to end.
    const right = await postForm(`${base}/sign-in`, { email, password: PASSWORD });
    expect(right.response.status).toBe(400);
    expect(right.body).toContain("Too many failed attempts");
  });

  it("spends a reset link once, even when used twice at the same moment", async () => {
    const fixture = await createAccount(db);
    const { contactId } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId: fixture.portalIds[0] as string, contactId },
      "password_reset",
    );
    const url = `http://${fixture.hostname}/help/reset-password/${token}`;
    const results = await Promise.all([
      postForm(url, { password: "first new password" }),
      postForm(url, { password: "second new password" }),
    ]);
    expect(results.map((r) => r.response.status).sort()).toEqual([302, 410]);
  });

  it("ends every old session when the password is reset", async () => {
    const fixture = await createAccount(db);
    const { contactId, email } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const old = await signInPortal(base, email, PASSWORD);
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId: fixture.portalIds[0] as string, contactId },
      "password_reset",
    );
    const reset = await postForm(`${base}/reset-password/${token}`, {
      password: "a brand new secret",
    });
    expect(reset.response.status).toBe(302);
    expect((await getPage(`${base}/tickets`, old)).body).not.toContain("Signed in as");
    expect((await getPage(`${base}/tickets`, cookieFrom(reset.response))).body).toContain(
      "Signed in as",
    );
    await signInPortal(base, email, "a brand new secret");
    const remaining = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.contactId, contactId)));
    expect(remaining).toHaveLength(2);
  });
});

describe("bad input changes nothing and says why, in the portal's language", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["empty", { email: "", password: "" }, /Dit veld is verplicht/],
    [
      "10 000 characters",
      { email: `${"a".repeat(10_000)}@x.nl`, password: "x" },
      /geldig e-mailadres/,
    ],
    ["not an email", { email: "not-an-email", password: "x" }, /geldig e-mailadres/],
    ["Unicode", { email: "jöhn@exämple", password: "x" }, /geldig e-mailadres/],
    ["HTML", { email: "<script>alert(1)</script>", password: "x" }, /geldig e-mailadres/],
    [
      "NUL",
      { email: "jan\u0000@klant.example", password: "x" },
      /niet zijn toegestaan|geldig e-mailadres/,
    ],
  ];

  it.each(cases)("sign-in: %s", async (_, fields, message) => {
    const before = await rowCounts();
    const { response, body } = await postForm(`${PORTAL}/sign-in`, fields);
    expect(response.status).toBe(400);
    expect(body).toMatch(message);
    expect(body).not.toContain("<script>alert(1)</script>");
    expect(await rowCounts()).toEqual(before);
  });

  it.each(cases)("register: %s", async (_, fields, message) => {
    const before = await rowCounts();
    const { response, body } = await postForm(`${PORTAL}/register`, { email: fields.email ?? "" });
    expect(response.status).toBe(400);
    expect(body).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it.each(cases)("forgot password: %s", async (_, fields, message) => {
    const before = await rowCounts();
    const { response, body } = await postForm(`${PORTAL}/forgot-password`, {
      email: fields.email ?? "",
    });
    expect(response.status).toBe(400);
    expect(body).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("set password: 10 000 characters", async () => {
    const fixture = await createAccount(db, { language: "de" });
    const { contactId } = await createContact(db, fixture.accountId, {
      withTicket: { inboxId: fixture.inboxId },
    });
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId: fixture.portalIds[0] as string, contactId },
      "registration",
    );
    const { response, body } = await postForm(`http://${fixture.hostname}/help/register/${token}`, {
      password: "x".repeat(10_000),
    });
    expect(response.status).toBe(400);
    expect(body).toContain("Verwenden Sie höchstens 256 Zeichen.");
  });
});

describe("the per-IP limit", () => {
  it("stops sign-ins from one address past the configured limit, and says until when", async () => {
    const fixture = await createAccount(db);
    const { email } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const site = await lookupSite(db, fixture.hostname);
    if (!site?.portals[0]) throw new Error("fixture site missing");
    const config = { ...readConfig(env), signInIpLimit: 2, lockoutThreshold: 100 };
    const ref = { account: site.account, portal: site.portals[0], host: fixture.hostname };
    const attempt = (ip: string) =>
      signInContact(db, config, { ...ref, ip }, { email, password: "wrong-password" });
    expect((await attempt("203.0.113.9")).ok).toBe(false);
    expect(await attempt("203.0.113.9")).toEqual({ ok: false, error: "signIn.invalid" });
    const limited = await attempt("203.0.113.9");
    expect(limited).toMatchObject({ ok: false, error: "signIn.rateLimited" });
    expect("retryAt" in limited && limited.retryAt).toBeGreaterThan(Date.now());
    // Another address is not affected.
    expect(await attempt("198.51.100.7")).toEqual({ ok: false, error: "signIn.invalid" });
  });
});

describe("hardening", () => {
  it("never redirects off the site, and control characters do not break the answer", async () => {
    const { response } = await postForm(`${DASHBOARD}/sign-in`, {
      email: "owner@acme.example",
      password: DEMO_PASSWORD,
    });
    const cookie = cookieFrom(response);
    const dashboard = await getPage(
      `${DASHBOARD}/sign-in?redirectTo=%2F%09%2Fevil.example`,
      cookie,
    );
    expect(dashboard.response.status).toBe(302);
    expect(dashboard.response.headers.get("location")).toBe("/");
    const portalCookie = await signInPortal(SUPPORT, "sam@solo.example", DEMO_PASSWORD);
    const portal = await getPage(`${SUPPORT}/sign-in?redirectTo=%2Fsupport%2F%0Ax`, portalCookie);
    expect(portal.response.status).toBe(302);
    expect(portal.response.headers.get("location")).toBe("/support/tickets");
    const signIn = await postForm(`${SUPPORT}/sign-in`, {
      email: "sam@solo.example",
      password: DEMO_PASSWORD,
      redirectTo: "/support/\r\nSet-Cookie: x=y",
    });
    expect(signIn.response.status).toBe(302);
    expect(signIn.response.headers.get("location")).toBe("/support/tickets");
  });

  it("refuses a write that is not a form with 415, before any action runs", async () => {
    const response = await SELF.fetch(`${SUPPORT}/sign-in`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: "http://acme.portico-sites.localhost",
      },
      body: JSON.stringify({ email: "sam@solo.example", password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(415);
  });

  it("a crafted consent value is a 400 with a message, not a 500", async () => {
    const fixture = await createAccount(db, {
      consent: { enabled: true, text: "Terms.", version: 1, requireCheckbox: true },
    });
    const { contactId } = await createContact(db, fixture.accountId, {
      withTicket: { inboxId: fixture.inboxId },
    });
    const portalId = fixture.portalIds[0] as string;
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId, contactId },
      "registration",
    );
    const { response, body } = await postForm(`http://${fixture.hostname}/help/register/${token}`, {
      password: PASSWORD,
      consent: "yes",
    });
    expect(response.status).toBe(400);
    expect(body).toContain("Please agree to continue.");
  });

  it("a registration link used by a registered contact ends their old sessions and other links", async () => {
    const fixture = await createAccount(db);
    const { contactId, email } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const scope = {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId,
    };
    const old = await signInPortal(base, email, PASSWORD);
    const reset = await createLink(db, scope, "password_reset");
    const registration = await createLink(db, scope, "registration");
    expect(
      (await postForm(`${base}/register/${registration}`, { password: "a new secret 2026" }))
        .response.status,
    ).toBe(302);
    expect((await getPage(`${base}/tickets`, old)).response.status).toBe(302);
    expect((await getPage(`${base}/reset-password/${reset}`)).response.status).toBe(410);
  });

  it("a link of a contact whose access was revoked can no longer be used", async () => {
    const fixture = await createAccount(db, { accessMode: "access_groups" });
    const portalId = fixture.portalIds[0] as string;
    const group = await createAccessGroup(db, fixture.accountId, portalId);
    const { contactId } = await createContact(db, fixture.accountId, { accessGroupIds: [group] });
    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId, contactId },
      "access_group_invite",
    );
    await db.insert(portalMembers).values({
      id: `pmb_${contactId}`,
      accountId: fixture.accountId,
      portalId,
      contactId,
      inviteStatus: "pending",
      revokedAt: Date.now(),
    });
    const { response } = await postForm(`http://${fixture.hostname}/help/join/${token}`, {
      password: PASSWORD,
    });
    expect(response.status).toBe(410);
  });

  it("the profile's current password counts towards the lockout", async () => {
    const fixture = await createAccount(db);
    const { email } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, email, PASSWORD);
    const threshold = Number(env.LOCKOUT_THRESHOLD);
    let body = "";
    for (let i = 0; i < threshold; i++) {
      ({ body } = await postForm(
        `${base}/profile`,
        { intent: "password", current: "wrong guess", next: "another good one 7" },
        { cookie },
      ));
    }
    expect(body).toContain("Too many failed attempts. Try again after");
    const right = await postForm(
      `${base}/profile`,
      { intent: "password", current: PASSWORD, next: "another good one 7" },
      { cookie },
    );
    expect(right.response.status).toBe(400);
  });

  it("an invited member who signs in has accepted", async () => {
    const fixture = await createAccount(db, { accessMode: "access_groups" });
    const portalId = fixture.portalIds[0] as string;
    const group = await createAccessGroup(db, fixture.accountId, portalId);
    const { contactId, email } = await createContact(db, fixture.accountId, {
      passwordHash,
      accessGroupIds: [group],
    });
    await db.insert(portalMembers).values({
      id: `pmb_${contactId}`,
      accountId: fixture.accountId,
      portalId,
      contactId,
      inviteStatus: "pending",
      invitedAt: Date.now() - 1000,
    });
    await signInPortal(`http://${fixture.hostname}/help`, email, PASSWORD);
    const [member] = await db
      .select()
      .from(portalMembers)
      .where(eq(portalMembers.contactId, contactId));
    expect(member?.inviteStatus).toBe("accepted");
    expect(member?.acceptedAt).toBeGreaterThan(0);
  });

  it("sends at most five links an hour to one contact", async () => {
    const fixture = await createAccount(db);
    const { contactId, email } = await createContact(db, fixture.accountId, {
      withTicket: { inboxId: fixture.inboxId },
    });
    for (let i = 0; i < 7; i++) {
      expect(
        (await postFormSettled(`http://${fixture.hostname}/help/register`, { email })).response
          .status,
      ).toBe(200);
    }
    const issued = await db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.contactId, contactId));
    expect(issued).toHaveLength(5);
  });
});

describe("revoking access", () => {
  it("ends the contact's session on that portal at once", async () => {
    const fixture = await createAccount(db);
    const { contactId, email } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, email, PASSWORD);
    expect((await getPage(`${base}/tickets`, cookie)).response.status).toBe(200);
    await db
      .update(portalMembers)
      .set({ revokedAt: Date.now() })
      .where(eq(portalMembers.contactId, contactId));
    expect((await getPage(`${base}/tickets`, cookie)).response.status).toBe(302);
    const again = await postForm(`${base}/sign-in`, { email, password: PASSWORD });
    expect(again.response.status).toBe(400);
  });
});
