// A new tenant in Chromium: sign up, find the verification email in the dev mailbox, follow it, and
// keep the account's settings — with JavaScript and without.
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { accounts, emailLog, users } from "../../db/schema";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

const PASSWORD = "lantern harbour 2024";

describe("signing up in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    // Email links name the local port, as they do under `npm start`.
    [stack, browser] = await Promise.all([
      startStack({ port, emailBindings: { LOCAL_PORT: String(port) } }),
      launchBrowser(),
    ]);
    db = stack.db as unknown as Database;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  /** axe runs as a script in the page, so only where scripts run; the HTML is the same without. */
  async function axeClean(page: Page, javaScript: boolean) {
    if (javaScript) expect(await accessibilityViolations(page)).toEqual([]);
  }

  const at = (path: string) => `http://app.localhost:${port}${path}`;

  /** Opens the email to `recipient` in the dev mailbox and returns its link. */
  async function emailLink(page: Page, recipient: string): Promise<string> {
    await eventually(async () => {
      const [row] = await db
        .select()
        .from(emailLog)
        .where(and(eq(emailLog.recipient, recipient), eq(emailLog.status, "sent")));
      return row;
    });
    await page.goto(at("/dev/mailbox"));
    await page.locator("tr", { hasText: recipient }).getByRole("link").first().click();
    await page.waitForURL("**/dev/mailbox/*");
    return (await page.locator("pre a").first().getAttribute("href")) ?? "";
  }

  it.each([
    ["on", true],
    ["off", false],
  ])(
    "with JavaScript %s: sign up, verify through the dev mailbox, keep the settings",
    async (_, javaScript) => {
      const context = await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      const errors = collectErrors(page);
      const id = crypto.randomUUID().slice(0, 8);
      const email = `founder-${id}@newco.example`;
      const accountName = `Newco ${id}`;

      await page.goto(at("/"));
      await page.getByRole("link", { name: "Sign up for free" }).click();
      await page.waitForURL("**/sign-up");
      if (javaScript) {
        await expect.poll(() => page.evaluate(() => "__remixContext" in window)).toBe(true);
      }
      await axeClean(page, javaScript);

      // A short password first: the form says why and keeps what was typed.
      await page.getByLabel("Your name").fill("Noor Founder");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password").fill("short");
      await page.getByLabel("Account name").fill(accountName);
      await page.getByLabel("Portal language").selectOption("nl");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText("Use at least 8 characters.").waitFor();
      expect(await page.getByLabel("Account name").inputValue()).toBe(accountName);
      expect(await page.getByLabel("Portal language").inputValue()).toBe("nl");
      await axeClean(page, javaScript);

      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      const slug = `newco-${id}`;
      await page.waitForURL(`**/a/${slug}`);
      await page.getByText(`Please verify your email address ${email}`).waitFor();
      await axeClean(page, javaScript);

      const href = await emailLink(page, email);
      expect(href).toMatch(
        new RegExp(`^http://app\\.localhost:${port}/verify/[a-z2-7]+\\.[a-z2-7]+$`),
      );
      await page.goto(href);
      await page.getByText(`Your email address ${email} is verified.`).waitFor();
      const [user] = await db.select().from(users).where(eq(users.email, email));
      expect(user?.emailVerifiedAt).not.toBeNull();
      await page.goto(at(`/a/${slug}`));
      await page.getByRole("heading", { name: accountName }).waitFor();
      expect(await page.getByText(`Please verify your email address ${email}`).count()).toBe(0);

      await page
        .getByRole("navigation", { name: `${accountName} sections` })
        .getByRole("link", { name: "Settings" })
        .click();
      await page.waitForURL(`**/a/${slug}/settings`);
      await axeClean(page, javaScript);
      await page.getByLabel("Time zone").selectOption("Europe/Amsterdam");
      await page.getByLabel("Support reply-to address").fill(`help@${id}.newco.example`);
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Settings saved.").waitFor();
      expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Amsterdam");
      const [account] = await db.select().from(accounts).where(eq(accounts.slug, slug));
      expect(account).toMatchObject({
        timeZone: "Europe/Amsterdam",
        supportReplyTo: `help@${id}.newco.example`,
      });
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
