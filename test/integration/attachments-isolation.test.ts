// Nobody reaches a file they may not see: every attachment URL tried as another contact, another
// company, another account and signed out is the same 404 as a made-up id; a note's file never
// appears in a portal's HTML or data; a pending upload is not downloadable by anyone.
import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { storeFile } from "../../app/lib/attachments/store.server";
import { hashPassword } from "../../app/lib/auth/password";
import { createDb } from "../../db/client";
import { attachments } from "../../db/schema";
import {
  type AccountFixture,
  createAccount,
  createCompany,
  createContact,
  createTicketFixture,
} from "../factories";
import { accountUrl, createTeam, type Team } from "../support/dashboard";
import { signInPortal } from "../support/http";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";
const MADE_UP = "att_aaaaaaaaaaaaaaaaaaaa";

function png(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  return bytes;
}

function multipart(url: string, fields: Record<string, string>, file: string, cookie: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("files", new File([png(120)], file, { type: "image/png" }));
  return SELF.fetch(
    new Request(url, {
      method: "POST",
      body: form,
      headers: { Host: new URL(url).host, Origin: new URL(url).origin, Cookie: cookie },
      redirect: "manual",
    }),
  );
}

async function get(url: string, cookie?: string) {
  const response = await SELF.fetch(url, {
    headers: cookie ? { Cookie: cookie } : {},
    redirect: "manual",
  });
  return { status: response.status, body: await response.text() };
}

type Tenant = {
  fixture: AccountFixture;
  base: string;
  team: Team;
  ticket: number;
  cookies: Record<string, string>;
};

/**
 * A "company" portal: the requester and a colleague of the same company see the ticket; a
 * contact of another company and one without a company do not.
 */
async function tenant(passwordHash: string): Promise<Tenant> {
  const fixture = await createAccount(db, { ticketPermission: "company" });
  const [ours, theirs] = await Promise.all([
    createCompany(db, fixture.accountId, "Ours"),
    createCompany(db, fixture.accountId, "Theirs"),
  ]);
  const make = (companyId: string | null) =>
    // Each with a ticket of their own: the portal admits anyone with a ticket.
    createContact(db, fixture.accountId, {
      passwordHash,
      companyId,
      withTicket: { inboxId: fixture.inboxId },
    });
  const [requester, colleague, otherCompany, noCompany] = await Promise.all([
    make(ours),
    make(ours),
    make(theirs),
    make(null),
  ]);
  const { number } = await createTicketFixture(db, {
    accountId: fixture.accountId,
    inboxId: fixture.inboxId,
    contactId: requester.contactId,
    companyId: ours,
    messages: [{ body: "First." }],
  });
  const base = `http://${fixture.hostname}/help`;
  const cookies: Record<string, string> = {};
  for (const [who, contact] of Object.entries({ requester, colleague, otherCompany, noCompany })) {
    cookies[who] = await signInPortal(base, contact.email, PASSWORD);
  }
  return { fixture, base, team: await createTeam(db, fixture), ticket: number, cookies };
}

let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  a = await tenant(passwordHash);
  b = await tenant(passwordHash);
});

/** A's requester replies with a file and an agent adds a note with one: both files' ids. */
async function filesOnA() {
  const url = `${a.base}/tickets/${a.ticket}`;
  const reply = await multipart(
    url,
    { body: "Mine.", intent: "reply" },
    "mine.png",
    a.cookies.requester ?? "",
  );
  expect(reply.status).toBe(302);
  const note = await multipart(
    accountUrl(a.team.slug, `/tickets/${a.ticket}`),
    { body: "Between us.", intent: "note" },
    "secret-note.png",
    a.team.agent.cookie,
  );
  expect(note.status).toBe(302);
  const rows = await db
    .select()
    .from(attachments)
    .where(eq(attachments.accountId, a.fixture.accountId));
  const id = (name: string) => rows.find((row) => row.fileName === name)?.id ?? "";
  return { publicId: id("mine.png"), noteId: id("secret-note.png") };
}

const portalFile = (t: Tenant, number: number, id: string) =>
  `${t.base}/tickets/${number}/attachments/${id}`;

