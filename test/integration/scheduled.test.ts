// The app worker's scheduled run, called as the runtime calls it: bounded purges of what has expired,
// and the sweep that puts stuck emails back on the queue (app/lib/scheduled, app/lib/email/requeue).
import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseToken, secretMatches } from "../../app/lib/auth/tokens";
import type { Env } from "../../app/lib/config";
import { newId } from "../../app/lib/db/ids";
import { enqueueEmail, queuedRow } from "../../app/lib/email/enqueue.server";
import type { EmailMessage } from "../../app/lib/email/messages";
import type { ScheduledEnv } from "../../app/lib/scheduled/config";
import { createDb } from "../../db/client";
import {
  emailLog,
  oneTimeTokens,
  rateLimits,
  sessions,
  teamInvites,
  twoFactorChallenges,
} from "../../db/schema";
import app from "../../workers/app";
import {
  createAccount,
  createContact,
  createLink,
  createTeamInvite,
  createUser,
} from "../factories";

const db = createDb(env.DB);
const worker: Required<Pick<ExportedHandler<Env & ScheduledEnv>, "scheduled">> = app;
/**
 * The runtime's own way in; this workers-types entry point leaves `scheduled` off Fetcher. The pool
 * hands `scheduledTime` to the handler as given, so it is given as the runtime gives it: a number.
 */
const self = SELF as unknown as {
  scheduled(options: { cron: string; scheduledTime: number }): Promise<unknown>;
};
const CRON = "*/5 * * * *";
const MINUTE = 60_000;
/** The run's time; rows are placed around it, so nothing here depends on the wall clock. */
const NOW = Date.now();

afterEach(() => {
  vi.restoreAllMocks();
});

/** A queue that keeps what the run sends, in order. */
function recordingQueue() {
  const sent: EmailMessage[] = [];
  const queue = {
    send: async (body: EmailMessage) => {
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<{ body: EmailMessage }>) => {
      for (const message of messages) sent.push(message.body);
    },
  };
  return { sent, queue: queue as unknown as Queue<EmailMessage> };
}

