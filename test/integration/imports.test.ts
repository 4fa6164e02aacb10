// Contact imports through the app worker: upload → preview with per-row errors → start → the
// import queue's consumer (this worker's own `queue` handler) inserts the rows in chunks. Also:
// a chunk that crashes after landing and comes back, a second start, 50 000 rows, and another
// account's import answering 404.
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  SELF,
} from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  chunksOf,
  findImport,
  IMPORT_CHUNK_ROWS,
  type ImportChunk,
  importChunk,
  STAGE_CHUNK_CHARS,
  startImport,
} from "../../app/lib/imports/imports.server";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import worker from "../../workers/app";
import { createAccount, createCompany, createContact } from "../factories";
import { accountUrl, createTeam, DASHBOARD, type Team } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

type Setup = { accountId: string; team: Team; companyId: string };

async function newAccount(name: string): Promise<Setup> {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  const companyId = await createCompany(db, account.accountId, "Initech");
  await db
    .update(s.companies)
    .set({ webDomain: "initech.example" })
    .where(eq(s.companies.id, companyId));
  await createContact(db, account.accountId, {
    email: "taken@customer.example",
    membershipEmail: "member@customer.example",
  });
  return { accountId: account.accountId, team, companyId };
}

async function upload(setup: Setup, csv: string, fileName = "contacts.csv") {
  const form = new FormData();
  form.set("file", new File([csv], fileName, { type: "text/csv" }));
  const url = accountUrl(setup.team.slug, "/imports/new");
  const response = await SELF.fetch(url, {
    method: "POST",
    body: form,
    headers: { Host: new URL(url).host, Origin: DASHBOARD, Cookie: setup.team.admin.cookie },
    redirect: "manual",
  });
  return { response, body: await response.text() };
}

async function uploaded(setup: Setup, csv: string): Promise<string> {
  const { response, body } = await upload(setup, csv);
  expect(response.status, body.slice(0, 300)).toBe(302);
  const location = response.headers.get("Location") ?? "";
  const id = location.split("/").at(-1) ?? "";
  expect(location).toBe(`/a/${setup.team.slug}/imports/${id}`);
  return id;
}

const importUrl = (setup: Setup, id: string) => accountUrl(setup.team.slug, `/imports/${id}`);

async function contactsOf(accountId: string) {
  return db
    .select()
    .from(s.contacts)
    .where(eq(s.contacts.accountId, accountId))
    .orderBy(asc(s.contacts.email));
}

/** Waits for the queue's consumer to finish the import (polling the database, no fixed sleep). */
async function finished(accountId: string, id: string) {
  for (;;) {
    const found = await findImport(db, accountId, id);
    if (found?.status === "done") return found;
    await scheduler.wait(50);
  }
}

function recordingQueue() {
  const sent: ImportChunk[] = [];
  const queue = {
    sendBatch: async (messages: Iterable<{ body: ImportChunk }>) => {
      for (const message of messages) sent.push(message.body);
    },
  };
  return { sent, queue: queue as unknown as Queue<ImportChunk> };
}

