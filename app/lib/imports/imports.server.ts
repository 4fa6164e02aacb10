// A CSV import of contacts, from upload to the last chunk:
//
//   upload ──► parse, check every row under a guessed mapping ──► import + import_rows (one batch)
//   preview ──► new mapping? rows checked again, import_rows rewritten (one batch, while "ready")
//   start ──► "ready" → "importing" (conditional: a second click starts nothing) ──► one queue
//             message per IMPORT_CHUNK_ROWS rows (IMPORT_QUEUE, consumed by workers/app.ts)
//   chunk ──► insert its rows' contacts, count them, mark the rows done — one batch, so a chunk
//             retried after a crash finds its rows done and inserts nothing twice
//
// Rows travel to D1 as one JSON parameter per statement (`json_each`), not as bound values: D1
// binds at most 100 parameters per statement and runs about 1 000 statements per invocation, so
// 50 000 rows bound column by column would take 5 000 statements; as JSON they take a few dozen.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  companies,
  contacts,
  type Import,
  type ImportMode,
  importRows,
  imports,
} from "../../../db/schema";
import { auditEntry, auditEntryIfChanged } from "../audit/audit.server";
import { newId } from "../db/ids";
import { batchStatements, type Statement } from "../db/statements";
import { type CsvProblem, parseCsv } from "./csv";
import {
  type AccountDirectory,
  type ColumnMapping,
  guessMapping,
  PREVIEW_ERRORS,
  type StagedRow,
  stageRows,
} from "./rows";

/** The most data rows one file may have. */
export const IMPORT_MAX_ROWS = 50_000;
/** Rows one queue message imports: a handful of statements over at most this many rows. */
export const IMPORT_CHUNK_ROWS = 500;
/** Characters of row JSON per staging statement, well under D1's 2 MB per value. */
export const STAGE_CHUNK_CHARS = 400_000;
/** Messages per `sendBatch`: the most a queue accepts in one call. */
export const QUEUE_BATCH_MAX = 100;

/** One queue message: rows `from`…`to` (row numbers, inclusive) of an import. */
export type ImportChunk = { importId: string; accountId: string; from: number; to: number };

export type UploadProblem = CsvProblem | "imports.csv.empty" | "imports.csv.tooManyRows";

/** The account's addresses and companies, which rows are checked against. */
async function directoryOf(db: Database, accountId: string): Promise<AccountDirectory> {
  const [people, companyRows] = await Promise.all([
    db
      .select({ email: contacts.email, membershipEmail: contacts.membershipEmail })
      .from(contacts)
      .where(eq(contacts.accountId, accountId)),
    db
      .select({ id: companies.id, name: companies.name, webDomain: companies.webDomain })
      .from(companies)
      .where(eq(companies.accountId, accountId)),
  ]);
  const addresses = new Set<string>();
  for (const person of people) {
    addresses.add(person.email.toLowerCase());
    if (person.membershipEmail) addresses.add(person.membershipEmail.toLowerCase());
  }
  return { addresses, companies: companyRows };
}

/**
 * INSERTs of `rows` into import_rows, each carrying at most STAGE_CHUNK_CHARS of JSON in one
 * parameter. `guard` (SQL) must hold for any row to land: a rewrite checks the import is still
 * "ready" in the same batch.
 */
function stageStatements(
  importId: string,
  accountId: string,
  rows: StagedRow[],
  guard = sql`1`,
): Statement[] {
  const statements: Statement[] = [];
  let chunk: string[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    statements.push(sql`insert into import_rows (import_id, row_number, account_id, data, name,
        email, membership_email, job_title, company_id, properties, error)
      select ${importId}, json_extract(j.value, '$[0]'), ${accountId},
        json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
        json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'),
        json_extract(j.value, '$[5]'), json_extract(j.value, '$[6]'),
        json_extract(j.value, '$[7]'), json_extract(j.value, '$[8]')
      from json_each(${`[${chunk.join(",")}]`}) j
      where ${guard}`);
    chunk = [];
    size = 0;
  };
  for (const row of rows) {
    const json = JSON.stringify([
      row.rowNumber,
      row.data,
      row.name,
      row.email,
      row.membershipEmail,
      row.jobTitle,
      row.companyId,
      row.properties,
      row.error,
    ]);
    if (size + json.length > STAGE_CHUNK_CHARS) flush();
    chunk.push(json);
    size += json.length + 1;
  }
  flush();
  return statements;
}

