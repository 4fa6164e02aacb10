// An admin in Chromium makes a company and a contact, finds the contact in the list, is refused an
// address another contact has, and deletes the contact — with JavaScript on and off, every page
// axe-clean.
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { accounts, contacts } from "../../db/schema";
import { createAccount, createContact } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createMember } from "../support/dashboard";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";

describe("contacts in Chromium", () => {
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

  it.each([
    ["on", true],
    ["off", false],
  ])("with JavaScript %s: company, contact, duplicate refused, deletion", async (_, js) => {
    const account = await createAccount(db, { name: `People ${js ? "A" : "B"}` });
    const admin = await createMember(db, account.accountId, "admin", { name: "Ada Admin" });
    await createContact(db, account.accountId, { email: "taken@people.example" });
    const [{ slug } = { slug: "" }] = await db
      .select({ slug: accounts.slug })
      .from(accounts)
      .where(eq(accounts.id, account.accountId));
    const at = (path: string) => `http://app.localhost:${port}/a/${slug}${path}`;
    const context = await browser.newContext({ javaScriptEnabled: js });
    const [name, value] = admin.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "app.localhost", path: "/" }]);
    const page: Page = await context.newPage();
    const errors = collectErrors(page);
    const axeClean = async () => {
      if (js) expect(await accessibilityViolations(page)).toEqual([]);
    };

    await page.goto(at("/companies"));
    await axeClean();
    await page.getByLabel("Name", { exact: true }).fill("Hooli");
    await page.getByLabel("Web domain").fill("hooli.example");
    await page.getByRole("button", { name: "Create company" }).click();
    await page.getByRole("heading", { level: 1, name: "Hooli" }).waitFor();
    await axeClean();

    await page.goto(at("/contacts/new"));
    await axeClean();
    await page.getByLabel("Name", { exact: true }).fill("Gavin Belson");
    await page.getByLabel("Email", { exact: true }).fill("gavin@people.example");
    await page.getByLabel("Membership email").fill("taken@people.example");
    await page.getByLabel("Company").selectOption({ label: "Hooli" });
    await page.getByLabel("Custom properties").fill("role = ceo");
    await page.getByRole("button", { name: "Create contact" }).click();
    await page.getByText("Another contact of this account already has this address.").waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Gavin Belson");
    await axeClean();
    await page.getByLabel("Membership email").fill("");
    await page.getByRole("button", { name: "Create contact" }).click();
    await page.getByRole("heading", { level: 1, name: "Gavin Belson" }).waitFor();
    await axeClean();

    await page.goto(at("/contacts"));
    await page.getByLabel("Search by name or email").fill("gavin");
    await page.getByRole("button", { name: "Filter" }).click();
    // The list already shows everyone: open the link only once the filtered page has come, or the
    // click cancels the search's navigation half-way.
    await page.waitForURL(/[?&]q=gavin/);
    await page.getByRole("link", { name: "Gavin Belson" }).click();
    await page.getByRole("heading", { level: 1, name: "Gavin Belson" }).waitFor();
    await page.getByLabel("Type the contact's email to confirm").fill("gavin@people.example");
    await page.getByRole("button", { name: "Delete this contact" }).click();
    await page.getByText("The contact was deleted.").waitFor();
    await axeClean();
    expect(await page.getByRole("link", { name: "Gavin Belson" }).count()).toBe(0);
    const left = await db.select().from(contacts).where(eq(contacts.email, "gavin@people.example"));
    expect(left).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