/** Delivers chunks to the worker's own queue handler, as the queue does. */
async function deliver(chunks: ImportChunk[], attempt = 1) {
  const batch = createMessageBatch<ImportChunk>(
    "portico-imports",
    chunks.map((body, index) => ({
      id: `m${index}-${attempt}`,
      timestamp: new Date(),
      attempts: attempt,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never);
  return getQueueResult(batch, ctx);
}

const MIXED = [
  "Name,Email,Membership email,Company,Job title,Region",
  "Ada Lovelace,ada@example.com,,Initech,CTO,EU",
  '"Babbage, Charles",charles@example.com,,initech.example,"Engineer, ""Difference""",EU',
  "Cy,not-an-email,,,,",
  "Dup,ADA@example.com,,,,",
  "Taken,taken@customer.example,,,,",
  "Member,new@example.com,member@customer.example,,,",
  "Unknown,unknown@example.com,,Umbrella,,",
  "Short,short@example.com",
  '"Multi\nLine",multi@example.com,,,,US',
].join("\r\n");

describe("contact imports", () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await newAccount("Importers Ltd");
  });

  it("stages the file and shows counts and each row's error on the preview", async () => {
    const id = await uploaded(setup, `\uFEFF${MIXED}\r\n`);
    const found = await findImport(db, setup.accountId, id);
    expect(found).toMatchObject({
      status: "ready",
      totalRows: 9,
      errorRows: 6,
      header: ["Name", "Email", "Membership email", "Company", "Job title", "Region"],
      mapping: ["name", "email", "membershipEmail", "company", "jobTitle", "ignore"],
    });
    const rows = await db
      .select({ row: s.importRows.rowNumber, error: s.importRows.error })
      .from(s.importRows)
      .where(eq(s.importRows.importId, id))
      .orderBy(asc(s.importRows.rowNumber));
    expect(rows.map((row) => [row.row, row.error])).toEqual([
      [2, null],
      [3, null],
      [4, "imports.row.email"],
      [5, "imports.row.duplicateInFile"],
      [6, "imports.row.duplicateInAccount"],
      [7, "imports.row.duplicateInAccount"],
      [8, "imports.row.unknownCompany"],
      [9, "imports.row.columns"],
      [10, null],
    ]);

    const { response, body } = await getPage(importUrl(setup, id), setup.team.admin.cookie);
    expect(response.status).toBe(200);
    expect(body).toContain("An address an earlier row of the file already uses.");
    expect(body).toContain("No company of this account has this name or web domain.");
    expect(body).toMatch(/<dt>Rows with errors<\/dt><dd>6<\/dd>/);
    expect(body).toMatch(/<dt>Rows ready to import<\/dt><dd>3<\/dd>/);

    const [audit] = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.accountId, setup.accountId), eq(s.auditLog.action, "import.create")),
      );
    expect(audit?.details).toEqual({ before: {}, after: { rows: 9, errorRows: 6 } });
  });

  it("refuses a malformed file with its line, and keeps nothing", async () => {
    const before = await db
      .select()
      .from(s.imports)
      .where(eq(s.imports.accountId, setup.accountId));
    const { response, body } = await upload(
      setup,
      'Name,Email\nAda,ada@x.example\n"Bo,bo@x.example',
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Line 3: a quoted field that never ends.");
    const empty = await upload(setup, "");
    expect(empty.response.status).toBe(400);
    expect(empty.body).toContain("Choose a CSV file.");
    const after = await db.select().from(s.imports).where(eq(s.imports.accountId, setup.accountId));
    expect(after).toEqual(before);
  });

  it("a new mapping checks the rows again; a mapping without email is refused", async () => {
    const id = await uploaded(setup, "Who,Address,Region\nZed,zed@example.com,EU\n");
    let found = await findImport(db, setup.accountId, id);
    expect(found?.mapping).toEqual(["ignore", "ignore", "ignore"]);
    expect(found?.errorRows).toBe(1);
    const refused = await postForm(
      importUrl(setup, id),
      { intent: "map", "columns[0]": "name", "columns[1]": "ignore", "columns[2]": "ignore" },
      { cookie: setup.team.admin.cookie },
    );
    expect(refused.response.status).toBe(400);
    expect(refused.body).toContain("Choose the column that holds the email address.");
    const mapped = await postForm(
      importUrl(setup, id),
      { intent: "map", "columns[0]": "name", "columns[1]": "email", "columns[2]": "property" },
      { cookie: setup.team.admin.cookie },
    );
    expect(mapped.response.status).toBe(302);
    found = await findImport(db, setup.accountId, id);
    expect(found).toMatchObject({ mapping: ["name", "email", "property"], errorRows: 0 });
    const [row] = await db.select().from(s.importRows).where(eq(s.importRows.importId, id));
    expect(row).toMatchObject({
      name: "Zed",
      email: "zed@example.com",
      properties: { Region: "EU" },
    });
  });

  it('"import nothing while errors remain" imports nothing', async () => {
    const id = await uploaded(setup, MIXED);
    const contactsBefore = await contactsOf(setup.accountId);
    const { response, body } = await postForm(
      importUrl(setup, id),
      { intent: "start", mode: "all" },
      { cookie: setup.team.admin.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Some rows have errors.");
    expect(await findImport(db, setup.accountId, id)).toMatchObject({
      status: "ready",
      mode: null,
    });
    expect(await contactsOf(setup.accountId)).toEqual(contactsBefore);
  });

  it('"import the valid rows" imports exactly them through the queue; a second start adds nothing', async () => {
    const own = await newAccount("Valid Rows Ltd");
    const id = await uploaded(own, MIXED);
    const start = () =>
      postForm(
        importUrl(own, id),
        { intent: "start", mode: "valid" },
        { cookie: own.team.admin.cookie },
      );
    expect((await start()).response.status).toBe(302);
    const done = await finished(own.accountId, id);
    expect(done).toMatchObject({ mode: "valid", importedRows: 3, skippedRows: 0, errorRows: 6 });
    // The second click finds the import started: no new messages, no second contact.
    expect((await start()).response.status).toBe(302);

    const contacts = await contactsOf(own.accountId);
    expect(contacts.map((contact) => contact.email)).toEqual([
      "ada@example.com",
      "charles@example.com",
      "multi@example.com",
      "taken@customer.example",
    ]);
    expect(contacts[0]).toMatchObject({
      name: "Ada Lovelace",
      jobTitle: "CTO",
      primaryCompanyId: own.companyId,
    });
    expect(contacts[1]).toMatchObject({
      name: "Babbage, Charles",
      jobTitle: 'Engineer, "Difference"',
      primaryCompanyId: own.companyId,
    });
    expect(contacts[2]?.name).toBe("Multi\nLine");
    const links = await db
      .select()
      .from(s.contactCompanies)
      .where(eq(s.contactCompanies.accountId, own.accountId));
    expect(links).toHaveLength(2);
    const starts = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.accountId, own.accountId), eq(s.auditLog.action, "import.start")));
    expect(starts.map((entry) => entry.details)).toEqual([
      { before: {}, after: { mode: "valid", rows: 3 } },
    ]);

    const page = await getPage(importUrl(own, id), own.team.admin.cookie);
    expect(page.body).toContain("Import finished: 3 contacts imported.");
    expect(page.body).toContain(`href="/a/${own.team.slug}/contacts"`);
  });

  it("a chunk that crashes after landing, retried, and chunks delivered twice give each row once", async () => {
    const own = await newAccount("Crash Ltd");
    const lines = ["Name,Email"];
    for (let n = 1; n <= 1200; n++) lines.push(`Person ${n},person${n}@example.com`);
    const id = await uploaded(own, lines.join("\n"));
    const found = await findImport(db, own.accountId, id);
    if (!found) throw new Error("no import");
    const { sent, queue } = recordingQueue();
    expect(
      await startImport(db, queue, { found, mode: "all", actorUserId: own.team.admin.userId }),
    ).toEqual({ ok: true, started: true });
    expect(sent).toEqual(chunksOf(found));
    expect(sent).toHaveLength(Math.ceil(1200 / IMPORT_CHUNK_ROWS));
    const [first, ...rest] = sent;
    if (!first) throw new Error("no chunk");

    // The first chunk lands, then the worker dies before acknowledging it…
    const crashing = createDb({
      ...env.DB,
      prepare: env.DB.prepare.bind(env.DB),
      batch: async (statements: D1PreparedStatement[]) => {
        await env.DB.batch(statements);
        throw new Error("isolate went away");
      },
    } as unknown as D1Database);
    await expect(importChunk(crashing, first)).rejects.toThrow("isolate went away");
    expect((await findImport(db, own.accountId, id))?.importedRows).toBe(IMPORT_CHUNK_ROWS);

    // …so the queue brings it back, with the others; then everything once more.
    const result = await deliver([first, ...rest]);
    expect(result.explicitAcks).toHaveLength(sent.length);
    expect(result.retryMessages).toEqual([]);
    await deliver(sent, 2);

    const done = await findImport(db, own.accountId, id);
    expect(done).toMatchObject({ status: "done", importedRows: 1200, skippedRows: 0 });
    const contacts = await contactsOf(own.accountId);
    expect(contacts).toHaveLength(1201);
    expect(new Set(contacts.map((contact) => contact.email)).size).toBe(1201);
    const rows = await db.select().from(s.importRows).where(eq(s.importRows.importId, id));
    expect(rows.every((row) => row.done && row.contactId)).toBe(true);
  });

  it("a row whose address was taken after the preview is skipped, not imported twice", async () => {
    const own = await newAccount("Race Ltd");
    const id = await uploaded(
      own,
      "Name,Email\nLate,late@example.com\nOn time,ontime@example.com\n",
    );
    await createContact(db, own.accountId, {
      email: "other@example.com",
      membershipEmail: "late@example.com",
    });
    const found = await findImport(db, own.accountId, id);
    if (!found) throw new Error("no import");
    const { sent, queue } = recordingQueue();
    await startImport(db, queue, { found, mode: "valid", actorUserId: own.team.admin.userId });
    await deliver(sent);
    expect(await findImport(db, own.accountId, id)).toMatchObject({
      status: "done",
      importedRows: 1,
      skippedRows: 1,
    });
    const emails = (await contactsOf(own.accountId)).map((contact) => contact.email);
    expect(emails).toEqual(["ontime@example.com", "other@example.com", "taken@customer.example"]);
  });

  it("50 000 rows: staged in bounded statements, imported in chunks with exact counts", async () => {
    const own = await newAccount("Big Ltd");
    const total = 50_000;
    const lines = ["Name,Email,Company"];
    for (let n = 1; n <= total; n++) {
      // Every 1000th row repeats the address of the row before: 50 duplicates in the file.
      const address = n % 1000 === 0 ? `p${n - 1}@example.com` : `p${n}@example.com`;
      lines.push(`Person ${n},${address},${n % 2 ? "Initech" : ""}`);
    }
    const csv = lines.join("\n");
    // The chunk math: about 30 bytes a row as JSON → a few statements of STAGE_CHUNK_CHARS each to
    // stage (D1: ~1 000 per invocation), and total / IMPORT_CHUNK_ROWS queue messages to import.
    expect(csv.length / STAGE_CHUNK_CHARS).toBeLessThan(20);
    const id = await uploaded(own, csv);
    const found = await findImport(db, own.accountId, id);
    expect(found).toMatchObject({ totalRows: total, errorRows: 50 });
    if (!found) throw new Error("no import");
    const chunks = chunksOf(found);
    expect(chunks).toHaveLength(total / IMPORT_CHUNK_ROWS);
    expect(chunks.at(-1)).toMatchObject({ from: total + 2 - IMPORT_CHUNK_ROWS, to: total + 1 });

    const started = await postForm(
      importUrl(own, id),
      { intent: "start", mode: "valid" },
      { cookie: own.team.admin.cookie },
    );
    expect(started.response.status).toBe(302);
    const done = await finished(own.accountId, id);
    expect(done).toMatchObject({ importedRows: total - 50, skippedRows: 0, errorRows: 50 });
    const all = await env.DB.prepare(
      "select count(*) as n, count(distinct email) as distinct_emails from contacts where account_id = ?",
    )
      .bind(own.accountId)
      .first<{ n: number; distinct_emails: number }>();
    expect(all).toEqual({ n: total - 50 + 1, distinct_emails: total - 50 + 1 });
    const links = await env.DB.prepare(
      "select count(*) as n from contact_companies where account_id = ?",
    )
      .bind(own.accountId)
      .first<{ n: number }>();
    expect(links?.n).toBe(total / 2);
    // A limit for a stuck run on a busy machine, not a measure of speed.
  }, 120_000);

  it("another account's import is a 404 and changes nothing", async () => {
    const id = await uploaded(setup, "Name,Email\nIso,iso@example.com\n");
    const other = await createAccount(db, { name: "Globex Imports" });
    const otherTeam = await createTeam(db, other);
    const outsider = otherTeam.owner;
    const slug = otherTeam.slug;
    const before = await findImport(db, setup.accountId, id);
    // Through the outsider's own account with this account's id, and through this account's slug.
    for (const url of [accountUrl(slug, `/imports/${id}`), importUrl(setup, id)]) {
      expect((await getPage(url, outsider.cookie)).response.status).toBe(404);
      const start = await postForm(
        url,
        { intent: "start", mode: "valid" },
        { cookie: outsider.cookie },
      );
      expect(start.response.status).toBe(404);
    }
    expect(await findImport(db, setup.accountId, id)).toEqual(before);
  });
});
