// The seed's rule from outside, through both workers and the real queue: on an access-group portal
// on a system domain, a member's self-service registration reaches no email provider (the log says
// why), the page answers as it does for any address, and a registered member's password reset
// still goes out.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { emailLog } from "../../db/schema";
import { addToAccessGroup, createAccount, createContact } from "../factories";
import { type FakeResendServer, startFakeResend } from "../fakes/resend";
import { eventually, type Stack, startStack } from "../support/stack";

const FINISHED = new Set(["sent", "skipped", "failed"]);

describe("membership emails on an access-group portal on a system domain", () => {
  let stack: Stack;
  let resend: FakeResendServer;
  let db: Database;

  beforeAll(async () => {
    resend = await startFakeResend();
    stack = await startStack({
      emailBindings: {
        RESEND_API_KEY: "re_multiworker_test",
        RESEND_BASE_URL: resend.url,
        EMAIL_MAX_RETRIES: "3",
        EMAIL_RETRY_BASE_SECONDS: "0",
      },
      queue: { maxRetries: 3, retryDelay: 0 },
    });
    db = stack.db as unknown as Database;
  });

  afterAll(async () => {
    await stack?.dispose();
    await resend?.close();
  });

  function post(url: string, fields: Record<string, string>) {
    // Miniflare rewrites Host on the way in, so the browser's other same-origin proof is sent.
    return stack.mf.dispatchFetch(url, {
      method: "POST",
      body: new URLSearchParams(fields).toString(),
      headers: {
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      redirect: "manual",
    });
  }

  /**
   * The page's answer with the typed address and the per-response nonce taken out: what is left
   * is everything that could tell one address from another.
   */
  async function answer(url: string, email: string) {
    const response = await post(url, { email });
    const body = (await response.text())
      .replaceAll(email, "ADDRESS")
      .replace(/nonce="[^"]*"/g, 'nonce=""');
    return { status: response.status, body };
  }

  function finished(portalId: string, kind: string, recipient: string) {
    return eventually(async () => {
      const [row] = await stack.db
        .select()
        .from(emailLog)
        .where(
          and(
            eq(emailLog.portalId, portalId),
            eq(emailLog.kind, kind),
            eq(emailLog.recipient, recipient),
          ),
        );
      return row && FINISHED.has(row.status) ? row : undefined;
    });
  }

  it("a member's registration reaches no provider; a registered member's reset does", async () => {
    const fixture = await createAccount(db, { kind: "system", accessMode: "access_groups" });
    const portalId = fixture.portalIds[0] as string;
    const base = `http://${fixture.hostname}/help`;
    const newcomer = await createContact(db, fixture.accountId, {
      email: `new-${fixture.accountId.slice(-6)}@member.example`,
      membershipEmail: `new-${fixture.accountId.slice(-6)}@portal.member.example`,
    });
    const registered = await createContact(db, fixture.accountId, {
      email: `old-${fixture.accountId.slice(-6)}@member.example`,
      passwordHash: "scrypt$not-checked-here",
    });
    const { accessGroupId } = await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId,
      contactId: newcomer.contactId,
      inviteStatus: null,
    });
    await createContact(db, fixture.accountId, {
      email: `peer-${fixture.accountId.slice(-6)}@member.example`,
      accessGroupIds: [accessGroupId],
    });
    await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId,
      contactId: registered.contactId,
      inviteStatus: "accepted",
    });

    // The same answer for the member as for an address nobody has.
    const member = await answer(`${base}/register`, newcomer.email);
    const stranger = await answer(`${base}/register`, "nobody@nowhere.example");
    expect(member.status).toBe(200);
    expect(member).toEqual(stranger);

    const skipped = await finished(portalId, "registration", newcomer.signInEmail);
    expect(skipped).toMatchObject({
      status: "skipped",
      reason: "skipped: system domain",
      providerId: null,
    });

    const reset = await post(`${base}/forgot-password`, { email: registered.email });
    expect(reset.status).toBe(200);
    const sent = await finished(portalId, "password_reset", registered.email);
    expect(sent.status).toBe("sent");
    expect(resend.model.emailsTo(registered.email)).toHaveLength(1);

    // Zero requests of any kind reached the fake for the member, at either address.
    expect(resend.model.requestsFor(newcomer.signInEmail)).toHaveLength(0);
    expect(resend.model.requestsFor(newcomer.email)).toHaveLength(0);
    expect(resend.model.requests).toHaveLength(1);
  });
});
