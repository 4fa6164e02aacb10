// An admin changes a portal's settings in Chromium; a customer in a second browser context sees the
// change on their next page. Every tab passes axe; a tab saves with JavaScript off too.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portalCookieName } from "../../app/lib/auth/cookies";
import { createPortalSession } from "../../app/lib/auth/sessions.server";
import type { Database } from "../../db/client";
import { type AccountFixture, createAccount, createContact, createLink } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createTeam, type Team } from "../support/dashboard";
import { type Stack, startStack } from "../support/stack";

describe("portal settings in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: string;
  let fixture: AccountFixture;
  let team: Team;
  let portalId: string;
  let contactId: string;
  let customerToken: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ port: 0 }), launchBrowser()]);
    port = stack.url.port;
    db = stack.db as unknown as Database;
    fixture = await createAccount(db, { name: "Settings Co" });
    team = await createTeam(db, fixture);
    portalId = fixture.portalIds[0] as string;
    const contact = await createContact(db, fixture.accountId, {
      withTicket: { inboxId: fixture.inboxId },
    });
    contactId = contact.contactId;
    customerToken = (
      await createPortalSession(db, {
        accountId: fixture.accountId,
        portalId,
        host: fixture.hostname,
        contactId,
      })
    ).token;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const dashboard = (path: string) =>
    `http://app.localhost:${port}/a/${team.slug}/portals/${portalId}${path}`;
  const portal = (path: string) => `http://${fixture.hostname}:${port}/help${path}`;

  /** A browser context signed in as the account's admin. */
  async function adminContext(options: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext(options);
    const [name, value] = team.admin.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "app.localhost", path: "/" }]);
    return context;
  }

  /** A browser context signed in as the portal's customer. */
  async function customerContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.addCookies([
      {
        name: portalCookieName(portalId),
        value: customerToken,
        domain: fixture.hostname,
        path: "/help",
      },
    ]);
    return context;
  }

  async function hydrated(page: Page) {
    await expect.poll(() => page.evaluate(() => "__remixContext" in window)).toBe(true);
  }

  async function headers(page: Page) {
    return page.locator("table.tickets thead th").allTextContents();
  }

  it("every tab passes axe and hydrates without errors", async () => {
    const context = await adminContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    for (const tab of ["general", "display", "consent", "form", "branding", "preview"]) {
      await page.goto(dashboard(`/${tab}`));
      await hydrated(page);
      expect(await page.locator("h2").first().textContent(), tab).toBeTruthy();
      expect(await accessibilityViolations(page), tab).toEqual([]);
    }
    // A refused save: the messages beside the fields pass too.
    await page.goto(dashboard("/branding"));
    await hydrated(page);
    await page.getByLabel("Logo address (optional)").fill("http://cdn.example.com/logo.png");
    await page.getByLabel("Accent colour").fill("#eeeeee");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.locator(".field-errors").count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("ticket display: labels and order change in the customer's list", async () => {
    const customer = await customerContext();
    const list = await customer.newPage();
    await list.goto(portal("/tickets"));
    expect(await headers(list)).toEqual(["Subject", "Ticket number", "Status", "Last activity"]);

    const admin = await adminContext();
    const page = await admin.newPage();
    const errors = collectErrors(page);
    await page.goto(dashboard("/display"));
    await hydrated(page);
    await page.getByLabel("New", { exact: true }).fill("Received by us");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toContain("Saved. Customers see the change on their next page.");
    // By keyboard: focus the move button and press Enter.
    await page
      .getByRole("button", { name: /^Up.*Status \(pipeline stage\) in the ticket list/ })
      .press("Enter");
    await expect
      .poll(
        async () =>
          (await page
            .locator("table.settings-table")
            .first()
            .locator("tbody tr")
            .first()
            .textContent()) ?? "",
      )
      .toContain("Status");
    expect(errors).toEqual([]);

    await list.reload();
    expect(await headers(list)).toEqual(["Subject", "Status", "Ticket number", "Last activity"]);
    expect(await list.locator("table.tickets tbody").textContent()).toContain("Received by us");
    expect(await accessibilityViolations(list)).toEqual([]);
    await admin.close();
    await customer.close();
  });

  it("consent: the new text shows on the registration page", async () => {
    const admin = await adminContext();
    const page = await admin.newPage();
    await page.goto(dashboard("/consent"));
    await hydrated(page);
    await page.getByLabel("Show a consent notice at registration").check();
    await page.getByLabel("Text", { exact: true }).fill("Settings Co keeps your data in the EU.");
    await page.getByLabel("Customers must tick a box to agree").check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Saved.");
    expect(await page.locator(".muted").first().textContent()).toContain("version 2");

    const token = await createLink(
      db,
      { accountId: fixture.accountId, portalId, contactId },
      "registration",
    );
    const visitor = await browser.newContext();
    const registration = await visitor.newPage();
    await registration.goto(portal(`/register/${token}`));
    expect(await registration.locator("fieldset.consent").textContent()).toContain(
      "Settings Co keeps your data in the EU.",
    );
    expect(await registration.getByRole("checkbox").count()).toBe(1);
    await visitor.close();
    await admin.close();
  });

  it("without JavaScript: Enter in a field saves the display tab, and branding saves", async () => {
    const admin = await adminContext({ javaScriptEnabled: false });
    const page = await admin.newPage();
    await page.goto(dashboard("/display"));
    const waiting = page.getByLabel("Waiting on us", { exact: true });
    await waiting.fill("With our team");
    await waiting.press("Enter");
    await page.waitForURL(/done=saved/);
    expect(await page.getByLabel("Waiting on us", { exact: true }).inputValue()).toBe(
      "With our team",
    );

    await page.goto(dashboard("/branding"));
    await page.getByLabel("Accent colour").fill("#ffff00");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    expect(await page.locator(".field-errors").first().textContent()).toContain(
      "too light on white",
    );
    await page.getByLabel("Accent colour").fill("#7c2d12");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=saved/);
    const previewAccent = await page
      .locator(".portal-preview")
      .first()
      .evaluate((element) => getComputedStyle(element).getPropertyValue("--accent"));
    expect(previewAccent.trim()).toBe("#7c2d12");
    await admin.close();

    const visitor = await browser.newContext();
    const home = await visitor.newPage();
    await home.goto(portal(""));
    const accent = await home.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue("--accent"),
    );
    expect(accent.trim()).toBe("#7c2d12");
    await visitor.close();
  });
});
