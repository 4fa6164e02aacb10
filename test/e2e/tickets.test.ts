import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Database } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed";
import { createAccount, createContact } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

const PASSWORD = "correct horse battery";

describe("customers and their tickets in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let passwordHash: string;

  beforeAll(async () => {
    [stack, browser, passwordHash] = await Promise.all([
      startStack({ port: 0 }),
      launchBrowser(),
      hashPassword(PASSWORD),
    ]);
    db = stack.db as unknown as Database;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${stack.url.port}${path}`;

  async function signIn(page: Page, host: string, slug: string, email: string, password: string) {
    await page.goto(at(host, `/${slug}/sign-in`));
    await page.locator('input[type="email"]').fill(email);
    await page.locator('input[type="password"]').fill(password);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(`**/${slug}/tickets`);
  }

  async function withContext<T>(
    javaScript: boolean,
    run: (page: Page, context: BrowserContext) => Promise<T>,
  ) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    try {
      return await run(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  it("jan, in Dutch on the company portal, sees eva's company ticket", async () => {
    await withContext(true, async (page) => {
      const errors = collectErrors(page);
      await signIn(
        page,
        "help.acme.localhost",
        "portal",
        "jan.portal@klant.example",
        DEMO_PASSWORD,
      );
      expect(await page.title()).toBe("Acme Klantenportaal");
      expect(await page.getAttribute("html", "lang")).toBe("nl");
      await page.getByLabel("Status").selectOption("all");
      await page.getByRole("button", { name: "Toepassen" }).click();
      await expect.poll(() => page.url()).toContain("status=all");
      const subjects = await page.locator("table.tickets tbody td:first-child a").allTextContents();
      expect(subjects).toContain("Factuuradres wijzigen");
      expect(subjects).not.toContain("CSV export is missing the date column");
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  it("sam, on the own-tickets portal, sees only his own", async () => {
    await withContext(true, async (page) => {
      await signIn(
        page,
        "acme.portico-sites.localhost",
        "support",
        "sam@solo.example",
        DEMO_PASSWORD,
      );
      await page.goto(at("acme.portico-sites.localhost", "/support/tickets?status=all"));
      const subjects = await page.locator("table.tickets tbody td:first-child a").allTextContents();
      expect(subjects).toEqual(["CSV export is missing the date column"]);
    });
  });

  for (const javaScript of [true, false]) {
    it(`a new customer creates, replies to, closes and reopens a ticket (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const fixture = await createAccount(db, {
        supportForm: [
          {
            key: "category",
            type: "category",
            label: "Topic",
            required: true,
            options: ["Billing", "Bug"],
          },
        ],
      });
      const contact = await createContact(db, fixture.accountId, {
        passwordHash,
        withTicket: { inboxId: fixture.inboxId },
      });
      await withContext(javaScript, async (page) => {
        page.setDefaultTimeout(10_000);
        const errors = collectErrors(page);
        await signIn(page, fixture.hostname, "help", contact.email, PASSWORD);
        await page.getByRole("link", { name: "New ticket" }).click();
        await page.waitForURL("**/help/tickets/new");
        await page.getByLabel("Subject", { exact: true }).fill("Invoice total looks wrong");
        // Submitting without the required topic keeps what was typed and says what is missing.
        await page.getByLabel("Description").fill("The total is off by 10 euro.");
        await page.getByRole("button", { name: "Submit ticket" }).click();
        await expect
          .poll(() => page.locator(".field-errors li").allTextContents())
          .toEqual(["This field is required."]);
        expect(await page.getByLabel("Subject", { exact: true }).inputValue()).toBe(
          "Invoice total looks wrong",
        );
        await page.getByLabel("Topic").selectOption("Billing");
        await page.getByRole("button", { name: "Submit ticket" }).click();
        await page.getByText("We received your ticket.").waitFor();
        expect(await page.locator("h1").textContent()).toBe("Invoice total looks wrong");
        // axe runs inside the page, so it checks the JavaScript run only.
        if (javaScript) expect(await accessibilityViolations(page)).toEqual([]);

        await page.getByLabel("Your reply").fill("Here is the invoice number: 2026-118.");
        await page.getByRole("button", { name: "Send reply" }).click();
        await page.getByText("Your reply was sent.").waitFor();
        expect(await page.locator(".thread").textContent()).toContain("2026-118");
        expect(await page.locator(".properties").textContent()).toContain("Waiting on us");
        // A second reply from the same page is a new message: the form carries the next key
        // (with JavaScript the page is revalidated, not reloaded).
        await page.getByLabel("Your reply").fill("And the order number: 55-2.");
        await page.getByRole("button", { name: "Send reply" }).click();
        await page.locator(".thread").getByText("55-2", { exact: false }).waitFor();
        expect(await page.locator(".thread .message").count()).toBe(3);

        await page.getByRole("button", { name: "Close ticket" }).click();
        await page.getByText("The ticket is closed.").waitFor();
        await page.getByRole("button", { name: "Reopen ticket" }).click();
        await page.getByText("The ticket is open again.").waitFor();
        expect(errors).toEqual([]);
      });
    });
  }

  it("every portal page is clean under axe, also right-to-left in Arabic", async () => {
    const fixture = await createAccount(db, { language: "ar" });
    const contact = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    await withContext(true, async (page) => {
      const errors = collectErrors(page);
      for (const path of ["/help", "/help/sign-in", "/help/register", "/help/forgot-password"]) {
        await page.goto(at(fixture.hostname, path));
        expect(await page.getAttribute("html", "dir")).toBe("rtl");
        expect(await accessibilityViolations(page), path).toEqual([]);
      }
      await signIn(page, fixture.hostname, "help", contact.email, PASSWORD);
      for (const path of [
        "/help/tickets",
        "/help/tickets/1",
        "/help/tickets/new",
        "/help/profile",
      ]) {
        await page.goto(at(fixture.hostname, path));
        expect(await page.getAttribute("html", "lang")).toBe("ar");
        expect(await accessibilityViolations(page), path).toEqual([]);
      }
      expect(errors).toEqual([]);
    });
  });

  it("the profile keeps the name and the reply notification setting", async () => {
    const fixture = await createAccount(db);
    const contact = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    await withContext(false, async (page) => {
      await signIn(page, fixture.hostname, "help", contact.email, PASSWORD);
      await page.goto(at(fixture.hostname, "/help/profile"));
      await page.getByLabel("Name").fill("Ria Renamed");
      await page.getByLabel("Email me when an agent replies").uncheck();
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Your changes were saved.").waitFor();
      expect(await page.getByLabel("Name").inputValue()).toBe("Ria Renamed");
      expect(await page.getByLabel("Email me when an agent replies").isChecked()).toBe(false);
      expect(await page.getByLabel("Sign-in email").inputValue()).toBe(contact.email);
    });
  });
});
