// An admin imports contacts in Chromium — upload, preview with per-row errors, a column changed,
// "import the valid rows", progress until finished — with JavaScript on and off; every page
// axe-clean. The import queue and its consumer are the real ones (Miniflare).
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { accounts, contacts, imports } from "../../db/schema";
import { createAccount } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createMember } from "../support/dashboard";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

const CSV = [
  "Name,Email,Region",
  "Ada Lovelace,ada@example.com,EU",
  '"Babbage, Charles",charles@example.com,EU',
  "Broken,not-an-email,US",
  "Again,ADA@example.com,US",
].join("\r\n");

describe("importing contacts in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    [stack, browser] = await Promise.all([startStack({ port }), launchBrowser()]);
    db = stack.db as unknown as Database;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (path: string) => `http://app.localhost:${port}${path}`;

  it.each([
    ["on", true],
    ["off", false],
  ])("with JavaScript %s: upload, preview, start, progress", async (_, javaScriptEnabled) => {
    const account = await createAccount(db, { name: `Importer ${javaScriptEnabled ? "A" : "B"}` });
    const owner = await createMember(db, account.accountId, "owner");
    const [{ slug } = { slug: "" }] = await db
      .select({ slug: accounts.slug })
      .from(accounts)
      .where(eq(accounts.id, account.accountId));
    const context = await browser.newContext({ javaScriptEnabled });
    const [name, value] = owner.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "app.localhost", path: "/" }]);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const axeClean = async (on: Page) => {
      if (javaScriptEnabled) expect(await accessibilityViolations(on)).toEqual([]);
    };

    await page.goto(at(`/a/${slug}/imports/new`));
    await axeClean(page);
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.waitForURL(/\/imports\/imp_/);
    await page.getByRole("heading", { level: 1, name: "Import of people.csv" }).waitFor();
    await page.getByText("Not a valid email address.").waitFor();
    await page.getByText("An address an earlier row of the file already uses.").waitFor();
    const id = page.url().split("/").at(-1) ?? "";
    await axeClean(page);

    // The third column becomes a custom property; the rows are checked again.
    await page.getByLabel("Import column “Region” as").selectOption("property");
    await page.getByRole("button", { name: "Apply columns and check rows again" }).click();
    await eventually(async () => {
      const [row] = await db.select().from(imports).where(eq(imports.id, id));
      return row?.mapping[2] === "property" ? row : undefined;
    });
    await page.waitForLoadState();
    expect(await page.getByLabel("Import column “Region” as").inputValue()).toBe("property");

    await page.getByLabel("Import the valid rows and leave the rows with errors out").check();
    await page.getByRole("button", { name: "Start import" }).click();
    const status = page.locator('[aria-live="polite"]');
    if (javaScriptEnabled) {
      // The page polls its own data: the live region moves to "finished" by itself.
      await status.getByText("Import finished: 2 contacts imported.").waitFor({ timeout: 20_000 });
    } else {
      // Without JavaScript, "Check progress" asks again until the import is done.
      for (;;) {
        const text = await status.textContent();
        if (text?.startsWith("Import finished")) break;
        await page.getByRole("button", { name: "Check progress" }).click();
        await page.waitForLoadState();
      }
      expect(await status.textContent()).toBe("Import finished: 2 contacts imported.");
    }
    expect(await page.getByRole("link", { name: "Go to contacts" }).getAttribute("href")).toBe(
      `/a/${slug}/contacts`,
    );
    await axeClean(page);

    const imported = await db
      .select({ email: contacts.email, properties: contacts.properties })
      .from(contacts)
      .where(eq(contacts.accountId, account.accountId));
    expect(imported.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: "ada@example.com", properties: { Region: "EU" } },
      { email: "charles@example.com", properties: { Region: "EU" } },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