describe("portal downloads", () => {
  it("the requester and a colleague of the same company get the file", async () => {
    const { publicId } = await filesOnA();
    for (const who of ["requester", "colleague"]) {
      expect((await get(portalFile(a, a.ticket, publicId), a.cookies[who])).status).toBe(200);
    }
  });

  it("another company, no company, another account and signed out: the made-up id's 404", async () => {
    const { publicId } = await filesOnA();
    const missing = await get(portalFile(a, a.ticket, MADE_UP), a.cookies.requester);
    expect(missing.status).toBe(404);
    const attempts = [
      get(portalFile(a, a.ticket, publicId), a.cookies.otherCompany),
      get(portalFile(a, a.ticket, publicId), a.cookies.noCompany),
      get(portalFile(a, a.ticket, publicId)),
      // Another account's requester, on their own portal, with their own ticket's number.
      get(portalFile(b, b.ticket, publicId), b.cookies.requester),
      // …and on A's host, where their session does not exist.
      get(portalFile(a, a.ticket, publicId), b.cookies.requester),
      // The right file under another ticket number of the same contact.
      get(portalFile(a, 999, publicId), a.cookies.requester),
      get(`${a.base}/tickets/${a.ticket}/attachments/not-an-id`, a.cookies.requester),
    ];
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt.status).toBe(404);
      expect(attempt.body).toBe(missing.body);
    }
  });

  it("a note's file is a 404 for every contact and appears in no portal HTML or data", async () => {
    const { noteId, publicId } = await filesOnA();
    const missing = await get(portalFile(a, a.ticket, MADE_UP), a.cookies.requester);
    for (const who of ["requester", "colleague"]) {
      const attempt = await get(portalFile(a, a.ticket, noteId), a.cookies[who]);
      expect(attempt.status).toBe(404);
      expect(attempt.body).toBe(missing.body);
      for (const url of [`${a.base}/tickets/${a.ticket}`, `${a.base}/tickets/${a.ticket}.data`]) {
        const page = await get(url, a.cookies[who]);
        expect(page.status).toBe(200);
        expect(page.body).toContain(publicId);
        expect(page.body).not.toContain(noteId);
        expect(page.body).not.toContain("secret-note.png");
        expect(page.body).not.toContain("Between us.");
      }
    }
  });

  it("a pending upload is downloadable by nobody", async () => {
    const { publicId } = await filesOnA();
    const [row] = await db.select().from(attachments).where(eq(attachments.id, publicId));
    const pending = await storeFile(
      { db, bucket: env.ATTACHMENTS },
      {
        accountId: a.fixture.accountId,
        ticketId: row?.ticketId ?? "",
        uploader: { contactId: row?.uploaderContactId ?? "" },
        fileName: "pending.png",
        bytes: png(50),
        type: { mime: "image/png", kind: "image" },
        capBytes: 1024 * 1024,
      },
    );
    if (pending === "storage_full") throw new Error("unexpected");
    expect((await get(portalFile(a, a.ticket, pending.id), a.cookies.requester)).status).toBe(404);
    const agent = await get(
      accountUrl(a.team.slug, `/tickets/${a.ticket}/attachments/${pending.id}`),
      a.team.agent.cookie,
    );
    expect(agent.status).toBe(404);
  });
});

describe("dashboard downloads", () => {
  it("the account's agents get every file, notes' too", async () => {
    const { publicId, noteId } = await filesOnA();
    for (const id of [publicId, noteId]) {
      const url = accountUrl(a.team.slug, `/tickets/${a.ticket}/attachments/${id}`);
      expect((await get(url, a.team.agent.cookie)).status).toBe(200);
    }
  });

  it("another account's member and the signed-out get the made-up id's 404", async () => {
    const { publicId, noteId } = await filesOnA();
    const own = (slug: string, number: number, id: string) =>
      accountUrl(slug, `/tickets/${number}/attachments/${id}`);
    const missing = await get(own(a.team.slug, a.ticket, MADE_UP), a.team.agent.cookie);
    expect(missing.status).toBe(404);
    for (const id of [publicId, noteId]) {
      const attempts = await Promise.all([
        // B's agent: in A's account (not a member), and in B's own account with B's number.
        get(own(a.team.slug, a.ticket, id), b.team.agent.cookie),
        get(own(b.team.slug, b.ticket, id), b.team.agent.cookie),
        get(own(b.team.slug, b.ticket, id), b.team.owner.cookie),
        get(own(a.team.slug, a.ticket, id)),
        // A contact's portal cookie means nothing on the dashboard.
        get(own(a.team.slug, a.ticket, id), a.cookies.requester),
      ]);
      for (const attempt of attempts) {
        expect(attempt.status).toBe(404);
        expect(attempt.body).toBe(missing.body);
      }
    }
  });
});
