// Both workers as they deploy, in one Miniflare: the app's producer binding puts messages on the real
// queue, the email worker consumes them and sends to a fake Resend listening on 127.0.0.1.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueEmail, queuedRow } from "../../app/lib/email/enqueue.server";
import type { EmailMessage } from "../../app/lib/email/messages";
import { emailLog } from "../../db/schema";
import { type FakeResendServer, startFakeResend } from "../fakes/resend";
import { eventually, type Stack, startStack } from "../support/stack";

const FINISHED = new Set(["sent", "skipped", "failed"]);

describe("the email worker behind the app's queue", () => {
  let stack: Stack;
  let resend: FakeResendServer;
  let queue: Queue<EmailMessage>;

  beforeAll(async () => {
    resend = await startFakeResend();
    stack = await startStack({
      emailBindings: {
        RESEND_API_KEY: "re_multiworker_test",
        RESEND_BASE_URL: resend.url,
        // Matches the queue's maxRetries below; retries go at once.
        EMAIL_MAX_RETRIES: "3",
        EMAIL_RETRY_BASE_SECONDS: "0",
      },
      queue: { maxRetries: 3, retryDelay: 0 },
    });
    ({ EMAIL_QUEUE: queue } = await stack.mf.getBindings<{ EMAIL_QUEUE: Queue<EmailMessage> }>(
      "portico",
    ));
  });

  afterAll(async () => {
    await stack?.dispose();
    await resend?.close();
  });

  /** Enqueues as the app does (a queued log row, then the queue) and waits for the outcome. */
  async function send(message: EmailMessage) {
    await enqueueEmail({ db: stack.db, env: { EMAIL_QUEUE: queue } }, message);
    return eventually(async () => {
      const [row] = await stack.db
        .select()
        .from(emailLog)
        .where(eq(emailLog.idempotencyKey, message.idempotencyKey));
      return row && FINISHED.has(row.status) ? row : undefined;
    });
  }

  const key = () => `mw-${crypto.randomUUID()}`;

  it("an invite for the custom-domain portal reaches Piet once, in Dutch, linking to its host", async () => {
    const message: EmailMessage = {
      kind: "access_group_invite",
      idempotencyKey: key(),
      accountId: "acc_acme",
      portalId: "prt_acme_portal",
      contactId: "ctc_piet",
      token: "piet-invite-token",
    };
    const row = await send(message);

    expect(row).toMatchObject({ status: "sent", recipient: "piet@klant.example", attempts: 1 });
    const emails = resend.model.emailsTo("piet@klant.example");
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(row.providerId).toBe(email?.id);
    expect(email?.idempotencyKey).toBe(message.idempotencyKey);
    expect(email?.subject).toBe("U bent uitgenodigd voor Acme Klantenportaal");
    expect(email?.html).toContain('<html lang="nl"');
    expect(email?.text).toContain("Beste Piet Bakker,");
    expect(email?.text).toContain("http://help.acme.localhost/portal/join/piet-invite-token");
    expect(email?.html).toContain(
      'href="http://help.acme.localhost/portal/join/piet-invite-token"',
    );
  });

  it("Jan's registration email goes to his membership email", async () => {
    const row = await send({
      kind: "registration",
      idempotencyKey: key(),
      accountId: "acc_acme",
      portalId: "prt_acme_portal",
      contactId: "ctc_jan",
      token: "jan-registration-token",
    });
    expect(row).toMatchObject({ status: "sent", recipient: "jan.portal@klant.example" });
    expect(resend.model.emailsTo("jan@klant.example")).toHaveLength(0);
    const [email] = resend.model.emailsTo("jan.portal@klant.example");
    expect(email?.subject).toBe("Bevestig uw e-mailadres voor Acme Klantenportaal");
    expect(email?.text).toContain(
      "http://help.acme.localhost/portal/register/jan-registration-token",
    );
  });

  it("the same invite for the system-domain portal never reaches Resend", async () => {
    const row = await send({
      kind: "access_group_invite",
      idempotencyKey: key(),
      accountId: "acc_acme",
      portalId: "prt_acme_support",
      contactId: "ctc_sam",
      token: "sam-invite-token",
    });
    expect(row).toMatchObject({
      status: "skipped",
      reason: "skipped: system domain",
      recipient: "sam@solo.example",
      providerId: null,
    });
    expect(resend.model.requestsFor("sam@solo.example")).toHaveLength(0);
  });

  it("Resend answering 500, 500, then 200: one email after three attempts", async () => {
    resend.model.script("sam@solo.example", [500, 500]);
    const message: EmailMessage = {
      kind: "ticket_received",
      idempotencyKey: key(),
      accountId: "acc_acme",
      portalId: "prt_acme_support",
      ticketId: "tkt_acme_4",
    };
    const row = await send(message);

    expect(row).toMatchObject({ status: "sent", attempts: 3, reason: null });
    const requests = resend.model.requestsFor("sam@solo.example");
    expect(requests.map((request) => request.status)).toEqual([500, 500, 200]);
    expect(new Set(requests.map((request) => request.idempotencyKey))).toEqual(
      new Set([message.idempotencyKey]),
    );
    const emails = resend.model.emailsTo("sam@solo.example");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text).toContain("http://acme.portico-sites.localhost/support/tickets/4");
  });

  it("Resend answering 422: failed, and not tried again", async () => {
    resend.model.script("eva@klant.example", [422]);
    const row = await send({
      kind: "password_reset",
      idempotencyKey: key(),
      accountId: "acc_acme",
      portalId: "prt_acme_portal",
      contactId: "ctc_eva",
      token: "eva-reset-token",
    });
    expect(row).toMatchObject({
      status: "failed",
      reason: "Resend 422 validation_error: fake error 422",
      attempts: 1,
    });
    expect(resend.model.requestsFor("eva@klant.example")).toHaveLength(1);
    expect(resend.model.emailsTo("eva@klant.example")).toHaveLength(0);
  });

  it("Resend failing every attempt: failed after the last one", async () => {
    resend.model.script("lena@klant.example", [500, 500, 500, 500, 500]);
    const row = await send({
      kind: "registration",
      idempotencyKey: key(),
      accountId: "acc_acme",
      portalId: "prt_acme_portal",
      contactId: "ctc_lena",
      token: "lena-registration-token",
    });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(4);
    expect(row.reason).toMatch(
      /^Resend 500 internal_server_error: .* \(gave up after 4 attempts\)$/,
    );
    expect(resend.model.requestsFor("lena@klant.example")).toHaveLength(4);
  });

  it("an email stuck in sending goes out exactly once after the scheduled sweep, even with two sweeps at once", async () => {
    // What a worker that stopped mid-send leaves: the row says `sending`, the queue holds nothing.
    const message: EmailMessage = {
      kind: "ticket_received",
      idempotencyKey: key(),
      accountId: "acc_globex",
      portalId: "prt_globex_hilfe",
      ticketId: "tkt_globex_1",
    };
    const longAgo = Date.now() - 60 * 60_000;
    await stack.db
      .insert(emailLog)
      .values({ ...queuedRow(message, longAgo), status: "sending", attempts: 1 });

    const app = await stack.mf.getWorker("portico");
    const sweep = () => app.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
    await Promise.all([sweep(), sweep()]);

    const row = await eventually(async () => {
      const [found] = await stack.db
        .select()
        .from(emailLog)
        .where(eq(emailLog.idempotencyKey, message.idempotencyKey));
      return found && FINISHED.has(found.status) ? found : undefined;
    });
    expect(row).toMatchObject({ status: "sent", requeues: 1, attempts: 2 });
    expect(resend.model.requestsFor("max@kunde.example")).toHaveLength(1);
    const [email] = resend.model.emailsTo("max@kunde.example");
    expect(email?.idempotencyKey).toBe(message.idempotencyKey);
    expect(row.providerId).toBe(email?.id);
  });
});
