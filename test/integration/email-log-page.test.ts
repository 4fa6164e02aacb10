import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { createDb } from "../../db/client";
import { accounts, users } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed";
import { createAccount, createEmailLogEntry, createUser } from "../factories";
import { cookieFrom, getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const DASHBOARD = "http://app.localhost";

async function signInDashboard(email: string, password: string): Promise<string> {
  const { response } = await postForm(`${DASHBOARD}/sign-in`, { email, password });
  expect(response.status).toBe(302);
  return cookieFrom(response);
}

describe("the dashboard's email log", () => {
  it("lists the account's emails, and only that account's", async () => {
    const mine = await createAccount(db, { name: "Mine Ltd" });
    const other = await createAccount(db, { name: "Other Ltd" });
    const owner = await createUser(db, mine.accountId, { role: "owner", name: "Olga Owner" });
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("correct horse battery") })
      .where(eq(users.id, owner.userId));
    await createEmailLogEntry(db, {
      accountId: mine.accountId,
      recipient: "mine@customer.example",
    });
    await createEmailLogEntry(db, {
      accountId: mine.accountId,
      recipient: "skipped@customer.example",
      kind: "access_group_invite",
      status: "skipped",
      reason: "skipped: system domain",
    });
    await createEmailLogEntry(db, {
      accountId: other.accountId,
      recipient: "other@customer.example",
    });
    const cookie = await signInDashboard(owner.email, "correct horse battery");

    const [mineAccount] = await db.select().from(accounts).where(eq(accounts.id, mine.accountId));
    const { response, body } = await getPage(
      `${DASHBOARD}/a/${mineAccount?.slug}/email-log`,
      cookie,
    );
    expect(response.status).toBe(200);
    expect(body).toContain("mine@customer.example");
    expect(body).toContain("skipped: system domain");
    expect(body).not.toContain("other@customer.example");

    const [otherAccount] = await db.select().from(accounts).where(eq(accounts.id, other.accountId));
    const foreign = await getPage(`${DASHBOARD}/a/${otherAccount?.slug}/email-log`, cookie);
    expect(foreign.response.status).toBe(404);
    expect(foreign.body).not.toContain("other@customer.example");
  });

  it("is not for agents", async () => {
    const cookie = await signInDashboard("agent@acme.example", DEMO_PASSWORD);
    expect((await getPage(`${DASHBOARD}/a/acme/email-log`, cookie)).response.status).toBe(403);
  });

  it("asks signed-out visitors to sign in, and does not exist on a portal host", async () => {
    const signedOut = await getPage(`${DASHBOARD}/a/acme/email-log`);
    expect(signedOut.response.status).toBe(302);
    expect(signedOut.response.headers.get("location")).toBe(
      "/sign-in?redirectTo=%2Fa%2Facme%2Femail-log",
    );
    const portal = await getPage("http://acme.portico-sites.localhost/a/acme/email-log");
    expect(portal.response.status).toBe(404);
  });
});