/** One scheduled run at `now`, with the run's log line. */
async function runScheduled(
  now: number,
  options: { vars?: ScheduledEnv; queue?: Queue<EmailMessage> } = {},
) {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron: CRON, scheduledTime: now }),
    { ...env, ...options.vars, EMAIL_QUEUE: options.queue ?? recordingQueue().queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const lines = log.mock.calls
    .map(([line]) => String(line))
    .filter((line) => line.startsWith("scheduled:"));
  log.mockRestore();
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

async function dashboardSession(expiresAt: number): Promise<string> {
  const account = await createAccount(db);
  const { userId } = await createUser(db, account.accountId);
  const id = newId("ses");
  await db
    .insert(sessions)
    .values({ id, kind: "dashboard", userId, host: "app.localhost", expiresAt });
  return id;
}

async function remaining<T extends { id: string }>(table: "sessions" | "tokens", ids: string[]) {
  const t = table === "sessions" ? sessions : oneTimeTokens;
  const rows: T[] = (await db.select({ id: t.id }).from(t).where(inArray(t.id, ids))) as T[];
  return rows.map((row) => row.id).sort();
}

describe("the scheduled run's purges", () => {
  it("deletes exactly what has expired, keeps everything live, and says so in one line", async () => {
    // Whatever earlier runs left: purge it first, so the counts below are this test's rows.
    await runScheduled(NOW, { vars: { PURGE_BATCH_SIZE: "100000" } });

    const expiredSessions = [await dashboardSession(NOW - 1), await dashboardSession(NOW)];
    const liveSessions = [
      await dashboardSession(NOW + 1),
      await dashboardSession(NOW + 30 * MINUTE),
    ];

    const fixture = await createAccount(db);
    const { contactId } = await createContact(db, fixture.accountId);
    const scope = {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId,
    };
    const link = async (expiresAt: number, usedAt: number | null = null) => {
      const id = parseToken(await createLink(db, scope, "registration"))?.id as string;
      await db.update(oneTimeTokens).set({ expiresAt, usedAt }).where(eq(oneTimeTokens.id, id));
      return id;
    };
    const expiredLinks = [await link(NOW - MINUTE), await link(NOW - MINUTE, NOW - 2 * MINUTE)];
    // A used link stays until it expires.
    const liveLinks = [await link(NOW + MINUTE), await link(NOW + MINUTE, NOW - MINUTE)];

    const key = (name: string) => `test:${name}:${crypto.randomUUID()}`;
    const windows = [
      { key: key("ended"), windowStart: NOW - 2 * MINUTE, windowEndsAt: NOW - MINUTE, count: 3 },
      { key: key("ends-now"), windowStart: NOW - MINUTE, windowEndsAt: NOW, count: 1 },
      { key: key("open"), windowStart: NOW - MINUTE, windowEndsAt: NOW + 1, count: 7 },
    ];
    await db.insert(rateLimits).values(windows);

    const challengeUser = await createUser(db, fixture.accountId);
    const challenges = [NOW - 1, NOW + MINUTE].map((expiresAt) => ({
      id: newId("chl"),
      secretHash: "",
      userId: challengeUser.userId,
      host: "app.localhost",
      expiresAt,
    }));
    await db.insert(twoFactorChallenges).values(challenges);

    const line = await runScheduled(NOW);

    expect(line).toBe(
      "scheduled: sessions=2 links=2 rate_limits=2 domains_checked=0 domains_changed=0 challenges=1 attachments_swept=0 emails_requeued=0 emails_relinked=0 emails_failed=0",
    );
    expect(await remaining("sessions", [...expiredSessions, ...liveSessions])).toEqual(
      [...liveSessions].sort(),
    );
    expect(await remaining("tokens", [...expiredLinks, ...liveLinks])).toEqual(
      [...liveLinks].sort(),
    );
    const counters = await db
      .select({ key: rateLimits.key })
      .from(rateLimits)
      .where(
        inArray(
          rateLimits.key,
          windows.map((window) => window.key),
        ),
      );
    expect(counters.map((row) => row.key)).toEqual([windows[2]?.key]);
  });

  it("deletes no more than the batch size per table in one run", async () => {
    await runScheduled(NOW, { vars: { PURGE_BATCH_SIZE: "100000" } });
    const expired = await Promise.all([1, 2, 3, 4, 5].map((n) => dashboardSession(NOW - n)));
    const vars = { PURGE_BATCH_SIZE: "2" };

    expect(await runScheduled(NOW, { vars })).toMatch(/^scheduled: sessions=2 /);
    expect(await remaining("sessions", expired)).toHaveLength(3);
    expect(await runScheduled(NOW, { vars })).toMatch(/^scheduled: sessions=2 /);
    expect(await runScheduled(NOW, { vars })).toMatch(/^scheduled: sessions=1 /);
    expect(await remaining("sessions", expired)).toEqual([]);
  });

  it("runs from the cron trigger itself", async () => {
    const id = await dashboardSession(NOW - 1);
    await self.scheduled({ cron: CRON, scheduledTime: NOW });
    expect(await remaining("sessions", [id])).toEqual([]);
  });

  it("a rate-limit counter records when its window ends", async () => {
    const { countAttempt } = await import("../../app/lib/auth/rate-limit.server");
    const key = `test:window:${crypto.randomUUID()}`;
    await countAttempt(db, key, 5, 10 * MINUTE, 25 * MINUTE + 7);
    const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key));
    expect(row).toMatchObject({ windowStart: 20 * MINUTE, windowEndsAt: 30 * MINUTE, count: 1 });
  });
});

