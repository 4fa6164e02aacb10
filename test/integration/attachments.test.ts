// Attachments end to end in workerd: a form streamed into R2 (pending rows attached in the
// message's batch), the limits answered in the page with the typed text back, the type detected
// from the bytes, downloads with their headers and ranges, and the sweep of pending uploads.
import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Env } from "../../app/lib/config";
import type { ScheduledEnv } from "../../app/lib/scheduled/config";
import { createDb } from "../../db/client";
import { accounts, attachments, auditLog, ticketMessages, tickets } from "../../db/schema";
import app from "../../workers/app";
import {
  type AccountFixture,
  createAccount,
  createContact,
  createTicketFixture,
} from "../factories";
import { accountUrl, createTeam, type Team } from "../support/dashboard";
import { signInPortal } from "../support/http";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";
const KB = 1024;

/** A PNG's signature and IHDR start, then filler: detected as image/png. */
function png(size = 200): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  for (let i = 16; i < size; i += 1) bytes[i] = i % 251;
  return bytes;
}

const text = (value: string) => new TextEncoder().encode(value);

type Part = string | { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string };

/** A multipart form POST as a browser sends it; files under "files". */
function multipart(url: string, fields: Record<string, Part | Part[]>, cookie: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (typeof part === "string") form.append(name, part);
      else form.append(name, new File([part.bytes], part.name, { type: part.type ?? "" }));
    }
  }
  return SELF.fetch(
    new Request(url, {
      method: "POST",
      body: form,
      headers: { Host: new URL(url).host, Origin: new URL(url).origin, Cookie: cookie },
      redirect: "manual",
    }),
  );
}

function get(url: string, cookie?: string, headers: Record<string, string> = {}) {
  return SELF.fetch(url, {
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers },
    redirect: "manual",
  });
}

async function rowsOf(accountId: string) {
  return db.select().from(attachments).where(eq(attachments.accountId, accountId));
}

async function objectKeys(accountId: string): Promise<string[]> {
  const listed = await env.ATTACHMENTS.list({ prefix: `${accountId}/` });
  return listed.objects.map((object) => object.key);
}

type Portal = { fixture: AccountFixture; base: string; cookie: string; ticket: number; team: Team };

/** A fresh account, its contact signed in on its portal, with a ticket; `kinds` it accepts. */
async function portalWithTicket(kinds?: string[]): Promise<Portal> {
  const fixture = await createAccount(db);
  if (kinds) {
    // Before any request: the worker caches the account with its host.
    await db
      .update(accounts)
      .set({ attachmentKinds: kinds })
      .where(eq(accounts.id, fixture.accountId));
  }
  const passwordHash = await hashPassword(PASSWORD);
  const contact = await createContact(db, fixture.accountId, { passwordHash });
  const { number } = await createTicketFixture(db, {
    accountId: fixture.accountId,
    inboxId: fixture.inboxId,
    contactId: contact.contactId,
    messages: [{ body: "It broke." }],
  });
  const base = `http://${fixture.hostname}/help`;
  const cookie = await signInPortal(base, contact.email, PASSWORD);
  return { fixture, base, cookie, ticket: number, team: await createTeam(db, fixture) };
}

let portal: Portal;
beforeAll(async () => {
  portal = await portalWithTicket();
});

// Storage is isolated per test (what a test writes is gone after it): each test uploads its own.
const SCREEN = png(300);
const NOTES = "line one\nline two\n";

/** The customer's reply with a PNG and a text file; their rows by name. */
async function replyWithTwoFiles(where: Portal) {
  const response = await multipart(
    `${where.base}/tickets/${where.ticket}`,
    {
      body: "Here is a screenshot.",
      files: [
        { name: "screen.png", bytes: SCREEN, type: "image/png" },
        { name: "notes.txt", bytes: text(NOTES), type: "text/plain" },
      ],
      intent: "reply",
    },
    where.cookie,
  );
  expect(response.status).toBe(302);
  const rows = await rowsOf(where.fixture.accountId);
  const named = (name: string) => {
    const row = rows.find((candidate) => candidate.fileName === name);
    if (!row) throw new Error(`no row for ${name}`);
    return row;
  };
  return { rows, screen: named("screen.png"), notes: named("notes.txt") };
}

