// The owner of a fresh account runs the setup wizard in Chromium on the account's system domain,
// with JavaScript on and off; each step is axe-clean; the finished portal then serves to a
// visitor in a browser context of its own.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardCookieName } from "../../app/lib/auth/cookies";
import type { Database } from "../../db/client";
import { createAccount } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createTeam } from "../support/dashboard";
import { type Stack, startStack } from "../support/stack";

describe("the portal setup wizard in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ port: 0 }), launchBrowser()]);
    db = stack.db as unknown as Database;
    port = stack.url.port;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  /** A browser context signed in as the owner of a new account (no password needed). */
  async function ownerContext(javaScriptEnabled: boolean) {
    const account = await createAccount(db, { name: "Wizard Co", slugs: [] });
    const team = await createTeam(db, account);
    const context = await browser.newContext({ javaScriptEnabled });
    const [, token] = team.owner.cookie.split("=");
    await context.addCookies([
      { name: dashboardCookieName(false), value: token ?? "", domain: "app.localhost", path: "/" },
    ]);
    return { account, team, context };
  }

  /** Waits until the page is the wizard's `step`. */
  function onStep(page: Page, step: string) {
    return page.waitForURL((url) => url.pathname.endsWith(`/portals/new/${step}`));
  }

  async function expectAxeClean(page: Page, step: string) {
    expect(await accessibilityViolations(page), step).toEqual([]);
  }

  async function runWizard(
    context: BrowserContext,
    slug: string,
    accountSlug: string,
    js: boolean,
  ) {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectErrors(page);
    // axe runs in the page, so only where scripts may; the HTML is the same either way.
    const axe = (step: string) => (js ? expectAxeClean(page, step) : Promise.resolve());
    await page.goto(at("app.localhost", `/a/${accountSlug}/portals`));
    await axe("portals");
    await page.getByRole("link", { name: "Set up a portal" }).click();
    await onStep(page, "name");
    if (js) await expect.poll(() => page.evaluate(() => "__remixContext" in window)).toBe(true);
    await axe("name");

    // A refused step keeps the input and says why, next to the field.
    await page.getByLabel("Portal name").fill(" ");
    await page.getByRole("button", { name: "Next: connect a domain" }).click();
    await expect
      .poll(() => page.locator(".field-errors").textContent())
      .toBe("Enter a portal name.");
    await page.getByLabel("Portal name").fill("Wizard Help");
    await page.getByRole("button", { name: "Next: connect a domain" }).click();
    await onStep(page, "domain");
    await axe("domain");

    const preview = page.locator(".url-preview output");
    await page.getByLabel("Slug").fill("Help");
    if (js) {
      // The preview follows the typing.
      await expect.poll(() => preview.textContent()).toMatch(/\/Help$/);
    }
    await page.getByRole("button", { name: "Next: set up your tickets" }).click();
    await expect
      .poll(() => page.locator(".field-errors").textContent())
      .toBe("Use lower-case letters only.");
    // Refused: the typed slug is still there, and without JavaScript the preview shows it now.
    expect(await page.getByLabel("Slug").inputValue()).toBe("Help");
    expect(await preview.textContent()).toMatch(/\/Help$/);
    await axe("domain, refused");
    await page.getByLabel("Slug").fill(slug);
    await page.getByRole("button", { name: "Next: set up your tickets" }).click();
    await onStep(page, "tickets");
    await axe("tickets");

    const filter = page.getByRole("group", { name: "Who sees the company's tickets" });
    if (js) {
      // Only the third option needs the filter; with JavaScript it shows when chosen.
      await expect.poll(() => filter.isVisible()).toBe(false);
      await page.getByLabel("All company tickets, for a chosen set of customers").check();
      await expect.poll(() => filter.isVisible()).toBe(true);
    } else {
      expect(await filter.isVisible()).toBe(true);
    }
    await page.getByLabel("All tickets associated with their company").check();
    await page.getByRole("button", { name: "Next: configure access" }).click();
    await onStep(page, "access");
    await axe("access");
    expect(await page.getByText("no access groups yet").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Next: review and finish" }).click();
    await onStep(page, "finish");
    await axe("finish");

    // Back and forth: the saved choice is there when the step is revisited.
    await page.getByRole("link", { name: "Change: Ticket permissions" }).click();
    await onStep(page, "tickets");
    expect(await page.getByLabel("All tickets associated with their company").isChecked()).toBe(
      true,
    );
    await page.goBack();
    await onStep(page, "finish");

    await page.getByRole("button", { name: "Finish setting up your portal" }).click();
    await page.getByRole("heading", { name: "Your portal is live" }).waitFor();
    await axe("live");
    const url = (await page.locator(".live-url a").getAttribute("href")) ?? "";
    expect(errors).toEqual([]);
    await page.close();
    return url;
  }

  it.each([
    ["with JavaScript", true, "help"],
    ["without JavaScript", false, "support-desk"],
  ])(
    "%s: the owner sets up a portal that then serves",
    async (_, js, slug) => {
      const { account, team, context } = await ownerContext(js);
      const url = await runWizard(context, slug, team.slug, js);
      expect(url).toBe(at(account.hostname, `/${slug}`));
      await context.close();

      const visitor = await browser.newContext();
      const page = await visitor.newPage();
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe("Wizard Help");
      await visitor.close();
    },
    120_000,
  );
});
