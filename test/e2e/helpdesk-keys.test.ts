// The help desk from the keyboard in Chromium: an agent moves through the queue with j/k and opens a
// ticket with o, focuses the message with r (and n), lists the shortcuts with ? in an accessible
// dialog, types "j" in the message as a j, and inserts a saved reply at the cursor without a reload.
// Turned off in the profile, no key does anything. Without JavaScript the picker still inserts.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { createAccount, createContact, createSavedReplyFixture, createTicket } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createTeam, type Member } from "../support/dashboard";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";

describe("the help desk from the keyboard in Chromium", () => {
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

  const at = (path: string) => `http://app.localhost:${port}${path}`;

  /** An account with three tickets of Jan's (newest first in the queue) and a saved reply. */
  async function desk() {
    const id = crypto.randomUUID().slice(0, 8);
    const fixture = await createAccount(db, { name: `Keys ${id}` });
    const team = await createTeam(db, fixture);
    const contact = await createContact(db, fixture.accountId, { name: "Jan de Vries" });
    const numbers: number[] = [];
    for (const subject of ["Printer jammed", "VPN drops", "Invoice missing"]) {
      const { number } = await createTicket(db, fixture, {
        contactId: contact.contactId,
        subject: `${subject} ${id}`,
      });
      numbers.push(number);
    }
    await createSavedReplyFixture(db, fixture.accountId, {
      title: "Greeting",
      body: "Hi {{contact.first_name}}, {{agent.first_name}} here about #{{ticket.number}}.",
    });
    return { id, fixture, team, numbers };
  }

  async function signedIn(member: Member, javaScriptEnabled = true) {
    const context: BrowserContext = await browser.newContext({ javaScriptEnabled });
    const [name, value] = member.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "app.localhost", path: "/" }]);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return { context, page, errors: collectErrors(page) };
  }

  /** The queue row that holds the focus (its subject link), or null. */
  const focusedRow = (page: Page) =>
    page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("data-ticket") ?? null);
  const selectedRows = (page: Page) =>
    page
      .locator("[data-queue] tbody tr[data-selected]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-ticket")));

  it("j/k/o in the queue, r and n on a ticket, ? lists them, and a saved reply goes in at the cursor", async () => {
    const { team, numbers, fixture } = await desk();
    const { context, page, errors } = await signedIn(team.agent);
    try {
      await page.goto(at(`/a/${team.slug}/tickets`));
      // The button appears once the page runs its script: from then on the keys work.
      const help = page.getByRole("button", { name: "Keyboard shortcuts" });
      await help.waitFor();
      const rows = await page
        .locator("[data-queue] tbody tr")
        .evaluateAll((all) => all.map((row) => row.getAttribute("data-ticket")));
      expect(rows).toHaveLength(3);
      const [first, second] = rows as [string, string, string];

      await page.keyboard.press("j");
      expect(await focusedRow(page)).toBe(first);
      expect(await selectedRows(page)).toEqual([first]);
      await page.keyboard.press("j");
      expect(await focusedRow(page)).toBe(second);
      expect(await selectedRows(page)).toEqual([second]);
      await page.keyboard.press("k");
      expect(await focusedRow(page)).toBe(first);
      expect(await selectedRows(page)).toEqual([first]);

      // ? opens the list as a modal dialog on its close button; Escape closes it, focus comes back.
      await page.keyboard.press("?");
      const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain("Next ticket");
      expect(await dialog.textContent()).toContain("Open the selected ticket");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Close");
      expect(await accessibilityViolations(page)).toEqual([]);
      // Keys inside the dialog are not shortcuts.
      await page.keyboard.press("j");
      expect(await selectedRows(page)).toEqual([first]);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      expect(await focusedRow(page)).toBe(first);
      // The visible button opens it too.
      await help.click();
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Close" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await accessibilityViolations(page)).toEqual([]);

      // The selection outlives the dialog: j goes on from the selected row; o opens it.
      await page.keyboard.press("j");
      expect(await focusedRow(page)).toBe(second);
      await page.keyboard.press("o");
      await page.waitForURL(`**/a/${team.slug}/tickets/${second}`);
      expect(numbers.map(String)).toContain(second);

      // r focuses the message box, and the r is not typed into it.
      const box = page.locator("textarea[data-reply]");
      await box.waitFor();
      await page.getByRole("button", { name: "Keyboard shortcuts" }).waitFor();
      await page.keyboard.press("r");
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await box.inputValue()).toBe("");
      // Typing j, k, r, n and ? in the box types them.
      await page.keyboard.type("jkrn? ok. ");
      expect(await box.inputValue()).toBe("jkrn? ok. ");
      expect(await page.getByRole("dialog").count()).toBe(0);

      // The saved reply goes in at the cursor, filled in, without a reload.
      await page.evaluate(() => {
        (window as unknown as { beforeInsert: boolean }).beforeInsert = true;
      });
      await page.getByLabel("Saved reply").selectOption({ label: "Greeting" });
      await page.getByRole("button", { name: "Insert saved reply" }).click();
      await expect
        .poll(() => box.inputValue())
        .toBe(`jkrn? ok. Hi Jan, Alex here about #${second}.`);
      expect(
        await page.evaluate(() => (window as unknown as { beforeInsert?: boolean }).beforeInsert),
      ).toBe(true);
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.getByText("The saved reply was inserted into the message.").waitFor();

      // n from outside the box focuses it too.
      await page.locator("h1").click();
      await page.keyboard.press("n");
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await box.inputValue()).toBe(`jkrn? ok. Hi Jan, Alex here about #${second}.`);
      // A modifier makes it the browser's key, not a shortcut.
      await page.locator("h1").click();
      await page.keyboard.press("Alt+r");
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(false);
      expect(await accessibilityViolations(page)).toEqual([]);

      // The reply sends as written.
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByText("Your reply was sent.").waitFor();
      expect(await page.locator("main").textContent()).toContain(
        `jkrn? ok. Hi Jan, Alex here about #${second}.`,
      );
      expect(fixture.accountId).toBeTruthy();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("turned off in the profile, no key does anything", async () => {
    const { id, team, numbers } = await desk();
    const { context, page, errors } = await signedIn(team.agent);
    try {
      await page.goto(at("/profile/help-desk"));
      const form = page.getByRole("region", { name: `Preferences for Keys ${id}` });
      await form.getByLabel("Keyboard shortcuts on").uncheck();
      await form.getByRole("button", { name: `Save preferences for Keys ${id}` }).click();
      await page.getByText(`Your preferences for Keys ${id} were saved.`).waitFor();

      const number = numbers[0] ?? 0;
      await page.goto(at(`/a/${team.slug}/tickets/${number}`));
      // The picker inserting without a reload shows the page runs its script.
      const box = page.locator("textarea[data-reply]");
      await page.getByLabel("Saved reply").selectOption({ label: "Greeting" });
      await page.getByRole("button", { name: "Insert saved reply" }).click();
      await expect.poll(() => box.inputValue()).toContain("Hi Jan");
      expect(await page.getByRole("button", { name: "Keyboard shortcuts" }).count()).toBe(0);
      await page.locator("h1").click();
      await page.keyboard.press("r");
      await page.keyboard.press("n");
      await page.keyboard.press("?");
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(false);
      expect(await page.getByRole("dialog").count()).toBe(0);

      // The queue, reached in the running app.
      await page.getByRole("link", { name: "All tickets" }).click();
      await page.waitForURL(`**/a/${team.slug}/tickets`);
      await page.locator("[data-queue]").waitFor();
      await page.keyboard.press("j");
      await page.keyboard.press("j");
      await page.keyboard.press("o");
      await page.keyboard.press("?");
      expect(await selectedRows(page)).toEqual([]);
      expect(await focusedRow(page)).toBeNull();
      expect(page.url()).toBe(at(`/a/${team.slug}/tickets`));
      expect(await page.getByRole("dialog").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("an agent keeps the account's saved replies in the browser, axe-clean", async () => {
    const { team } = await desk();
    const { context, page, errors } = await signedIn(team.agent);
    try {
      await page.goto(at(`/a/${team.slug}`));
      await page.getByRole("link", { name: "Saved replies" }).click();
      await page.waitForURL(`**/a/${team.slug}/saved-replies`);
      await page.getByLabel("Title").fill("Greeting");
      await page.getByLabel("Text").fill("Hello again");
      await page.getByRole("button", { name: "Create saved reply" }).click();
      // The title is taken: the message is at the field, what was typed stays.
      await page.getByText("Another saved reply of this account has this title.").waitFor();
      expect(await page.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByLabel("Text").inputValue()).toBe("Hello again");
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByLabel("Title").fill("Follow-up");
      await page.getByRole("button", { name: "Create saved reply" }).click();
      await page.getByText("The saved reply was created.").waitFor();
      await page.getByRole("link", { name: "Edit Follow-up" }).click();
      await page.getByLabel("Text").fill("Any news, {{contact.first_name}}?");
      await page.getByRole("button", { name: "Save saved reply" }).click();
      await page.getByText("The saved reply was saved.").waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Delete saved reply" }).click();
      await page.getByText("The saved reply was deleted.").waitFor();
      expect(await page.getByRole("link", { name: "Edit Follow-up" }).count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("without JavaScript the picker puts the saved reply after what was typed", async () => {
    const { team, numbers } = await desk();
    const { context, page } = await signedIn(team.agent, false);
    try {
      const number = numbers[1] ?? 0;
      await page.goto(at(`/a/${team.slug}/tickets/${number}`));
      expect(await page.getByRole("button", { name: "Keyboard shortcuts" }).count()).toBe(0);
      await page.getByLabel("Message").fill("Thanks for waiting.");
      await page.getByLabel("Saved reply").selectOption({ label: "Greeting" });
      await page.getByRole("button", { name: "Insert saved reply" }).click();
      await page.waitForLoadState();
      await expect
        .poll(() => page.getByLabel("Message").inputValue())
        .toBe(`Thanks for waiting.\n\nHi Jan, Alex here about #${number}.`);
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByText("Your reply was sent.").waitFor();
      expect(await page.locator("main").textContent()).toContain(
        `Hi Jan, Alex here about #${number}.`,
      );
    } finally {
      await context.close();
    }
  }, 120_000);
});