/** Reads an uploaded file and stages its rows; the new import's id, or why the file was refused. */
export async function createImport(
  db: Database,
  input: { account: Pick<Account, "id">; actorUserId: string; fileName: string; text: string },
): Promise<{ ok: true; importId: string } | { ok: false; problem: UploadProblem; line?: number }> {
  const parsed = parseCsv(input.text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, line: parsed.line };
  const [header, ...records] = parsed.records;
  if (!header || records.length === 0) return { ok: false, problem: "imports.csv.empty" };
  if (records.length > IMPORT_MAX_ROWS) return { ok: false, problem: "imports.csv.tooManyRows" };
  const mapping = guessMapping(header);
  const staged = stageRows(header, records, mapping, await directoryOf(db, input.account.id));
  const importId = newId("imp");
  const errorRows = staged.filter((row) => row.error).length;
  await batchStatements(db, [
    db.insert(imports).values({
      id: importId,
      accountId: input.account.id,
      fileName: input.fileName.slice(0, 200),
      header,
      mapping,
      totalRows: staged.length,
      errorRows,
      createdByUserId: input.actorUserId,
    }),
    ...stageStatements(importId, input.account.id, staged),
    auditEntry(db, {
      accountId: input.account.id,
      actorUserId: input.actorUserId,
      action: "import.create",
      target: input.fileName.slice(0, 200),
      after: { rows: staged.length, errorRows },
    }),
  ]);
  return { ok: true, importId };
}

/** The account's import, or null for one that is missing or another account's. */
export async function findImport(
  db: Database,
  accountId: string,
  importId: string,
): Promise<Import | null> {
  const [found] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, importId), eq(imports.accountId, accountId)));
  return found ?? null;
}

export type RowProblem = { rowNumber: number; error: string; email: string | null };

/** The first rows that cannot be imported, in file order. */
export async function rowErrors(db: Database, found: Import): Promise<RowProblem[]> {
  const rows = await db
    .select({ rowNumber: importRows.rowNumber, error: importRows.error, data: importRows.data })
    .from(importRows)
    .where(
      and(
        eq(importRows.importId, found.id),
        eq(importRows.accountId, found.accountId),
        isNotNull(importRows.error),
      ),
    )
    .orderBy(asc(importRows.rowNumber))
    .limit(PREVIEW_ERRORS);
  const emailColumn = found.mapping.indexOf("email");
  return rows.map((row) => ({
    rowNumber: row.rowNumber,
    error: row.error ?? "",
    email: emailColumn >= 0 ? (row.data[emailColumn] ?? null) : null,
  }));
}

const stillReady = (found: Import) =>
  sql`exists (select 1 from imports where id = ${found.id} and account_id = ${found.accountId}
    and status = 'ready')`;

/**
 * Checks every row again under `mapping` and rewrites the staged rows, only while the import has
 * not started; false when it had.
 */
export async function remapImport(
  db: Database,
  found: Import,
  mapping: ColumnMapping,
): Promise<boolean> {
  const records = await db
    .select({ data: importRows.data })
    .from(importRows)
    .where(and(eq(importRows.importId, found.id), eq(importRows.accountId, found.accountId)))
    .orderBy(asc(importRows.rowNumber));
  const staged = stageRows(
    found.header,
    records.map((row) => row.data),
    mapping,
    await directoryOf(db, found.accountId),
  );
  const errorRows = staged.filter((row) => row.error).length;
  const results = await batchStatements(db, [
    sql`delete from import_rows where import_id = ${found.id} and account_id = ${found.accountId}
      and ${stillReady(found)}`,
    ...stageStatements(found.id, found.accountId, staged, stillReady(found)),
    db
      .update(imports)
      .set({ mapping, errorRows })
      .where(
        and(
          eq(imports.id, found.id),
          eq(imports.accountId, found.accountId),
          eq(imports.status, "ready"),
        ),
      ),
  ]);
  return (results.at(-1)?.meta.changes ?? 0) > 0;
}

/** Row-number ranges of IMPORT_CHUNK_ROWS rows covering the file (data rows start at 2). */
export function chunksOf(found: Pick<Import, "id" | "accountId" | "totalRows">): ImportChunk[] {
  const chunks: ImportChunk[] = [];
  const last = found.totalRows + 1;
  for (let from = 2; from <= last; from += IMPORT_CHUNK_ROWS) {
    chunks.push({
      importId: found.id,
      accountId: found.accountId,
      from,
      to: Math.min(last, from + IMPORT_CHUNK_ROWS - 1),
    });
  }
  return chunks;
}

export type StartOutcome = { ok: true; started: boolean } | { ok: false; problem: string };

/**
 * Starts the import in `mode`. "all" refuses while any row has an error. Only the request that
 * moves the import from "ready" enqueues its chunks: a second click (or a second tab) starts
 * nothing and answers `started: false`.
 */
