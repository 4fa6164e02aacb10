// Signing up on the dashboard: the whole account in one batch, the slug race decided by the
// database, an address registered already, another account for a signed-in user, the owner's
// verification link and its "send again".
import { env } from "cloudflare:test";
import { and, eq, inArray, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type SignUpResult, signUp } from "../../app/lib/accounts/signup.server";
import { resendVerification } from "../../app/lib/accounts/verification.server";
import { parseToken } from "../../app/lib/auth/tokens";
import { readConfig } from "../../app/lib/config";
import type { EmailMessage } from "../../app/lib/email/messages";
import { requeueStuckEmails } from "../../app/lib/email/requeue.server";
import type { Language } from "../../app/lib/i18n";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount } from "../factories";
import { createMember, DASHBOARD } from "../support/dashboard";
import { cookieFrom, getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const config = readConfig(env);
const ADDRESS_LIMIT = Number(env.EMAIL_REQUEST_ADDRESS_LIMIT);
const PASSWORD = "harbour lights 1987";

const unique = () => crypto.randomUUID().slice(0, 8);

function form(overrides: Record<string, string> = {}) {
  const id = unique();
  return {
    name: "Sanne Starter",
    email: `sanne-${id}@starter.example`,
    password: PASSWORD,
    accountName: `Starter ${id}`,
    language: "nl",
    ...overrides,
  };
}

/** The form as the library takes it. */
function typed(overrides: Record<string, string> = {}) {
  const fields = form(overrides);
  return { ...fields, language: fields.language as Language };
}

/** A queue that keeps what is sent to it (or refuses everything). */
function recordingQueue(options: { refuse?: boolean } = {}) {
  const sent: EmailMessage[] = [];
  const queue = {
    send: async (body: EmailMessage) => {
      if (options.refuse) throw new Error("queue unavailable");
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<{ body: EmailMessage }>) => {
      for (const message of messages) sent.push(message.body);
    },
  } as unknown as Queue<EmailMessage>;
  return { sent, queue };
}

/**
 * A D1 binding that records each statement's SQL and whether it ran inside a batch, so a test can
 * tell which writes went together.
 */
function recordingD1(d1: D1Database) {
  const single: string[] = [];
  const batches: string[][] = [];
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const wrap = (statement: D1PreparedStatement, query: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        if (property === "bind") {
          return (...values: unknown[]) => wrap(target.bind(...values), query);
        }
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (["run", "all", "raw", "first"].includes(String(property))) single.push(query);
          return value.apply(target, args);
        };
      },
    });
    real.set(proxy, statement);
    sqlOf.set(proxy, query);
    return proxy;
  };
  const recorded = new Proxy(d1, {
    get(target, property) {
      if (property === "prepare") return (query: string) => wrap(target.prepare(query), query);
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          batches.push(statements.map((statement) => sqlOf.get(statement) ?? "?"));
          return target.batch(statements.map((statement) => real.get(statement) ?? statement));
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const writes = (queries: string[]) =>
    queries.filter((query) => /^\s*(insert|update|delete)/i.test(query));
  return { d1: recorded, single, batches, writes };
}

const table = (query: string) =>
  /^\s*(?:insert into|update|delete from)\s+"?(\w+)"?/i.exec(query)?.[1];

async function accountBySlug(slug: string) {
  return db.select().from(s.accounts).where(eq(s.accounts.slug, slug)).get();
}

async function accountsNamed(name: string) {
  return db.select().from(s.accounts).where(eq(s.accounts.name, name));
}

async function rowCounts() {
  const [accounts, users, domains, memberships, tokens, emails] = await Promise.all([
    db.$count(s.accounts),
    db.$count(s.users),
    db.$count(s.domains),
    db.$count(s.memberships),
    db.$count(s.oneTimeTokens),
    db.$count(s.emailLog),
  ]);
  return { accounts, users, domains, memberships, tokens, emails };
}

function slugOf(response: Response): string {
  const location = response.headers.get("location") ?? "";
  const slug = /^\/a\/([a-z0-9-]+)$/.exec(location)?.[1];
  if (!slug) throw new Error(`not an account redirect: ${location}`);
  return slug;
}

describe("signing up", () => {
  it("writes the account, its owner, system domain, inbox, link and audit entry in one batch", async () => {
    const recorder = recordingD1(env.DB);
    const recordedDb = createDb(recorder.d1);
    const { sent, queue } = recordingQueue();
    const fields = typed({ accountName: "Café Zürich & Co", language: "de" });
    const result = await signUp({ db: recordedDb, env: { EMAIL_QUEUE: queue } }, config, {
      ...fields,
      ip: "192.0.2.10",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    expect(recorder.batches).toHaveLength(1);
    expect(recorder.batches[0]?.map(table)).toEqual([
      "accounts",
      "users",
      "memberships",
      "agents",
      "domains",
      "inboxes",
      "one_time_tokens",
      "email_log",
      "audit_log",
    ]);
    // Outside the batch only the request count and the new session are written.
    expect(recorder.writes(recorder.single).map(table).sort()).toEqual([
      "rate_limits",
      "rate_limits",
      "sessions",
    ]);

    const account = await accountBySlug(result.account.slug);
    expect(account).toMatchObject({ name: "Café Zürich & Co", timeZone: "UTC" });
    expect(result.account.slug).toMatch(/^cafe-zurich-co(-\d+)?$/);
    const user = await db.select().from(s.users).where(eq(s.users.email, fields.email)).get();
    expect(user).toMatchObject({ name: "Sanne Starter", emailVerifiedAt: null });
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    const members = await db
      .select()
      .from(s.memberships)
      .where(eq(s.memberships.accountId, result.account.id));
    expect(members).toEqual([expect.objectContaining({ userId: user?.id, role: "owner" })]);
    const domains = await db
      .select()
      .from(s.domains)
      .where(eq(s.domains.accountId, result.account.id));
    expect(domains).toEqual([
      expect.objectContaining({
        hostname: `${result.account.slug}.portico-sites.localhost`,
        kind: "system",
        status: "active",
        primaryLanguage: "de",
      }),
    ]);
    const inboxes = await db
      .select()
      .from(s.inboxes)
      .where(eq(s.inboxes.accountId, result.account.id));
    expect(inboxes.map((inbox) => inbox.name)).toEqual(["Support"]);
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.accountId, result.account.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: "account.create",
        actorUserId: user?.id,
        details: {
          before: {},
          after: {
            name: "Café Zürich & Co",
            slug: result.account.slug,
            hostname: `${result.account.slug}.portico-sites.localhost`,
            language: "de",
          },
        },
      }),
    ]);

    // The verification email: queued in the log, on the queue, with a link for this address.
    expect(sent).toEqual([
      expect.objectContaining({
        kind: "dashboard_email_verification",
        accountId: result.account.id,
        userId: user?.id,
      }),
    ]);
    const tokenId = parseToken((sent[0] as { token: string }).token)?.id as string;
    const link = await db
      .select()
      .from(s.oneTimeTokens)
      .where(eq(s.oneTimeTokens.id, tokenId))
      .get();
    expect(link).toMatchObject({
      kind: "dashboard_email_verification",
      userId: user?.id,
      accountId: result.account.id,
      email: fields.email,
      usedAt: null,
    });
    const logged = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.idempotencyKey, `dashboard_email_verification:${tokenId}`))
      .get();
    expect(logged).toMatchObject({ status: "queued", accountId: result.account.id });
    expect(JSON.stringify(logged)).not.toContain(
      parseToken((sent[0] as { token: string }).token)?.secret,
    );
  });

  it("through the page: signed in, on the new account's home, asked to verify", async () => {
    const input = form();
    const { response } = await postForm(`${DASHBOARD}/sign-up`, input);
    expect(response.status).toBe(302);
    const slug = slugOf(response);
    expect(slug).toBe(`starter-${input.accountName.slice(8)}`);
    const cookie = cookieFrom(response);
    const home = await getPage(`${DASHBOARD}/a/${slug}`, cookie);
    expect(home.response.status).toBe(200);
    expect(home.body).toContain(input.accountName);
    expect(home.body).toContain(`Please verify your email address ${input.email}`);
    const account = await accountBySlug(slug);
    const logged = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.accountId, account?.id ?? ""));
    expect(logged.map((row) => row.kind)).toEqual(["dashboard_email_verification"]);
  });

  it("refuses an address that has a user already, next to the field, and writes nothing", async () => {
    const before = await rowCounts();
    const input = form({ email: "Owner@Acme.example" });
    const { response, body } = await postForm(`${DASHBOARD}/sign-up`, input);
    expect(response.status).toBe(400);
    expect(body).toMatch(
      /id="[^"]*email-error"[^>]*><li>This email address already has a Portico account\. Sign in and create another account from your dashboard\.<\/li>/,
    );
    expect(body).toContain(`value="${input.accountName}"`);
    expect(body).toContain('value="Owner@Acme.example"');
    expect(body).not.toContain(PASSWORD);
    expect(await rowCounts()).toEqual(before);
    expect(await accountsNamed(input.accountName)).toEqual([]);
  });

  it.each([
    ["a short password", { password: "short" }, "Use at least 8 characters."],
    [
      "the email in the password",
      { email: "harbour@x.example", password: "harbour-9999" },
      "Do not use your email address",
    ],
    ["no account name", { accountName: "" }, "This field is required."],
    ["an unknown language", { language: "xx" }, "Choose one of the options."],
    ["a bad email", { email: "not-an-address" }, "Enter a valid email address"],
  ])("refuses %s with the input back and writes nothing", async (_, overrides, message) => {
    const before = await rowCounts();
    const input = form(overrides);
    const { response, body } = await postForm(`${DASHBOARD}/sign-up`, input);
    expect(response.status).toBe(400);
    expect(body).toContain(message);
    expect(body).toContain('value="Sanne Starter"');
    expect(await rowCounts()).toEqual(before);
  });

  it("takes the next free suffix when the slug is taken", async () => {
    // Signed in, so no password is hashed: the slug rule is the same for both kinds of sign-up.
    const member = await createMember(db, (await createAccount(db)).accountId, "owner");
    const create = async (accountName: string) =>
      slugOf(
        (
          await postForm(
            `${DASHBOARD}/sign-up`,
            { accountName, language: "en" },
            { cookie: member.cookie },
          )
        ).response,
      );
    const name = `Clash ${unique()}`;
    const base = name.toLowerCase().replace(" ", "-");
    expect(await create(name)).toBe(base);
    expect(await create(name)).toBe(`${base}-2`);
    expect(await create(name.toUpperCase())).toBe(`${base}-3`);
    // The demo's "acme" is taken too, and a reserved first label is never used.
    expect(await create("ACME")).toBe("acme-2");
    expect(await create("www")).toBe("www-2");
  });

  it("two parallel sign-ups with one account name both succeed, with different slugs", async () => {
    const name = `Parallel ${unique()}`;
    const [a, b] = await Promise.all([
      postForm(`${DASHBOARD}/sign-up`, form({ accountName: name })),
      postForm(`${DASHBOARD}/sign-up`, form({ accountName: name })),
    ]);
    expect(a.response.status).toBe(302);
    expect(b.response.status).toBe(302);
    const base = name.toLowerCase().replace(" ", "-");
    expect([slugOf(a.response), slugOf(b.response)].sort()).toEqual([base, `${base}-2`]);
    const created = await accountsNamed(name);
    expect(created).toHaveLength(2);
    const hosts = await db
      .select({ hostname: s.domains.hostname })
      .from(s.domains)
      .where(
        inArray(
          s.domains.accountId,
          created.map((account) => account.id),
        ),
      );
    expect(hosts.map((row) => row.hostname).sort()).toEqual([
      `${base}-2.portico-sites.localhost`,
      `${base}.portico-sites.localhost`,
    ]);
  });

  it("two parallel sign-ups with one address: one account, the other told, nothing half-written", async () => {
    const email = `twice-${unique()}@starter.example`;
    const names = [`Twice A ${unique()}`, `Twice B ${unique()}`];
    const results = await Promise.all(
      names.map((accountName) => postForm(`${DASHBOARD}/sign-up`, form({ email, accountName }))),
    );
    expect(results.map((result) => result.response.status).sort()).toEqual([302, 400]);
    const created = await db.select().from(s.accounts).where(inArray(s.accounts.name, names));
    expect(created).toHaveLength(1);
    const loser = names.find((name) => name !== created[0]?.name) as string;
    const loserSlug = loser.toLowerCase().replaceAll(" ", "-");
    const orphans = await db
      .select()
      .from(s.domains)
      .where(like(s.domains.hostname, `${loserSlug}%`));
    expect(orphans).toEqual([]);
    expect(await db.$count(s.users, eq(s.users.email, email))).toBe(1);
  });

  it("is limited per address and per client address", async () => {
    const taken = "owner@globex.example";
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      const attempt = await postForm(`${DASHBOARD}/sign-up`, form({ email: taken }));
      expect(attempt.response.status).toBe(400);
    }
    const refused = await postForm(`${DASHBOARD}/sign-up`, form({ email: taken }));
    expect(refused.response.status).toBe(429);
    expect(refused.body).toContain("Too many requests for an email. Try again after");

    const strict = { ...config, emailRequestIpLimit: 1 };
    const producer = { db, env: { EMAIL_QUEUE: recordingQueue().queue } };
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const first = await signUp(producer, strict, { ...typed(), ip });
    expect(first.ok).toBe(true);
    const before = await rowCounts();
    const second: SignUpResult = await signUp(producer, strict, { ...typed(), ip });
    expect(second).toMatchObject({ ok: false, error: "emailRequest.rateLimited" });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("another account for a signed-in user", () => {
  it("asks only for the account's name and language, and makes the user its owner", async () => {
    const existing = await createAccount(db);
    const member = await createMember(db, existing.accountId, "agent");
    const page = await getPage(`${DASHBOARD}/sign-up`, member.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain("Create another account");
    expect(page.body).not.toContain('type="password"');
    expect(page.body).not.toContain('name="email"');

    const usersBefore = await db.$count(s.users);
    const name = `Second ${unique()}`;
    const { response } = await postForm(
      `${DASHBOARD}/sign-up`,
      { accountName: name, language: "fr" },
      { cookie: member.cookie },
    );
    expect(response.status).toBe(302);
    const slug = slugOf(response);
    const account = await accountBySlug(slug);
    const memberships = await db
      .select()
      .from(s.memberships)
      .where(eq(s.memberships.userId, member.userId));
    expect(memberships.map((row) => [row.accountId, row.role]).sort()).toEqual(
      [
        [existing.accountId, "agent"],
        [account?.id, "owner"],
      ].sort(),
    );
    expect(await db.$count(s.users)).toBe(usersBefore);
    expect(await db.$count(s.emailLog, eq(s.emailLog.accountId, account?.id ?? ""))).toBe(0);
    const home = await getPage(`${DASHBOARD}/a/${slug}`, member.cookie);
    expect(home.response.status).toBe(200);
    // Both accounts are on the front page.
    const front = await getPage(`${DASHBOARD}/`, member.cookie);
    expect(front.body).toContain(`href="/a/${slug}"`);
    expect(front.body).toContain('href="/sign-up"');
  });

  it("gives the input back on a bad name and writes nothing", async () => {
    const existing = await createAccount(db);
    const member = await createMember(db, existing.accountId, "owner");
    const before = await rowCounts();
    const { response, body } = await postForm(
      `${DASHBOARD}/sign-up`,
      { accountName: "x".repeat(101), language: "fr" },
      { cookie: member.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("The account name can have at most 100 characters.");
    expect(body).toContain(`value="${"x".repeat(101)}"`);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("verifying the owner's email address", () => {
  async function signedUp() {
    const { sent, queue } = recordingQueue();
    const producer = { db, env: { EMAIL_QUEUE: queue } };
    const fields = typed();
    const result = await signUp(producer, config, { ...fields, ip: "192.0.2.20" });
    if (!result.ok) throw new Error("sign-up failed");
    const user = await db.select().from(s.users).where(eq(s.users.email, fields.email)).get();
    if (!user) throw new Error("no user");
    const token = (sent[0] as { token: string }).token;
    return { result, user, token, producer, sent };
  }

  it("the link verifies once; a second visit is a 410", async () => {
    const { user, token } = await signedUp();
    const first = await getPage(`${DASHBOARD}/verify/${token}`);
    expect(first.response.status).toBe(200);
    expect(first.body).toContain(`Your email address ${user.email} is verified.`);
    const verified = await db.select().from(s.users).where(eq(s.users.id, user.id)).get();
    expect(verified?.emailVerifiedAt).toBeGreaterThan(0);
    const again = await getPage(`${DASHBOARD}/verify/${token}`);
    expect(again.response.status).toBe(410);
    expect(again.body).toContain("This link no longer works");
    const malformed = await getPage(`${DASHBOARD}/verify/not-a-token`);
    expect(malformed.response.status).toBe(410);
  });

  it("two parallel visits verify once", async () => {
    const { token } = await signedUp();
    const statuses = await Promise.all([
      getPage(`${DASHBOARD}/verify/${token}`),
      getPage(`${DASHBOARD}/verify/${token}`),
    ]);
    expect(statuses.map((page) => page.response.status).sort()).toEqual([200, 410]);
  });

  it("a link for an address the user no longer has verifies nothing", async () => {
    const { user, token } = await signedUp();
    const changed = `changed-${unique()}@starter.example`;
    await db.update(s.users).set({ email: changed }).where(eq(s.users.id, user.id));
    const page = await getPage(`${DASHBOARD}/verify/${token}`);
    expect(page.response.status).toBe(410);
    const row = await db.select().from(s.users).where(eq(s.users.id, user.id)).get();
    expect(row?.emailVerifiedAt).toBeNull();
  });

  it("'send again' on the home page sends a new link, limited per address; none once verified", async () => {
    const input = form();
    const signUpPage = await postForm(`${DASHBOARD}/sign-up`, input);
    const slug = slugOf(signUpPage.response);
    const cookie = cookieFrom(signUpPage.response);
    const account = await accountBySlug(slug);
    const emails = () =>
      db.$count(
        s.emailLog,
        and(
          eq(s.emailLog.accountId, account?.id ?? ""),
          eq(s.emailLog.kind, "dashboard_email_verification"),
        ),
      );
    expect(await emails()).toBe(1);
    const again = await postForm(`${DASHBOARD}/a/${slug}?index`, {}, { cookie });
    expect(again.response.status).toBe(302);
    expect(again.response.headers.get("location")).toBe(`/a/${slug}?verification=sent`);
    expect(await emails()).toBe(2);
    const notice = await getPage(`${DASHBOARD}/a/${slug}?verification=sent`, cookie);
    expect(notice.body).toContain(`We sent a new link to ${input.email}.`);
    // The sign-up counted once for the address; then ADDRESS_LIMIT in all.
    for (let i = 2; i < ADDRESS_LIMIT; i++)
      await postForm(`${DASHBOARD}/a/${slug}?index`, {}, { cookie });
    const refused = await postForm(`${DASHBOARD}/a/${slug}?index`, {}, { cookie });
    expect(refused.response.status).toBe(429);
    expect(refused.body).toContain("Too many requests for an email. Try again after");
    const sentBefore = await emails();

    await db
      .update(s.users)
      .set({ emailVerifiedAt: Date.now() })
      .where(eq(s.users.email, input.email));
    const user = await db.select().from(s.users).where(eq(s.users.email, input.email)).get();
    if (!user) throw new Error("no user");
    await resendVerification(
      { db, env: { EMAIL_QUEUE: recordingQueue().queue } },
      account?.id ?? "",
      user,
    );
    expect(await emails()).toBe(sentBefore);
    const verifiedHome = await getPage(`${DASHBOARD}/a/${slug}`, cookie);
    expect(verifiedHome.body).not.toContain(`Please verify your email address ${input.email}`);
  });

  it("a verification email that never left the queue is sent again with a fresh link", async () => {
    const { queue } = recordingQueue({ refuse: true });
    const result = await signUp({ db, env: { EMAIL_QUEUE: queue } }, config, {
      ...typed(),
      ip: "192.0.2.30",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [stuck] = await db
      .select()
      .from(s.emailLog)
      .where(eq(s.emailLog.accountId, result.account.id));
    expect(stuck).toMatchObject({ kind: "dashboard_email_verification", status: "queued" });

    const retry = recordingQueue();
    const swept = await requeueStuckEmails({
      db,
      queue: retry.queue,
      now: Date.now() + 60 * 60_000,
      staleMs: 30 * 60_000,
      batchSize: 1000,
      maxRequeues: 5,
    });
    expect(swept.relinked).toBeGreaterThanOrEqual(1);
    const fresh = retry.sent.find(
      (message) =>
        message.kind === "dashboard_email_verification" && message.accountId === result.account.id,
    ) as Extract<EmailMessage, { token: string }> | undefined;
    expect(fresh).toBeDefined();
    const oldToken = (stuck?.payload as { tokenId: string } | undefined)?.tokenId;
    expect(parseToken(fresh?.token)?.id).not.toBe(oldToken);
    const page = await getPage(`${DASHBOARD}/verify/${fresh?.token}`);
    expect(page.response.status).toBe(200);
  });
});