describe("a customer's reply with files", () => {
  it("stores each file in R2 under account/ticket/random, attached to the reply", async () => {
    const { fixture, base, cookie, ticket } = portal;
    const { rows } = await replyWithTwoFiles(portal);
    expect(rows.map((row) => [row.fileName, row.status, row.mime, row.size])).toEqual(
      expect.arrayContaining([
        ["screen.png", "attached", "image/png", 300],
        ["notes.txt", "attached", "text/plain", 18],
      ]),
    );
    const [reply] = await db
      .select()
      .from(ticketMessages)
      .where(
        and(
          eq(ticketMessages.accountId, fixture.accountId),
          eq(ticketMessages.body, "Here is a screenshot."),
        ),
      );
    expect(reply).toBeDefined();
    for (const row of rows) {
      expect(row.messageId).toBe(reply?.id);
      expect(row.objectKey).toMatch(
        new RegExp(`^${fixture.accountId}/${row.ticketId}/obj_[a-z2-7]+$`),
      );
      expect(row.objectKey).not.toContain(row.fileName);
    }
    const png0 = rows.find((row) => row.fileName === "screen.png");
    const object = await env.ATTACHMENTS.get(png0?.objectKey ?? "");
    expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(SCREEN);
    expect(png0?.checksum).toMatch(/^[0-9a-f]{64}$/);

    // The thread shows both, the image inline, each linked to the worker's download URL.
    const page = await (await get(`${base}/tickets/${ticket}`, cookie)).text();
    expect(page).toContain(`/help/tickets/${ticket}/attachments/${png0?.id}`);
    expect(page).toMatch(/<img[^>]+src="\/help\/tickets\/\d+\/attachments\/att_/);
    expect(page).toContain("<bdi>notes.txt</bdi>");
  });

  it("downloads an image inline and text as an attachment, sandboxed and unsniffed", async () => {
    const { base, cookie, ticket } = portal;
    const { screen: image, notes } = await replyWithTwoFiles(portal);
    const shown = await get(`${base}/tickets/${ticket}/attachments/${image?.id}`, cookie);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Content-Type")).toBe("image/png");
    expect(shown.headers.get("Content-Disposition")).toMatch(/^inline;/);
    expect(shown.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(shown.headers.get("Content-Security-Policy")).toMatch(/^sandbox;/);
    expect(new Uint8Array(await shown.arrayBuffer())).toEqual(png(300));

    const saved = await get(`${base}/tickets/${ticket}/attachments/${notes?.id}`, cookie);
    expect(saved.headers.get("Content-Disposition")).toMatch(/^attachment;.*filename="notes.txt"/);
    expect(saved.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await saved.text()).toBe(NOTES);
  });

  it("answers a byte range with 206 and a range past the end with 416", async () => {
    const { base, cookie, ticket } = portal;
    const { screen: image } = await replyWithTwoFiles(portal);
    const url = `${base}/tickets/${ticket}/attachments/${image?.id}`;
    const part = await get(url, cookie, { Range: "bytes=0-7" });
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe("bytes 0-7/300");
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(png(300).subarray(0, 8));
    const tail = await get(url, cookie, { Range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect((await tail.arrayBuffer()).byteLength).toBe(10);
    const past = await get(url, cookie, { Range: "bytes=5000-" });
    expect(past.status).toBe(416);
    await past.arrayBuffer();
  });

  it("detects the type from the bytes, not from a lying Content-Type", async () => {
    const { fixture, base, cookie, ticket } = portal;
    const response = await multipart(
      `${base}/tickets/${ticket}`,
      {
        body: "The log.",
        files: { name: "log.png", bytes: text("plain words, not an image\n"), type: "image/png" },
        intent: "reply",
      },
      cookie,
    );
    expect(response.status).toBe(302);
    const row = (await rowsOf(fixture.accountId)).find((r) => r.fileName === "log.png");
    expect(row?.mime).toBe("text/plain");
    const download = await get(`${base}/tickets/${ticket}/attachments/${row?.id}`, cookie);
    expect(download.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    await download.arrayBuffer();
  });

  it("refuses HTML by default, with the message in the page and the text kept", async () => {
    const { fixture, base, cookie, ticket } = portal;
    const before = (await rowsOf(fixture.accountId)).length;
    const response = await multipart(
      `${base}/tickets/${ticket}`,
      {
        body: "My typed words survive.",
        files: {
          name: "page.png",
          bytes: text("<!DOCTYPE html><html><script>alert(1)</script></html>"),
          type: "image/png",
        },
        intent: "reply",
      },
      cookie,
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("cannot be attached: this type of file is not accepted.");
    expect(html).toContain("My typed words survive.");
    expect((await rowsOf(fixture.accountId)).length).toBe(before);
  });

  it("serves an HTML file, where the account allows it, only as a sandboxed download", async () => {
    const own = await portalWithTicket(["image", "text", "html"]);
    const response = await multipart(
      `${own.base}/tickets/${own.ticket}`,
      {
        body: "An HTML file.",
        files: { name: "page.html", bytes: text("<html><body><script>alert(1)</script>") },
        intent: "reply",
      },
      own.cookie,
    );
    expect(response.status).toBe(302);
    const [row] = await rowsOf(own.fixture.accountId);
    expect(row?.mime).toBe("text/html");
    const download = await get(
      `${own.base}/tickets/${own.ticket}/attachments/${row?.id}`,
      own.cookie,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("Content-Security-Policy")).toBe(
      "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    );
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    await download.arrayBuffer();
  });
});

describe("limits", () => {
  it.each([
    [
      "too many files",
      [1, 2, 3, 4].map((n) => ({ name: `s${n}.png`, bytes: png(100) })),
      "Attach at most 3 files to one message.",
    ],
    [
      "a file past the per-file limit",
      [{ name: "big.png", bytes: png(256 * KB + 1) }],
      "Each file can be at most 256 kB.",
    ],
    [
      "files past the per-message limit",
      [1, 2, 3].map((n) => ({ name: `m${n}.png`, bytes: png(200 * KB) })),
      "The files of one message can be at most 512 kB in all.",
    ],
  ])("%s: a clear message, the text back, nothing stored", async (_, files, message) => {
    const { fixture, base, cookie, ticket } = await portalWithTicket();
    const response = await multipart(
      `${base}/tickets/${ticket}`,
      { body: "Please keep this text.", files, intent: "reply" },
      cookie,
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toContain("Please keep this text.");
    expect(await rowsOf(fixture.accountId)).toEqual([]);
    expect(await objectKeys(fixture.accountId)).toEqual([]);
  });

  it("caps what an account stores", async () => {
    const { fixture, base, cookie, ticket } = await portalWithTicket();
    const send = (n: number) =>
      multipart(
        `${base}/tickets/${ticket}`,
        {
          body: `Batch ${n}`,
          files: [1, 2].map((i) => ({ name: `c${n}-${i}.png`, bytes: png(200 * KB) })),
          intent: "reply",
        },
        cookie,
      );
    // 1 MB per account: two messages of 400 kB fit, the third does not.
    expect((await send(1)).status).toBe(302);
    expect((await send(2)).status).toBe(302);
    const full = await send(3);
    expect(full.status).toBe(400);
    expect(await full.text()).toContain("There is no room for more files just now.");
    const rows = await rowsOf(fixture.accountId);
    expect(rows).toHaveLength(4);
    expect((await objectKeys(fixture.accountId)).sort()).toEqual(
      rows.map((row) => row.objectKey).sort(),
    );
  });

  it("a message that fails validation leaves no file behind", async () => {
    const { fixture, base, cookie, ticket } = await portalWithTicket();
    const response = await multipart(
      `${base}/tickets/${ticket}`,
      { body: "   ", files: { name: "a.png", bytes: png(100) }, intent: "reply" },
      cookie,
    );
    expect(response.status).toBe(400);
    expect(await rowsOf(fixture.accountId)).toEqual([]);
    expect(await objectKeys(fixture.accountId)).toEqual([]);
  });
});

describe("a new ticket with files", () => {
  it("attaches them to the ticket's first message", async () => {
    const { fixture, base, cookie } = portal;
    const response = await multipart(
      `${base}/tickets/new`,
      {
        idempotencyKey: "frm_attachments1",
        subject: "Printer on fire",
        description: "See the photo.",
        files: { name: "fire.png", bytes: png(500) },
      },
      cookie,
    );
    expect(response.status).toBe(302);
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.accountId, fixture.accountId), eq(tickets.subject, "Printer on fire")));
    const row = (await rowsOf(fixture.accountId)).find((r) => r.fileName === "fire.png");
    expect(row?.ticketId).toBe(ticket?.id);
    expect(row?.status).toBe("attached");
    expect(row?.objectKey.startsWith(`${fixture.accountId}/${ticket?.id}/`)).toBe(true);
  });
});

describe("agents", () => {
  it("attach files to replies and notes, and download every file of the ticket", async () => {
    const { fixture, team, ticket, base, cookie } = portal;
    await replyWithTwoFiles(portal);
    const url = accountUrl(team.slug, `/tickets/${ticket}`);
    for (const [intent, name] of [
      ["reply", "answer.png"],
      ["note", "internal.png"],
    ] as const) {
      const response = await multipart(
        url,
        { body: `A ${intent}.`, files: { name, bytes: png(150) }, intent },
        team.agent.cookie,
      );
      expect(response.status).toBe(302);
    }
    const rows = await rowsOf(fixture.accountId);
    const page = await (await get(url, team.agent.cookie)).text();
    for (const name of ["answer.png", "internal.png", "screen.png"]) {
      const row = rows.find((r) => r.fileName === name);
      expect(page).toContain(`/a/${team.slug}/tickets/${ticket}/attachments/${row?.id}`);
      const download = await get(
        accountUrl(team.slug, `/tickets/${ticket}/attachments/${row?.id}`),
        team.agent.cookie,
      );
      expect(download.status).toBe(200);
      await download.arrayBuffer();
    }
    // The customer sees the reply's file, never the note's.
    const customerPage = await (await get(`${base}/tickets/${ticket}`, cookie)).text();
    expect(customerPage).toContain("answer.png");
    expect(customerPage).not.toContain("internal.png");
  });

  it("a limit passed on the agent's form is a message next to the field", async () => {
    const { team, ticket } = portal;
    const response = await multipart(
      accountUrl(team.slug, `/tickets/${ticket}`),
      {
        body: "Too many.",
        files: [1, 2, 3, 4].map((n) => ({ name: `a${n}.png`, bytes: png(50) })),
        intent: "reply",
      },
      team.agent.cookie,
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Attach at most 3 files to one message.");
    expect(html).toContain("Too many.");
  });
});

describe("storage", () => {
  it("the owner sees the account's stored total against its cap", async () => {
    const { team } = portal;
    const { rows } = await replyWithTwoFiles(portal);
    const total = rows.reduce((sum, row) => sum + row.size, 0);
    expect(total).toBe(300 + NOTES.length);
    const page = await (await get(accountUrl(team.slug, "/settings"), team.owner.cookie)).text();
    expect(page).toContain(`data-storage-used="${total}"`);
    // TEST_VARS caps an account at 1 MB.
    expect(page).toContain(`Files attached to tickets take ${total} byte of the 1 MB`);
  });
});

describe("the account's file types", () => {
  it("the owner narrows them, audited; the portal then refuses the others", async () => {
    const fixture = await createAccount(db);
    const team = await createTeam(db, fixture);
    const form = new URLSearchParams({ intent: "file-types" });
    form.append("kinds", "image");
    form.append("kinds", "no-such-kind");
    const saved = await SELF.fetch(
      new Request(accountUrl(team.slug, "/settings"), {
        method: "POST",
        body: form,
        headers: {
          Host: "app.localhost",
          Origin: "http://app.localhost",
          Cookie: team.owner.cookie,
        },
        redirect: "manual",
      }),
    );
    expect(saved.status).toBe(302);
    const [row] = await db.select().from(accounts).where(eq(accounts.id, fixture.accountId));
    expect(row?.attachmentKinds).toEqual(["image"]);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.accountId, fixture.accountId),
          eq(auditLog.action, "account.attachment_kinds"),
        ),
      );
    expect(entry?.details).toEqual({
      before: { kinds: "image, pdf, text, csv, office, zip" },
      after: { kinds: "image" },
    });

    // The portal, first asked now, reads the account as saved.
    const contact = await createContact(db, fixture.accountId, {
      passwordHash: await hashPassword(PASSWORD),
    });
    const { number } = await createTicketFixture(db, {
      accountId: fixture.accountId,
      inboxId: fixture.inboxId,
      contactId: contact.contactId,
    });
    const base = `http://${fixture.hostname}/help`;
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    const refused = await multipart(
      `${base}/tickets/${number}`,
      { body: "A log.", files: { name: "log.txt", bytes: text("words\n") }, intent: "reply" },
      cookie,
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("“log.txt” cannot be attached");
  });
});

describe("the sweep", () => {
  const worker: Required<Pick<ExportedHandler<Env & ScheduledEnv>, "scheduled">> = app;

  async function runAt(now: number) {
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: "*/5 * * * *", scheduledTime: now }),
      env as Env & ScheduledEnv,
      ctx,
    );
    await waitOnExecutionContext(ctx);
  }

  it("removes pending uploads that never joined a message, rows and objects, and nothing else", async () => {
    const { fixture, base, cookie, ticket } = await portalWithTicket();
    expect(
      (
        await multipart(
          `${base}/tickets/${ticket}`,
          { body: "Kept.", files: { name: "kept.png", bytes: png(100) }, intent: "reply" },
          cookie,
        )
      ).status,
    ).toBe(302);
    // An upload whose message was never written (the request died between the two).
    const { storeFile } = await import("../../app/lib/attachments/store.server");
    const [kept] = await rowsOf(fixture.accountId);
    const orphan = await storeFile(
      { db, bucket: env.ATTACHMENTS },
      {
        accountId: fixture.accountId,
        ticketId: kept?.ticketId ?? "",
        uploader: { contactId: kept?.uploaderContactId ?? "" },
        fileName: "orphan.png",
        bytes: png(100),
        type: { mime: "image/png", kind: "image" },
        capBytes: 1024 * KB,
        now: Date.now() - 2 * 3_600_000,
      },
    );
    expect(orphan).not.toBe("storage_full");
    expect(await objectKeys(fixture.accountId)).toHaveLength(2);

    await runAt(Date.now());
    const rows = await rowsOf(fixture.accountId);
    expect(rows.map((row) => row.fileName)).toEqual(["kept.png"]);
    expect(await objectKeys(fixture.accountId)).toEqual([kept?.objectKey]);
  });
});
