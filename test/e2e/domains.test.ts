// Connecting a custom domain in Chromium, on a fresh account, against the local DNS (/dev/dns):
// add help.newco.localhost, create its records, verify → active, build a portal on it in the
// wizard, which then serves at http://help.newco.localhost:{port}/support in the domain's
// language; re-language it without JavaScript; remove it and the portal stops serving at once.
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { type AccountFixture, createAccount, createUser } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";

const PASSWORD = "domains in chromium 4";
const HOSTNAME = "help.newco.localhost";

describe("connecting a custom domain in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;
  let fixture: AccountFixture;
  let admin: { email: string };
  let domainsPath: string;

  beforeAll(async () => {
    port = await freePort();
    let passwordHash: string;
    [stack, browser, passwordHash] = await Promise.all([
      startStack({ port, emailBindings: { LOCAL_PORT: String(port) } }),
      launchBrowser(),
      hashPassword(PASSWORD),
    ]);
    db = stack.db as unknown as Database;
    fixture = await createAccount(db, { name: "NewCo" });
    admin = await createUser(db, fixture.accountId, { role: "admin", name: "Ada Admin" });
    await db.update(users).set({ passwordHash }).where(eq(users.email, admin.email));
    domainsPath = `/a/t-${fixture.accountId.slice(-8)}/domains`;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  async function signedInAdmin(javaScriptEnabled: boolean): Promise<[BrowserContext, Page]> {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(at("app.localhost", `/sign-in?redirectTo=${encodeURIComponent(domainsPath)}`));
    await page.locator('input[type="email"]').fill(admin.email);
    await page.locator('input[type="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(`**${domainsPath}`);
    return [context, page];
  }

  async function addDevRecord(page: Page, name: string, type: string, value: string) {
    await page.goto(at("app.localhost", "/dev/dns"));
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Type").selectOption(type);
    await page.getByLabel("Value", { exact: true }).fill(value);
    await page.getByRole("button", { name: "Add record" }).click();
    await page.getByRole("cell", { name, exact: true }).first().waitFor();
  }

  it("adds, verifies, serves, re-languages and removes help.newco.localhost", async () => {
    const [context, page] = await signedInAdmin(true);
    const errors = collectErrors(page);
    expect(await accessibilityViolations(page)).toEqual([]);

    // A refused name first: the reason next to the field, the input kept.
    await page.getByLabel("Hostname").fill("app.localhost");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByText("This is Portico's own address").waitFor();
    expect(await page.getByLabel("Hostname").inputValue()).toBe("app.localhost");
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel("Hostname").fill(HOSTNAME);
    await page.getByLabel("Primary language").selectOption("de");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.waitForURL(`**${domainsPath}/dom_*`);
    await page.getByRole("heading", { name: `Domain ${HOSTNAME}` }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const domainUrl = page.url();
    const txtName = await page.getByLabel("TXT Name").inputValue();
    const token = await page.getByLabel("TXT Value").inputValue();
    const target = await page.getByLabel("CNAME Value").inputValue();
    expect(txtName).toBe(`_portico-verify.${HOSTNAME}`);

    // Not yet: the page says what is missing.
    await page.getByRole("button", { name: "Verify now" }).click();
    await page.getByText(`TXT record missing: no TXT record at ${txtName}.`).waitFor();

    await addDevRecord(page, txtName, "TXT", token);
    await addDevRecord(page, HOSTNAME, "CNAME", target);
    await page.goto(domainUrl);
    await page.getByRole("button", { name: "Verify now" }).click();
    await page.getByRole("status").getByText(`Verified: ${HOSTNAME} is active.`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const domainId = domainUrl.split("/").pop() ?? "";

    // A portal built on it in the wizard. The drop-down offers the serving domains (the system
    // one and this one), with a link to connect another.
    await page.goto(at("app.localhost", domainsPath.replace(/\/domains$/, "/portals")));
    await page.getByRole("link", { name: "Set up a portal" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/portals/new/name"));
    await expect.poll(() => page.evaluate(() => "__remixContext" in window)).toBe(true);
    await page.getByLabel("Portal name").fill("NewCo Support");
    await page.getByRole("button", { name: "Next: connect a domain" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/portals/new/domain"));
    expect(
      await page.getByRole("link", { name: "Connect a domain of your own" }).getAttribute("href"),
    ).toBe(domainsPath);
    const offered = await page
      .getByLabel("Portal domain")
      .locator("option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(offered).toEqual([fixture.domainId, domainId]);
    await page.getByLabel("Portal domain").selectOption(domainId);
    await page.getByLabel("Slug").fill("support");
    await expect
      .poll(() => page.locator(".url-preview output").textContent())
      .toBe(at(HOSTNAME, "/support"));
    await page.getByRole("button", { name: "Next: set up your tickets" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/portals/new/tickets"));
    await page.getByLabel("Only the tickets their contact is associated with").check();
    await page.getByRole("button", { name: "Next: configure access" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/portals/new/access"));
    await page.getByRole("button", { name: "Next: review and finish" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/portals/new/finish"));
    await page.getByRole("button", { name: "Finish setting up your portal" }).click();
    await page.getByRole("heading", { name: "Your portal is live" }).waitFor();
    const portalUrl = (await page.locator(".live-url a").getAttribute("href")) ?? "";
    expect(portalUrl).toBe(at(HOSTNAME, "/support"));
    expect(errors).toEqual([]);
    await context.close();

    // It serves there, in the domain's language.
    const visitor = await browser.newContext();
    const portal = await visitor.newPage();
    const response = await portal.goto(portalUrl);
    expect(response?.status()).toBe(200);
    expect(await portal.title()).toBe("NewCo Support");
    expect(await portal.locator("html").getAttribute("lang")).toBe("de");

    // Re-language without JavaScript: the portal renders it on its next request.
    const [plain, noScript] = await signedInAdmin(false);
    await noScript.goto(domainUrl);
    await noScript.getByRole("combobox", { name: "Primary language" }).selectOption("fr");
    await noScript.getByRole("button", { name: "Change language" }).click();
    await noScript.getByText("The language is now French (Français).").waitFor();
    await portal.reload();
    expect(await portal.locator("html").getAttribute("lang")).toBe("fr");

    // Remove, confirmed: the portal stops serving at once.
    await noScript.getByRole("button", { name: "Remove domain" }).click();
    await noScript.getByText("Tick the box to confirm the removal.").waitFor();
    await noScript.getByLabel(`I understand that ${HOSTNAME} and its portals stop serving`).check();
    await noScript.getByRole("button", { name: "Remove domain" }).click();
    await noScript.getByText(`${HOSTNAME} was removed.`).waitFor();
    expect((await portal.reload())?.status()).toBe(404);
    await plain.close();
    await visitor.close();
  });
});
