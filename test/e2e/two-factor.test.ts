import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { totpCode } from "../../app/lib/two-factor/totp";
import type { Database } from "../../db/client";
import { createAccount, createUser } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";

const PASSWORD = "lighthouse keeper 42";
const STEP_MS = 30_000;

describe("two-factor sign-in for the dashboard in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;
  let passwordHash: string;

  beforeAll(async () => {
    port = await freePort();
    [stack, browser, passwordHash] = await Promise.all([
      startStack({ port }),
      launchBrowser(),
      hashPassword(PASSWORD),
    ]);
    db = stack.db as unknown as Database;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (path: string) => `http://app.localhost:${port}${path}`;

  async function signIn(page: Page, email: string, path = "/sign-in") {
    await page.goto(at(path));
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("turns two-factor on, signs out and signs in with a code; the owner then requires it", async () => {
    const fixture = await createAccount(db);
    const owner = await createUser(db, fixture.accountId, {
      role: "owner",
      name: "Olga Owner",
      passwordHash,
    });
    const agent = await createUser(db, fixture.accountId, {
      role: "agent",
      name: "Alex Agent",
      passwordHash,
    });
    const slug = `t-${fixture.accountId.slice(-8)}`;

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, owner.email);
    await page.getByText("Welcome, Olga Owner").waitFor();

    // Set-up: the secret is read from the page, the code computed here like an authenticator.
    await page.getByRole("link", { name: "Signed in as Olga Owner" }).click();
    await page.getByRole("heading", { name: "Your profile" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
    await page.getByRole("img", { name: /QR code/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const secret = (await page.getByTestId("two-factor-secret").textContent()) ?? "";
    const key = decodeBase32IgnorePadding(secret.replace(/\s/g, ""));
    await page
      .getByLabel("Authentication code")
      .fill("000000" === totpCode(key, Date.now()) ? "111111" : "000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByText("That code is not right").waitFor();
    await page.getByLabel("Authentication code").fill(totpCode(key, Date.now()));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
    expect(
      await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count(),
    ).toBe(10);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Signed out, the password alone is not enough: the code is asked for.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in?signedOut=1");
    await signIn(page, owner.email);
    await page.waitForURL("**/sign-in/two-factor**");
    expect(await accessibilityViolations(page)).toEqual([]);
    // The code of the next time step: the current one was spent when two-factor was turned on.
    await page.getByLabel("Authentication code").fill(totpCode(key, Date.now() + STEP_MS));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText("Welcome, Olga Owner").waitFor();

    // The owner requires two-factor for the account.
    await page.goto(at(`/a/${slug}/settings/security`));
    expect(await page.getByRole("listitem").filter({ hasText: agent.email }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel("Require two-factor authentication for every member").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Your security settings were saved.").waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // The agent, who has no two-factor, is taken to set-up on their next request to the account.
    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await signIn(agentPage, agent.email, `/sign-in?redirectTo=${encodeURIComponent(`/a/${slug}`)}`);
    await agentPage.waitForURL(`**/profile/two-factor?account=${slug}`);
    await agentPage.getByText(`${fixture.name} requires two-factor authentication`).waitFor();
    await agentPage.getByRole("img", { name: /QR code/ }).waitFor();
    await agentContext.close();
  });
});
