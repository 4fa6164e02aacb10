import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listEmailLog } from "../../app/lib/email/log.server";
import { createDb } from "../../db/client";
import { type AccountFixture, createAccount, createEmailLogEntry } from "../factories";

const db = createDb(env.DB);

describe("listEmailLog", () => {
  let account: AccountFixture;
  let other: AccountFixture;
  /** The account's rows in the order the log shows them: newest first, ties by id. */
  let expectedIds: string[];

  beforeAll(async () => {
    account = await createAccount(db);
    other = await createAccount(db);
    const base = 1_700_000_000_000;
    // Three rows share a timestamp, so the id has to break the tie.
    const times = [base, base + 1, base + 1, base + 1, base + 2, base + 3, base + 5];
    const rows = [];
    for (const [index, createdAt] of times.entries()) {
      rows.push(
        await createEmailLogEntry(db, {
          accountId: account.accountId,
          createdAt,
          recipient: `r${index}@customer.example`,
          html: "<p>secret link</p>",
        }),
      );
      await createEmailLogEntry(db, { accountId: other.accountId, createdAt });
    }
    expectedIds = rows
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .map((row) => row.id);
  });

  it("lists the account's emails newest first", async () => {
    const page = await listEmailLog(db, account.accountId);
    expect(page.entries.map((entry) => entry.id)).toEqual(expectedIds);
    expect(page.nextCursor).toBeNull();
  });

  it("never shows another account's emails", async () => {
    const page = await listEmailLog(db, other.accountId);
    expect(page.entries).toHaveLength(expectedIds.length);
    for (const entry of page.entries) expect(expectedIds).not.toContain(entry.id);
  });

  it("never returns the rendered body", async () => {
    const page = await listEmailLog(db, account.accountId);
    expect(page.entries[0]).not.toHaveProperty("html");
    expect(page.entries[0]).not.toHaveProperty("text");
  });

  it.each([1, 2, 3, 6])("pages of %i cover every email once, in order", async (limit) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listEmailLog(db, account.accountId, { cursor, limit });
      expect(page.entries.length).toBeLessThanOrEqual(limit);
      seen.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(expectedIds);
  });

  it("treats a malformed cursor as the first page", async () => {
    for (const cursor of ["", "nonsense", "12.", ".eml_x", "1.2.3 or 1=1"]) {
      const page = await listEmailLog(db, account.accountId, { cursor, limit: 2 });
      expect(page.entries.map((entry) => entry.id)).toEqual(expectedIds.slice(0, 2));
    }
  });

  it("clamps the page size", async () => {
    expect((await listEmailLog(db, account.accountId, { limit: 0 })).entries).toHaveLength(1);
    expect((await listEmailLog(db, account.accountId, { limit: 10_000 })).entries).toHaveLength(
      expectedIds.length,
    );
  });
});

describe("cursors", () => {
  it("round-trip", () => {
    const position = { createdAt: 1_700_000_000_123, id: "eml_abc123" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });
});
