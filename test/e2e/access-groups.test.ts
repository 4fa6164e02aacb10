// Access groups in Chromium, with JavaScript on and off: an admin creates a group, finds a contact by
// search and adds them, and sends invites for a portal on a system domain, which hands over each
// member's link instead of an email. Both pages are axe-clean.
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { type AccountFixture, createAccount, createContact, createUser } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";

const PASSWORD = "groups in chromium 7";

describe("access groups in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;
  let fixture: AccountFixture;
  let admin: { email: string };
  let passwordHash: string;

  beforeAll(async () => {
    port = await freePort();
    [stack, browser, passwordHash] = await Promise.all([
      startStack({ port, emailBindings: { LOCAL_PORT: String(port) } }),
      launchBrowser(),
      hashPassword(PASSWORD),
    ]);
    db = stack.db as unknown as Database;
    fixture = await createAccount(db, { name: "Groups Co", accessMode: "access_groups" });
    admin = await createUser(db, fixture.accountId, { role: "admin", name: "Ada Admin" });
    await db.update(users).set({ passwordHash }).where(eq(users.email, admin.email));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  for (const javaScriptEnabled of [true, false]) {
    it(`builds a group and invites it on a system domain (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const tag = javaScriptEnabled ? "on" : "off";
      await createContact(db, fixture.accountId, {
        name: `Rita Reachable ${tag}`,
        email: `rita-${tag}@groups.example`,
      });
      const groupsPath = `/a/t-${fixture.accountId.slice(-8)}/access-groups`;
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const errors = collectErrors(page);
      // axe runs in the page: with JavaScript off the markup is the same, checked in the other run.
      const expectAxeClean = async () => {
        if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
      };
      await page.goto(at("app.localhost", `/sign-in?redirectTo=${encodeURIComponent(groupsPath)}`));
      await page.locator('input[type="email"]').fill(admin.email);
      await page.locator('input[type="password"]').fill(PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(`**${groupsPath}`);
      await expectAxeClean();

      await page.getByLabel("Name").fill(`Partners ${tag}`);
      await page.getByRole("button", { name: "Create access group" }).click();
      await page.getByRole("heading", { level: 1, name: `Partners ${tag}` }).waitFor();

      // The portal admits the new group, so "send invites" can offer it.
      const groupId = page.url().split("/").pop() as string;
      await stack.d1
        .prepare(
          "insert into portal_access_groups (account_id, portal_id, access_group_id) values (?, ?, ?)",
        )
        .bind(fixture.accountId, fixture.portalIds[0], groupId)
        .run();

      await page.getByLabel("Search contacts by name or email").fill(`reachable ${tag}`);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.getByLabel(`Rita Reachable ${tag} (rita-${tag}@groups.example)`).check();
      await page.getByRole("button", { name: "Add selected contacts" }).click();
      await page.getByText("Members added: 1.").waitFor();
      await page.reload();
      await expectAxeClean();

      await page.getByRole("button", { name: "Send invites" }).click();
      await page.getByText("No email was sent: portals on a system domain").waitFor();
      const link = await page
        .getByLabel(`Invite link for Rita Reachable ${tag} (rita-${tag}@groups.example)`)
        .inputValue();
      expect(link).toContain(`/help/join/`);
      await expectAxeClean();
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
