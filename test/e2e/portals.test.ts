import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

describe("demo portals in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let port: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ port: 0 }), launchBrowser()]);
    port = stack.url.port;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  it.each([
    ["acme.portico-sites.localhost", "/support", "Acme Support", "en"],
    ["help.acme.localhost", "/portal", "Acme Klantenportaal", "nl"],
    ["globex.portico-sites.localhost", "/hilfe", "Globex Hilfe", "de"],
  ])("%s%s shows %s in %s, hydrates cleanly and passes axe", async (host, path, name, lang) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(at(host, path));
    expect(await page.title()).toBe(name);
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    await expect.poll(() => page.evaluate(() => "__remixContext" in window)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each([
    ["acme.portico-sites.localhost", "/support", "#b91c1c"],
    ["help.acme.localhost", "/portal", "#047857"],
    ["globex.portico-sites.localhost", "/hilfe", "#6d28d9"],
  ])("%s%s wears its accent colour %s, before and after hydration", async (host, path, accent) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    // A nonce'd rule in <head>: it applies only if the CSP lets it through.
    const accentOf = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent"));
    await page.goto(at(host, path));
    expect(await accentOf()).toBe(accent);
    await expect.poll(() => page.evaluate(() => "__remixContext" in window)).toBe(true);
    expect(await accentOf()).toBe(accent);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("navigates client-side within a portal; data and manifest requests stay on that portal", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    const remixRequests: { url: string; status: number }[] = [];
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith(".data") || url.pathname === "/__manifest") {
        remixRequests.push({ url: url.pathname, status: response.status() });
      }
    });
    await page.goto(at("help.acme.localhost", "/portal?from=start"));
    await page.waitForLoadState("networkidle");
    const navigated = page.waitForResponse((response) =>
      response.url().includes("/portal/sign-in.data"),
    );
    await page.getByRole("navigation").getByRole("link", { name: "Inloggen" }).click();
    const data = await navigated;
    expect(data.status()).toBe(200);
    await expect.poll(() => page.url()).toBe(at("help.acme.localhost", "/portal/sign-in"));
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe("Inloggen bij Acme Klantenportaal");
    expect(remixRequests.length).toBeGreaterThan(0);
    for (const request of remixRequests) expect([200, 204]).toContain(request.status);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(at("acme.portico-sites.localhost", "/support"));
    expect(await page.locator("h1").textContent()).toBe("Acme Support");
    await context.close();
  });

  it("shows the dashboard front page on the dashboard host, axe clean", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(at("app.localhost", "/"));
    expect(await page.locator("h1").textContent()).toBe("Customer portals for support teams");
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("answers an unknown portal with a 404 that names no tenant", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(at("acme.portico-sites.localhost", "/nope"));
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toMatch(/Acme|Globex/);
    await context.close();
  });
});
