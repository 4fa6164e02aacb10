// An owner invites a teammate in Chromium; the invitation arrives in the dev mailbox; the teammate,
// in a browser of their own, follows the link, chooses a name and password and lands in the account
// as an agent — with JavaScript on and off.
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { accounts, emailLog, memberships, users } from "../../db/schema";
import { createAccount } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createMember } from "../support/dashboard";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

const PASSWORD = "harbour lantern 58";

describe("inviting a teammate in Chromium", () => {
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

  const at = (path: string) => `http://app.localhost:${port}${path}`;

  /** A browser signed in as the member (the session cookie the sign-in form would set). */
  async function signedIn(cookie: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled });
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "app.localhost", path: "/" }]);
    return context;
  }

  /** Opens the invitation to `recipient` in the dev mailbox and returns its link. */
  async function invitationLink(page: Page, recipient: string): Promise<string> {
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
  ])("with JavaScript %s: invite, email, join as an agent", async (_, javaScriptEnabled) => {
    const account = await createAccount(db, { name: `Crew ${javaScriptEnabled ? "A" : "B"}` });
    const owner = await createMember(db, account.accountId, "owner", { name: "Olive Owner" });
    // An admin beside the owner: the page then shows a teammate's actions and the transfer form.
    await createMember(db, account.accountId, "admin", { name: "Ada Admin" });
    const [{ slug } = { slug: "" }] = await db
      .select({ slug: accounts.slug })
      .from(accounts)
      .where(eq(accounts.id, account.accountId));
    const email = `teammate-${javaScriptEnabled ? "js" : "nojs"}@crew.example`;
    // axe runs as a script in the page: it checks the pages with JavaScript on (the HTML is the same).
    const axeClean = async (page: Page) => {
      if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
    };

    const ownerContext = await signedIn(owner.cookie, javaScriptEnabled);
    const ownerPage = await ownerContext.newPage();
    const ownerErrors = collectErrors(ownerPage);
    await ownerPage.goto(at(`/a/${slug}/team`));
    await ownerPage.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    await axeClean(ownerPage);

    // A wrong address first: the message is next to the field and the input stays.
    await ownerPage.getByLabel("Email address").fill("not-an-address");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage.getByText("Enter a valid email address").waitFor();
    expect(await ownerPage.getByLabel("Email address").inputValue()).toBe("not-an-address");
    await axeClean(ownerPage);

    await ownerPage.getByLabel("Email address").fill(email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("agent");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage.getByRole("status").getByText("Invitation sent.").waitFor();
    await ownerPage.locator("tr", { hasText: email }).waitFor();
    await axeClean(ownerPage);

    const link = await invitationLink(ownerPage, email);
    expect(link).toMatch(
      new RegExp(`^http://app\\.localhost:${port}/join/[a-z2-7]{24}\\.[a-z2-7]{32}$`),
    );

    const teammateContext = await browser.newContext({ javaScriptEnabled });
    const teammate = await teammateContext.newPage();
    const teammateErrors = collectErrors(teammate);
    await teammate.goto(link);
    await teammate.getByText("Olive Owner invited you to join").waitFor();
    await axeClean(teammate);
    await teammate.getByLabel("Your name").fill("Tess Teammate");
    await teammate.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await teammate.getByRole("button", { name: "Create my sign-in and join" }).click();
    await teammate.waitForURL(`**/a/${slug}`);
    await teammate.getByText("Signed in as Tess Teammate").waitFor();
    // An agent's navigation has no Team section.
    const sections = teammate.getByRole("navigation", { name: /sections/ });
    await sections.getByRole("link", { name: "Home" }).waitFor();
    expect(await sections.getByRole("link", { name: "Team" }).count()).toBe(0);

    const [member] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, account.accountId), eq(users.email, email)));
    expect(member?.role).toBe("agent");

    expect(ownerErrors).toEqual([]);
    expect(teammateErrors).toEqual([]);

    // The link worked once.
    await teammate.goto(link);
    await teammate.getByText("This invitation can no longer be used").waitFor();
    await ownerContext.close();
    await teammateContext.close();
  });
});
