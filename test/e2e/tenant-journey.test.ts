// The whole journey in one browser: a new tenant signs up, verifies through the dev mailbox,
// builds a portal with the wizard on its system domain, and a customer in a second context sees it;
// then the slug moves (old URL 404, new serves), and ticket display and consent text change in the
// portal the customer sees.
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portalCookieName } from "../../app/lib/auth/cookies";
import { createPortalSession } from "../../app/lib/auth/sessions.server";
import type { Database } from "../../db/client";
import { accounts, domains, emailLog, portals } from "../../db/schema";
import { createContact, createLink } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

describe("a new tenant's first portal, in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
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

  async function emailLink(page: Page, recipient: string): Promise<string> {
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
    return (await page.locator("pre a").first().getAttribute("href")) ?? "";
  }

  it("signs up, verifies, builds a portal, moves it and changes what customers see", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectErrors(page);
    const id = crypto.randomUUID().slice(0, 8);
    const email = `founder-${id}@journey.example`;
    const slug = `journey-${id}`;

    // Sign up, and verify through the dev mailbox.
    await page.goto(at("app.localhost", "/sign-up"));
    await page.getByLabel("Your name").fill("Jo Journey");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("lantern harbour 2024");
    await page.getByLabel("Account name").fill(`Journey ${id}`);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`**/a/${slug}`);
    await page.goto(await emailLink(page, email));
    await page.getByText(`Your email address ${email} is verified.`).waitFor();

    // The wizard, from the account's navigation, on the account's system domain.
    await page.goto(at("app.localhost", `/a/${slug}`));
    await page
      .getByRole("navigation", { name: `Journey ${id} sections` })
      .getByRole("link", { name: "Portals" })
      .click();
    await page.getByRole("link", { name: "Set up a portal" }).click();
    await page.getByLabel("Portal name").fill("Journey Help");
    await page.getByRole("button", { name: "Next: connect a domain" }).click();
    await page.getByLabel("Slug").fill("help");
    await page.getByRole("button", { name: "Next: set up your tickets" }).click();
    await page.getByRole("button", { name: "Next: configure access" }).click();
    await page.getByRole("button", { name: "Next: review and finish" }).click();
    await page.getByRole("button", { name: "Finish setting up your portal" }).click();
    await page.getByRole("heading", { name: "Your portal is live" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const hostname = `${slug}.portico-sites.localhost`;
    expect(await page.locator(".live-url a").getAttribute("href")).toBe(at(hostname, "/help"));

    const [account] = await db.select().from(accounts).where(eq(accounts.slug, slug));
    const [portal] = await db
      .select({ id: portals.id, domainId: portals.domainId })
      .from(portals)
      .where(eq(portals.accountId, account?.id ?? ""));
    const [domain] = await db
      .select()
      .from(domains)
      .where(eq(domains.id, portal?.domainId ?? ""));
    expect(domain?.hostname).toBe(hostname);

    // A customer with a ticket, signed in on the new portal (made directly: the people screens
    // come later).
    const accountId = account?.id ?? "";
    const portalId = portal?.id ?? "";
    const inboxId =
      (await db.query.inboxes.findFirst({ where: (t, { eq: is }) => is(t.accountId, accountId) }))
        ?.id ?? "";
    const contact = await createContact(db, accountId, { withTicket: { inboxId } });

    const visitor = await browser.newContext();
    const customer = await visitor.newPage();
    expect((await customer.goto(at(hostname, "/help")))?.status()).toBe(200);
    expect(await customer.title()).toBe("Journey Help");

    // Move the portal to another slug: the old URL stops, the new one serves.
    const settings = (tab: string) => at("app.localhost", `/a/${slug}/portals/${portalId}/${tab}`);
    await page.goto(settings("domain"));
    await page.getByRole("textbox", { name: "Slug" }).fill("support");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect((await customer.goto(at(hostname, "/help")))?.status()).toBe(404);
    expect((await customer.goto(at(hostname, "/support")))?.status()).toBe(200);

    // Ticket display: a customer-facing stage label shows in the signed-in customer's list.
    const session = await createPortalSession(db, {
      accountId,
      portalId,
      host: hostname,
      contactId: contact.contactId,
    });
    await visitor.addCookies([
      {
        name: portalCookieName(portalId),
        value: session.token,
        domain: hostname,
        path: "/support",
      },
    ]);
    await page.goto(settings("display"));
    await page.getByLabel("New", { exact: true }).fill("Received by us");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    await customer.goto(at(hostname, "/support/tickets"));
    expect(await customer.locator("table.tickets tbody").textContent()).toContain("Received by us");

    // Consent: the new text is what a registering customer reads.
    await page.goto(settings("consent"));
    await page.getByLabel("Show a consent notice at registration").check();
    await page.getByLabel("Text", { exact: true }).fill(`Journey ${id} keeps your data in the EU.`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    const newcomer = await createContact(db, accountId, {});
    const token = await createLink(
      db,
      { accountId, portalId, contactId: newcomer.contactId },
      "registration",
    );
    const stranger = await browser.newContext();
    const registration = await stranger.newPage();
    await registration.goto(at(hostname, `/support/register/${token}`));
    expect(await registration.locator("fieldset.consent").textContent()).toContain(
      `Journey ${id} keeps your data in the EU.`,
    );

    expect(errors).toEqual([]);
    await Promise.all([context.close(), visitor.close(), stranger.close()]);
  }, 180_000);
});
