// Request bodies as the worker takes them: capped before Remix, malformed ones a 400, refused
// ones never cancelled.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { FORM_BODY_LIMIT } from "../../app/lib/security/body-limit";
import { MESSAGE_MAX } from "../../app/lib/tickets/limits";
import { createDb } from "../../db/client";
import { contacts, emailLog, oneTimeTokens, sessions, tickets } from "../../db/schema";
import app from "../../workers/app";
import { createAccount, createContact } from "../factories";
import { postForm, signInPortal } from "../support/http";

const db = createDb(env.DB);
const SUPPORT = "http://acme.portico-sites.localhost/support";
const ORIGIN = "http://acme.portico-sites.localhost";
const PASSWORD = "correct horse battery";

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function rowCounts() {
  const counts = await Promise.all(
    [sessions, oneTimeTokens, emailLog, contacts].map(async (table) => {
      const [row] = await db.select({ n: count() }).from(table);
      return row?.n;
    }),
  );
  return counts;
}

/** A body of `size` bytes sent in chunks, without a Content-Length. */
function chunkedForm(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const chunk = new TextEncoder().encode(sent === 0 ? "email=" : "a".repeat(4096));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe("oversize bodies", () => {
  it("are a 413 by Content-Length, and change nothing", async () => {
    const before = await rowCounts();
    const { response } = await postForm(`${SUPPORT}/register`, {
      email: "someone@customer.example",
      padding: "a".repeat(FORM_BODY_LIMIT),
    });
    expect(response.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it("are a 413 when sent in chunks without a Content-Length, and change nothing", async () => {
    const before = await rowCounts();
    const response = await SELF.fetch(`${SUPPORT}/forgot-password`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: chunkedForm(FORM_BODY_LIMIT * 4),
    });
    expect(response.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it("are a 413 on the dashboard too", async () => {
    const { response } = await postForm("http://app.localhost/sign-in", {
      email: "owner@acme.example",
      password: "a".repeat(FORM_BODY_LIMIT),
    });
    expect(response.status).toBe(413);
  });
});

describe("malformed bodies", () => {
  it.each([
    ["multipart without a boundary", "multipart/form-data", "email=sam%40solo.example"],
    ["multipart that does not match its boundary", "multipart/form-data; boundary=x", "junk"],
  ])("%s is a 400", async (_, type, body) => {
    const before = await rowCounts();
    const response = await SELF.fetch(`${SUPPORT}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": type, Origin: ORIGIN },
      body,
    });
    expect(response.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });
});

/** A portal of its own with a contact who may sign in. */
async function portalWithContact() {
  const fixture = await createAccount(db);
  const contact = await createContact(db, fixture.accountId, {
    passwordHash,
    withTicket: { inboxId: fixture.inboxId },
  });
  return { fixture, contact, base: `http://${fixture.hostname}/help` };
}

describe("forms within their limit", () => {
  it("sign in, urlencoded and multipart", async () => {
    const { contact, base } = await portalWithContact();
    expect(await signInPortal(base, contact.email, PASSWORD)).toMatch(/=/);
    const form = new FormData();
    form.set("email", contact.email);
    form.set("password", PASSWORD);
    const response = await SELF.fetch(`${base}/sign-in`, {
      method: "POST",
      headers: { Host: new URL(base).host, Origin: new URL(base).origin },
      body: form,
      redirect: "manual",
    });
    expect(response.status).toBe(302);
  });

  it("take a ticket of the longest message in three-byte characters", async () => {
    const { fixture, contact, base } = await portalWithContact();
    const cookie = await signInPortal(base, contact.email, PASSWORD);
    const description = "件".repeat(MESSAGE_MAX);
    expect(
      new TextEncoder().encode(new URLSearchParams({ description }).toString()).length,
    ).toBeGreaterThan(FORM_BODY_LIMIT);
    const { response } = await postForm(
      `${base}/tickets/new`,
      { idempotencyKey: "frm_bodylimit12345678", subject: "長い", description },
      { cookie },
    );
    expect(response.status).toBe(302);
    const [row] = await db
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.accountId, fixture.accountId), eq(tickets.subject, "長い")));
    expect(row?.n).toBe(1);
  });
});

describe("refused writes", () => {
  /** The worker called directly, with a body that records whether it was cancelled. */
  async function sendWatched(headers: Record<string, string>) {
    // Still being sent, as a proxy in front of the worker may be: it never ends by itself.
    const seen = { cancelled: false };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("a".repeat(1024)));
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    const request = new Request(`${SUPPORT}/sign-in`, { method: "POST", headers, body });
    const ctx = createExecutionContext();
    const response = await app.fetch(request as Parameters<typeof app.fetch>[0], env, ctx);
    await waitOnExecutionContext(ctx);
    return { response, seen };
  }

  it.each([
    ["cross-origin", { Origin: "https://evil.example", "Content-Type": "text/plain" }, 403],
    ["not a form", { Origin: ORIGIN, "Content-Type": "application/json" }, 415],
  ])("%s: answered without cancelling the body", async (_, headers, status) => {
    const { response, seen } = await sendWatched(headers);
    expect(response.status).toBe(status);
    expect(seen.cancelled).toBe(false);
  });
});
