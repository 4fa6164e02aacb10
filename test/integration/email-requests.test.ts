import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { countEmailRequest } from "../../app/lib/auth/email-request.server";
import { readConfig } from "../../app/lib/config";
import { createDb } from "../../db/client";
import { emailLog } from "../../db/schema";
import { createAccount, createContact, createUser } from "../factories";
import { postFormSettled } from "../support/settled";

const db = createDb(env.DB);
const ADDRESS_LIMIT = Number(env.EMAIL_REQUEST_ADDRESS_LIMIT);

// The typed address and each response's CSP nonce are the only parts allowed to differ.
const mask = (body: string, email: string) =>
  body.replaceAll(email, "EMAIL").replace(/nonce="[^"]+"/g, 'nonce="N"');

function emailsOf(accountId: string) {
  return db.select().from(emailLog).where(eq(emailLog.accountId, accountId));
}

describe.each([
  ["register", "registration"],
  ["forgot-password", "password_reset"],
])("a portal's %s request", (path, kind) => {
  async function portal() {
    const fixture = await createAccount(db, { language: "nl" });
    const eligible = await createContact(db, fixture.accountId, {
      // A reset needs a password already; registration does not mind one.
      passwordHash: "scrypt$1$1$1$AA==$AA==",
      withTicket: { inboxId: fixture.inboxId },
    });
    const ineligible = await createContact(db, fixture.accountId);
    return { ...fixture, url: `http://${fixture.hostname}/help/${path}`, eligible, ineligible };
  }

  it("answers alike, after alike work, and mails only the eligible address afterwards", async () => {
    const site = await portal();
    const known = await postFormSettled(site.url, { email: site.eligible.email });
    const other = await postFormSettled(site.url, { email: site.ineligible.email });
    expect(known.response.status).toBe(200);
    expect(other.response.status).toBe(200);
    expect(mask(other.body, site.ineligible.email)).toBe(mask(known.body, site.eligible.email));
    // The lookup and the email are handed to waitUntil, for both answers.
    expect(known.deferred).toBeGreaterThan(0);
    expect(other.deferred).toBe(known.deferred);
    const sent = await emailsOf(site.accountId);
    expect(sent.map((row) => row.kind)).toEqual([kind]);
  });

  it("refuses past the per-address limit, in the portal's language, known or not", async () => {
    const site = await portal();
    for (const email of [site.eligible.email, "nobody-at-all@example.test"]) {
      for (let i = 0; i < ADDRESS_LIMIT; i++) {
        expect((await postFormSettled(site.url, { email })).response.status).toBe(200);
      }
      const refused = await postFormSettled(site.url, { email: email.toUpperCase() });
      expect(refused.response.status).toBe(429);
      expect(refused.body).toContain("Te veel aanvragen voor een e-mail. Probeer het opnieuw na");
      expect(refused.deferred).toBe(0);
    }
  });
});

describe("the dashboard's password reset request", () => {
  it("mails the user after answering, and is limited per address", async () => {
    const { accountId } = await createAccount(db);
    const { email } = await createUser(db, accountId);
    const url = "http://app.localhost/reset-password";
    const first = await postFormSettled(url, { email });
    expect(first.response.status).toBe(200);
    expect(first.deferred).toBeGreaterThan(0);
    expect((await emailsOf(accountId)).map((row) => row.kind)).toEqual([
      "dashboard_password_reset",
    ]);
    for (let i = 1; i < ADDRESS_LIMIT; i++) await postFormSettled(url, { email });
    const refused = await postFormSettled(url, { email });
    expect(refused.response.status).toBe(429);
    expect(refused.body).toContain("Too many requests for an email. Try again after");
    expect(await emailsOf(accountId)).toHaveLength(ADDRESS_LIMIT);
  });
});

describe("countEmailRequest", () => {
  it("limits one client address across every typed address, and names when to retry", async () => {
    const config = { ...readConfig(env), emailRequestIpLimit: 2, emailRequestWindowMs: 60_000 };
    const now = 1_900_000_025_000;
    const count = (ip: string, email: string) =>
      countEmailRequest(db, config, { ip, scope: "acc_x", email }, now);
    expect(await count("198.51.100.1", "a@example.test")).toEqual({ allowed: true });
    expect(await count("198.51.100.1", "b@example.test")).toEqual({ allowed: true });
    expect(await count("198.51.100.1", "c@example.test")).toEqual({
      allowed: false,
      retryAt: 1_900_000_080_000,
    });
    expect(await count("198.51.100.2", "c@example.test")).toEqual({ allowed: true });
  });
});