describe("the sweep for stuck emails", () => {
  const STALE = NOW - 31 * MINUTE;

  async function portalScope() {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId);
    return {
      accountId: fixture.accountId,
      portalId: fixture.portalIds[0] as string,
      contactId: contact.contactId,
    };
  }

  /** A log row left `status` since `updatedAt`, as the app (and maybe a consumer) left it. */
  async function stuck(message: EmailMessage, status: "queued" | "sending", updatedAt = STALE) {
    await db.insert(emailLog).values({
      ...queuedRow(message, updatedAt),
      status,
      attempts: status === "sending" ? 1 : 0,
    });
  }

  async function row(idempotencyKey: string) {
    const [found] = await db
      .select()
      .from(emailLog)
      .where(eq(emailLog.idempotencyKey, idempotencyKey));
    return found;
  }

  async function notification(): Promise<EmailMessage> {
    const scope = await portalScope();
    return {
      kind: "ticket_received",
      idempotencyKey: `ticket_received:${crypto.randomUUID()}`,
      accountId: scope.accountId,
      portalId: scope.portalId,
      ticketId: newId("tkt"),
    };
  }

  async function registration(): Promise<{ message: EmailMessage; tokenId: string }> {
    const scope = await portalScope();
    const token = await createLink(db, scope, "registration");
    const tokenId = parseToken(token)?.id as string;
    return {
      tokenId,
      message: {
        kind: "registration",
        idempotencyKey: `registration:${tokenId}`,
        ...scope,
        token,
      },
    };
  }

  it("the log keeps a link email without its token", async () => {
    const { message, tokenId } = await registration();
    const { queue } = recordingQueue();
    await enqueueEmail({ db, env: { EMAIL_QUEUE: queue } }, message);
    const logged = await row(message.idempotencyKey);
    const { token: _token, ...rest } = message as Extract<EmailMessage, { token: string }>;
    expect(logged?.payload).toEqual({ ...rest, tokenId });
    expect(JSON.stringify(logged)).not.toContain(parseToken(_token)?.secret);
  });

  it.each(["queued", "sending"] as const)(
    "a notification stuck in %s goes back on the queue once, under its own key",
    async (status) => {
      const message = await notification();
      await stuck(message, status);
      const { sent, queue } = recordingQueue();

      const line = await runScheduled(NOW, { queue });

      expect(sent.filter((body) => body.idempotencyKey === message.idempotencyKey)).toEqual([
        message,
      ]);
      expect(line).toMatch(/ emails_requeued=1 emails_relinked=0 emails_failed=0$/);
      expect(await row(message.idempotencyKey)).toMatchObject({
        status: "queued",
        reason: `stuck in ${status}: queued again`,
        requeues: 1,
        updatedAt: NOW,
      });
      // Taken once: the next run finds it fresh.
      const again = recordingQueue();
      await runScheduled(NOW + MINUTE, { queue: again.queue });
      expect(again.sent).toEqual([]);
    },
  );

  it.each(["queued", "sending"] as const)(
    "a link email stuck in %s: its link is voided and a new email with a fresh link is queued",
    async (status) => {
      const { message, tokenId } = await registration();
      await stuck(message, status);
      const { sent, queue } = recordingQueue();

      const line = await runScheduled(NOW, { queue });

      expect(line).toMatch(/ emails_requeued=0 emails_relinked=1 emails_failed=0$/);
      expect(sent).toHaveLength(1);
      const [fresh] = sent as Extract<EmailMessage, { kind: "registration" }>[];
      const parsed = parseToken(fresh?.token);
      expect(parsed).not.toBeNull();
      expect(fresh).toMatchObject({
        kind: "registration",
        idempotencyKey: `registration:${parsed?.id}`,
        accountId: message.accountId,
        contactId: (message as { contactId: string }).contactId,
      });
      const [oldLink] = await db.select().from(oneTimeTokens).where(eq(oneTimeTokens.id, tokenId));
      expect(oldLink?.usedAt).toBe(NOW);
      const [newLink] = await db
        .select()
        .from(oneTimeTokens)
        .where(eq(oneTimeTokens.id, parsed?.id as string));
      expect(newLink).toMatchObject({
        kind: "registration",
        usedAt: null,
        accountId: message.accountId,
      });
      expect(secretMatches(parsed?.secret as string, newLink?.secretHash as string)).toBe(true);

      expect(await row(message.idempotencyKey)).toMatchObject({
        status: "failed",
        reason: `stuck: replaced by a new link (${fresh?.idempotencyKey})`,
        requeues: 1,
      });
      const replacement = await row(fresh?.idempotencyKey as string);
      expect(replacement).toMatchObject({ status: "queued", requeues: 1 });
      expect(JSON.stringify(replacement)).not.toContain(parsed?.secret);
    },
  );

  it("a link email whose link was used meanwhile is not sent again", async () => {
    const { message, tokenId } = await registration();
    await stuck(message, "queued");
    await db.update(oneTimeTokens).set({ usedAt: STALE }).where(eq(oneTimeTokens.id, tokenId));
    const { sent, queue } = recordingQueue();
    const line = await runScheduled(NOW, { queue });
    expect(sent).toEqual([]);
    expect(line).toMatch(/ emails_relinked=0 emails_failed=1$/);
    expect(await row(message.idempotencyKey)).toMatchObject({
      status: "failed",
      reason: "stuck: its link is gone, used or replaced; not sent again",
    });
  });

  async function teammateInvite() {
    const fixture = await createAccount(db);
    const owner = await createUser(db, fixture.accountId, { role: "owner" });
    const invite = await createTeamInvite(db, {
      accountId: fixture.accountId,
      invitedByUserId: owner.userId,
      expiresInMs: 7 * 24 * 60 * MINUTE,
    });
    const message: EmailMessage = {
      kind: "dashboard_invite",
      idempotencyKey: `dashboard_invite:${invite.inviteId}`,
      accountId: fixture.accountId,
      email: invite.email,
      invitedByUserId: owner.userId,
      token: invite.token,
    };
    return { invite, message };
  }

  it("a stuck teammate invitation gets a new link in place; the old link stops working", async () => {
    const { invite, message } = await teammateInvite();
    const [before] = await db.select().from(teamInvites).where(eq(teamInvites.id, invite.inviteId));
    await stuck(message, "sending");
    const { sent, queue } = recordingQueue();

    const line = await runScheduled(NOW, { queue });

    expect(line).toMatch(/ emails_requeued=0 emails_relinked=1 emails_failed=0$/);
    const [fresh] = sent as Extract<EmailMessage, { kind: "dashboard_invite" }>[];
    const parsed = parseToken(fresh?.token);
    expect(fresh).toMatchObject({
      kind: "dashboard_invite",
      idempotencyKey: `dashboard_invite:${parsed?.id}`,
      email: invite.email,
    });
    expect(await db.select().from(teamInvites).where(eq(teamInvites.id, invite.inviteId))).toEqual(
      [],
    );
    const [renewed] = await db
      .select()
      .from(teamInvites)
      .where(eq(teamInvites.id, parsed?.id as string));
    expect(renewed).toMatchObject({ email: invite.email, expiresAt: before?.expiresAt });
    expect(secretMatches(parsed?.secret as string, renewed?.secretHash as string)).toBe(true);
    expect(await row(message.idempotencyKey)).toMatchObject({
      status: "failed",
      reason: `stuck: replaced by a new link (${fresh?.idempotencyKey})`,
    });
    expect(await row(fresh?.idempotencyKey as string)).toMatchObject({
      status: "queued",
      requeues: 1,
    });
  });

  it("a stuck invitation revoked meanwhile is not sent again", async () => {
    const { invite, message } = await teammateInvite();
    await stuck(message, "queued");
    await db
      .update(teamInvites)
      .set({ revokedAt: STALE })
      .where(eq(teamInvites.id, invite.inviteId));
    const { sent, queue } = recordingQueue();
    const line = await runScheduled(NOW, { queue });
    expect(sent).toEqual([]);
    expect(line).toMatch(/ emails_relinked=0 emails_failed=1$/);
    expect(await row(message.idempotencyKey)).toMatchObject({
      status: "failed",
      reason: "stuck: its link is gone, used or replaced; not sent again",
    });
  });

  it("leaves fresh and finished emails alone", async () => {
    const fresh = await notification();
    await stuck(fresh, "sending", NOW - 29 * MINUTE);
    const finished = await notification();
    await stuck(finished, "queued");
    await db
      .update(emailLog)
      .set({ status: "sent" })
      .where(eq(emailLog.idempotencyKey, finished.idempotencyKey));
    const { sent, queue } = recordingQueue();
    await runScheduled(NOW, { queue });
    expect(sent).toEqual([]);
    expect(await row(fresh.idempotencyKey)).toMatchObject({ status: "sending", requeues: 0 });
    expect(await row(finished.idempotencyKey)).toMatchObject({ status: "sent", requeues: 0 });
  });

  it("an email stuck again and again ends failed", async () => {
    const message = await notification();
    await stuck(message, "sending");
    await db
      .update(emailLog)
      .set({ requeues: 3 })
      .where(eq(emailLog.idempotencyKey, message.idempotencyKey));
    const { sent, queue } = recordingQueue();
    const line = await runScheduled(NOW, { queue, vars: { EMAIL_MAX_REQUEUES: "3" } });
    expect(sent).toEqual([]);
    expect(line).toMatch(/ emails_requeued=0 emails_relinked=0 emails_failed=1$/);
    expect(await row(message.idempotencyKey)).toMatchObject({
      status: "failed",
      reason: "stuck: not sent after 3 tries to queue it again",
    });
  });

  it("takes no more than its batch size per run", async () => {
    const messages = await Promise.all([1, 2, 3].map(() => notification()));
    for (const message of messages) await stuck(message, "queued");
    const { sent, queue } = recordingQueue();
    const vars = { EMAIL_REQUEUE_BATCH_SIZE: "2" };
    expect(await runScheduled(NOW, { queue, vars })).toMatch(/ emails_requeued=2 /);
    expect(await runScheduled(NOW, { queue, vars })).toMatch(/ emails_requeued=1 /);
    expect(sent.map((body) => body.idempotencyKey).sort()).toEqual(
      messages.map((message) => message.idempotencyKey).sort(),
    );
  });

  it("two sweeps at once queue a stuck email once", async () => {
    const plain = await notification();
    await stuck(plain, "sending");
    const { message: link } = await registration();
    await stuck(link, "sending");
    const { sent, queue } = recordingQueue();

    await Promise.all([runScheduledQuietly(NOW, queue), runScheduledQuietly(NOW, queue)]);

    expect(sent.filter((body) => body.idempotencyKey === plain.idempotencyKey)).toHaveLength(1);
    const contactId = (link as { contactId: string }).contactId;
    expect(sent.filter((body) => "contactId" in body && body.contactId === contactId)).toHaveLength(
      1,
    );
    expect(await row(plain.idempotencyKey)).toMatchObject({ status: "queued", requeues: 1 });
    expect(await row(link.idempotencyKey)).toMatchObject({ status: "failed", requeues: 1 });
  });
});

/** Two runs side by side share one console spy; only the queue matters here. */
async function runScheduledQuietly(now: number, queue: Queue<EmailMessage>) {
  vi.spyOn(console, "log").mockImplementation(() => {});
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron: CRON, scheduledTime: now }),
    { ...env, EMAIL_QUEUE: queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
}
