// The Members tab in Chromium, on a fresh account: an admin revokes a member who is signed in to the
// portal in another browser, who is signed out on their next page; restoring works without
// JavaScript; on a system domain an invite hands the admin a link instead of an email.
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Database } from "../../db/client";
import { emailLog, users } from "../../db/schema";
import {
  type AccountFixture,
  createAccessGroup,
  createAccount,
  createContact,
  createUser,
} from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

const PASSWORD = "members in chromium 9";

describe("a portal's Members tab in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;
  let fixture: AccountFixture;
  let admin: { email: string };
  let groupId: string;
  let membersPath: string;

  beforeAll(async () => {
    port = await freePort();
    let passwordHash: string;
    [stack, browser, passwordHash] = await Promise.all([
      startStack({ port, emailBindings: { LOCAL_PORT: String(port) } }),
      launchBrowser(),
      hashPassword(PASSWORD),
    ]);
    db = stack.db as unknown as Database;
    fixture = await createAccount(db, { name: "Members Co", accessMode: "access_groups" });
    const portalId = fixture.portalIds[0] as string;
    groupId = await createAccessGroup(db, fixture.accountId, portalId);
    admin = await createUser(db, fixture.accountId, { role: "admin", name: "Ada Admin" });
    await db.update(users).set({ passwordHash }).where(eq(users.email, admin.email));
    await createContact(db, fixture.accountId, {
      name: "Sam Signed",
      email: "sam@members.example",
      passwordHash,
      accessGroupIds: [groupId],
    });
    membersPath = `/a/t-${fixture.accountId.slice(-8)}/portals/${portalId}/members`;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  async function signedInAdmin(javaScriptEnabled: boolean): Promise<[BrowserContext, Page]> {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(at("app.localhost", `/sign-in?redirectTo=${encodeURIComponent(membersPath)}`));
    await page.locator('input[type="email"]').fill(admin.email);
    await page.locator('input[type="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(`**${membersPath}`);
    return [context, page];
  }

  function row(page: Page, name: string) {
    return page.locator("tr", { has: page.locator(`th[scope="row"]`, { hasText: name }) });
  }

  it("revokes a signed-in member, who is signed out on their next page; restores without JavaScript", async () => {
    const member = await browser.newContext();
    const portal = await member.newPage();
    await portal.goto(at(fixture.hostname, "/help/sign-in"));
    await portal.locator('input[type="email"]').fill("sam@members.example");
    await portal.locator('input[type="password"]').fill(PASSWORD);
    await portal.locator('form button[type="submit"]').click();
    await portal.waitForURL("**/help/tickets");

    const [context, page] = await signedInAdmin(true);
    const errors = collectErrors(page);
    const sam = row(page, "Sam Signed");
    await expect.poll(() => sam.textContent()).toContain("Accepted");
    expect(await accessibilityViolations(page)).toEqual([]);
    // By keyboard: the row's revoke button is reachable and activated with Enter.
    const revoke = sam.getByRole("button", { name: "Revoke access for Sam Signed" });
    await revoke.focus();
    await page.keyboard.press("Enter");
    await sam.getByRole("status").getByText("Sam Signed no longer has access").waitFor();
    await expect.poll(() => sam.textContent()).toContain("Revoked");
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    await portal.reload();
    await portal.waitForURL("**/help/sign-in?**");

    const [plain, noScript] = await signedInAdmin(false);
    await row(noScript, "Sam Signed")
      .getByRole("button", { name: "Restore access for Sam Signed" })
      .click();
    await row(noScript, "Sam Signed").getByText("Sam Signed has access again").waitFor();
    await plain.close();

    await portal.locator('input[type="email"]').fill("sam@members.example");
    await portal.locator('input[type="password"]').fill(PASSWORD);
    await portal.locator('form button[type="submit"]').click();
    await portal.waitForURL("**/help/tickets");
    await member.close();
  });

  it("on a system domain, an invite shows the link to copy and the email is skipped", async () => {
    const nina = await createContact(db, fixture.accountId, {
      name: "Nina New",
      email: "nina@members.example",
      accessGroupIds: [groupId],
    });
    const [context, page] = await signedInAdmin(true);
    const errors = collectErrors(page);
    const ninaRow = row(page, "Nina New");
    await ninaRow.getByRole("button", { name: "Send invite for Nina New" }).click();
    const link = ninaRow.getByLabel("Invite link for Nina New");
    await link.waitFor();
    expect(await link.getAttribute("readonly")).not.toBeNull();
    await expect
      .poll(() => ninaRow.textContent())
      .toContain("portals on a system domain send no emails to members of an access group");
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    const href = await link.inputValue();
    expect(href).toContain(`${fixture.hostname}:${port}/help/join/`);

    const skipped = await eventually(async () => {
      const [entry] = await db
        .select()
        .from(emailLog)
        .where(and(eq(emailLog.accountId, fixture.accountId), eq(emailLog.status, "skipped")));
      return entry;
    });
    expect(skipped).toMatchObject({
      kind: "access_group_invite",
      reason: "skipped: system domain",
      recipient: nina.email,
    });

    // The link is Nina's way in.
    const invited = await browser.newContext();
    const portal = await invited.newPage();
    await portal.goto(href);
    await portal.locator('input[type="password"]').fill(PASSWORD);
    await portal.locator('form button[type="submit"]').click();
    await portal.waitForURL("**/help/tickets");
    await invited.close();
    await context.close();
  });
});