export async function startImport(
  db: Database,
  queue: Queue<ImportChunk>,
  input: { found: Import; mode: ImportMode; actorUserId: string; now?: number },
): Promise<StartOutcome> {
  const { found, mode } = input;
  const now = input.now ?? Date.now();
  if (found.status !== "ready") return { ok: true, started: false };
  if (mode === "all" && found.errorRows > 0) return { ok: false, problem: "imports.start.errors" };
  const results = await batchStatements(db, [
    sql`update imports set status = 'importing', mode = ${mode}, started_at = ${now}
      where id = ${found.id} and account_id = ${found.accountId} and status = 'ready'
        and (${mode} = 'valid' or error_rows = 0)
      returning id`,
    auditEntryIfChanged(
      {
        accountId: found.accountId,
        actorUserId: input.actorUserId,
        action: "import.start",
        target: found.fileName,
        after: { mode, rows: found.totalRows - found.errorRows },
      },
      now,
    ),
  ]);
  if ((results[0]?.meta.changes ?? 0) === 0) return { ok: true, started: false };
  const messages = chunksOf(found).map((body) => ({ body }));
  for (let start = 0; start < messages.length; start += QUEUE_BATCH_MAX) {
    await queue.sendBatch(messages.slice(start, start + QUEUE_BATCH_MAX));
  }
  return { ok: true, started: true };
}

/** The contact a row becomes has an id made from the row's place: the same row, the same id. */
const contactIdOf = sql`'ctc_' || substr(r.import_id, 5) || '_' || r.row_number`;

/**
 * Imports one chunk. Everything happens in one batch (one transaction): the contacts, their
 * companies, the counts, the rows marked done. A retry of a chunk that landed finds its rows done
 * and changes nothing; a chunk that failed left nothing to undo. A row whose address another
 * contact took since the preview is skipped (counted, never a second contact).
 */
export async function importChunk(db: Database, chunk: ImportChunk): Promise<void> {
  const { importId, accountId, from, to } = chunk;
  const pending = sql`r.import_id = ${importId} and r.account_id = ${accountId}
    and r.row_number between ${from} and ${to} and r.done = 0 and r.error is null
    and exists (select 1 from imports i where i.id = r.import_id and i.account_id = r.account_id
      and i.status = 'importing')`;
  await batchStatements(db, [
    sql`insert into contacts (id, account_id, email, membership_email, name, job_title,
        primary_company_id, properties)
      select ${contactIdOf}, r.account_id, r.email, r.membership_email, coalesce(r.name, r.email),
        r.job_title,
        (select id from companies where id = r.company_id and account_id = r.account_id),
        r.properties
      from import_rows r
      where ${pending}
        -- Two lookups, each on a unique index: an address is in use as an email, or as the
        -- sign-in address (the membership email when there is one, else the email).
        and not exists (select 1 from contacts c where c.account_id = r.account_id
          and c.email in (r.email, r.membership_email))
        and not exists (select 1 from contacts c where c.account_id = r.account_id
          and c.sign_in_email in (r.email, r.membership_email))
      on conflict do nothing`,
    sql`insert into contact_companies (account_id, contact_id, company_id)
      select r.account_id, c.id, c.primary_company_id
      from import_rows r join contacts c on c.id = ${contactIdOf} and c.account_id = r.account_id
      where ${pending} and c.primary_company_id is not null
      on conflict do nothing`,
    sql`update imports set
        imported_rows = imported_rows + (select count(*) from import_rows r
          where ${pending} and exists (select 1 from contacts c where c.id = ${contactIdOf})),
        skipped_rows = skipped_rows + (select count(*) from import_rows r
          where ${pending} and not exists (select 1 from contacts c where c.id = ${contactIdOf}))
      where id = ${importId} and account_id = ${accountId} and status = 'importing'`,
    sql`update import_rows as r set done = 1,
        contact_id = (select c.id from contacts c where c.id = ${contactIdOf})
      where ${pending}`,
    sql`update imports set status = 'done', finished_at = cast(unixepoch('subsec') * 1000 as integer)
      where id = ${importId} and account_id = ${accountId} and status = 'importing'
        and imported_rows + skipped_rows >= total_rows - error_rows`,
  ]);
}

export type ImportProgress = Pick<
  Import,
  "status" | "mode" | "totalRows" | "errorRows" | "importedRows" | "skippedRows"
> & { remainingRows: number };

/** The counts the progress page shows. */
export function progressOf(found: Import): ImportProgress {
  const toImport = found.totalRows - found.errorRows;
  return {
    status: found.status,
    mode: found.mode,
    totalRows: found.totalRows,
    errorRows: found.errorRows,
    importedRows: found.importedRows,
    skippedRows: found.skippedRows,
    remainingRows:
      found.status === "ready"
        ? toImport
        : Math.max(0, toImport - found.importedRows - found.skippedRows),
  };
}

/** The file's first data row, shown beside each column as an example. */
export async function firstRow(db: Database, found: Import): Promise<string[]> {
  const [row] = await db
    .select({ data: importRows.data })
    .from(importRows)
    .where(and(eq(importRows.importId, found.id), eq(importRows.accountId, found.accountId)))
    .orderBy(asc(importRows.rowNumber))
    .limit(1);
  return row?.data ?? [];
}
