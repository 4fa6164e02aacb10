import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { accessGroupMembers, emailLog, oneTimeTokens } from "../../db/schema";
import { createContact } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

const NEW_PASSWORD = "lighthouse keeper 42";

describe("registering on the demo Acme portals in Chromium", () => {
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

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  async function requestLink(page: Page, host: string, slug: string, email: string) {
    await page.goto(at(host, `/${slug}/register`));
    await page.locator('input[type="email"]').fill(email);
    await page.locator("form button[type=submit]").click();
    await page.locator('[role="status"]').waitFor();
    return (await page.locator('[role="status"]').textContent()) ?? "";
  }

  /** Opens the newest email to `recipient` in the dev mailbox and follows its link. */
  async function followEmailLink(page: Page, recipient: string) {
    await eventually(async () => {
      const [row] = await db
        .select()
        .from(emailLog)
        .where(and(eq(emailLog.recipient, recipient), eq(emailLog.status, "sent")));
      return row;
    });
    await page.goto(at("app.localhost", "/dev/mailbox"));
    await page.locator("tr", { hasText: recipient }).getByRole("link").first().click();
    await page.waitForURL("**/dev/mailbox/*");
    const link = page.locator("pre a").first();
    const href = (await link.getAttribute("href")) ?? "";
    await page.goto(href);
    return href;
  }

  it("anyone with a ticket: email, link, password, signed in", async () => {
    const contact = await createContact(db, "acc_acme", {
      email: "nora@solo.example",
      name: "Nora Nieuw",
      withTicket: { inboxId: "inb_acme_support" },
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    const answer = await requestLink(
      page,
      "acme.portico-sites.localhost",
      "support",
      contact.email,
    );
    expect(answer).toContain(contact.email);
    expect(await accessibilityViolations(page)).toEqual([]);

    const href = await followEmailLink(page, contact.email);
    expect(href).toMatch(
      new RegExp(
        `^http://acme\\.portico-sites\\.localhost:${port}/support/register/[a-z2-7]+\\.[a-z2-7]+$`,
      ),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL("**/support/tickets");
    await page.getByText("Signed in as Nora Nieuw").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("access groups only: the membership email gets the link; consent is asked in Dutch", async () => {
    const contact = await createContact(db, "acc_acme", {
      email: "kees@klant.example",
      membershipEmail: "kees.portal@klant.example",
      name: "Kees Klant",
      companyId: "cmp_klant",
    });
    await db.insert(accessGroupMembers).values({
      accountId: "acc_acme",
      accessGroupId: "grp_key_accounts",
      contactId: contact.contactId,
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    // Registration may start from the contact's email; the link goes to the membership email.
    const answer = await requestLink(page, "help.acme.localhost", "portal", "kees@klant.example");
    expect(answer).toContain("kees@klant.example");
    await followEmailLink(page, "kees.portal@klant.example");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await page.getByLabel("Nieuw wachtwoord").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Wachtwoord instellen en inloggen" }).click();
    await expect.poll(() => page.getByText("Ga akkoord om verder te gaan.").count()).toBe(1);
    await page.getByLabel("Nieuw wachtwoord").fill(NEW_PASSWORD);
    await page.getByLabel("Ik ga akkoord").check();
    await page.getByRole("button", { name: "Wachtwoord instellen en inloggen" }).click();
    await page.waitForURL("**/portal/tickets");
    await page.getByText("Ingelogd als Kees Klant").waitFor();
    // Company tickets: Kees sees the Klant BV tickets of the demo data.
    await page.goto(at("help.acme.localhost", "/portal/tickets?status=all"));
    expect(await page.locator("table.tickets tbody tr").count()).toBe(4);
    await context.close();
  });

  it.each([
    ["help.acme.localhost", "portal", "a contact outside the access group", true],
    ["acme.portico-sites.localhost", "support", "a contact without a ticket", false],
  ])("on %s/%s, %s gets the same answer and no link", async (host, slug, _, withTicket) => {
    const contact = await createContact(db, "acc_acme", {
      withTicket: withTicket ? { inboxId: "inb_acme_support" } : null,
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const answer = await requestLink(page, host, slug, contact.email);
    expect(answer).toContain(contact.email);
    // The token is written before the answer is sent, so its absence now is final.
    const tokens = await db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.contactId, contact.contactId));
    expect(tokens).toEqual([]);
    await context.close();
  });
});
