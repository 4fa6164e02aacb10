// The people flow of an account in Chromium, start to finish, as one admin on a fresh factory
// account whose portal sits on an active custom domain: import contacts from a CSV with a bad row
// ("import the valid rows", progress checked until done), give one contact a membership email, let
// the portal admit a new access group of the imported contacts, send invites — the dev mailbox holds
// the invite at the membership email, the Members tab says "Pending" — the invited contact registers
// and opens a ticket that names them, the admin downloads their data and deletes them, and then no
// page names them any more. Every dashboard page on the way is axe-clean.
import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { accounts } from "../../db/schema";
import { type AccountFixture, createAccount } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createMember } from "../support/dashboard";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";

const PASSWORD = "people flow password 5";
/** How long a wait for the workers (import consumer, email worker) may take, at most. */
const GIVE_UP_MS = 30_000;

describe("an account's people in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;
  let fixture: AccountFixture;
  let slug: string;
  let cookie: string;
  let domain: string;

  beforeAll(async () => {
    port = await freePort();
    [stack, browser] = await Promise.all([
      startStack({ port, emailBindings: { LOCAL_PORT: String(port) } }),
      launchBrowser(),
    ]);
    db = stack.db as unknown as Database;
    fixture = await createAccount(db, {
      name: "People Co",
      kind: "custom",
      status: "active",
      hostname: `help.people-${Date.now().toString(36)}.localhost`,
    });
    domain = `${fixture.accountId.slice(-8)}.people.example`;
    const admin = await createMember(db, fixture.accountId, "admin", { name: "Ada Admin" });
    cookie = admin.cookie;
    const [row] = await db
      .select({ slug: accounts.slug })
      .from(accounts)
      .where(eq(accounts.id, fixture.accountId));
    slug = row?.slug ?? "";
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const dashboard = (path: string) => `http://app.localhost:${port}/a/${slug}${path}`;
  const portal = (path: string) => `http://${fixture.hostname}:${port}/help${path}`;

  /**
   * Reloads (or runs `check`) until `done` holds: each round is a request to the app, and the loop
   * gives up after a bounded time. No fixed sleeps.
   */
  async function until(page: Page, done: () => Promise<boolean>, check?: () => Promise<void>) {
    const giveUpAt = Date.now() + GIVE_UP_MS;
    while (Date.now() < giveUpAt) {
      if (await done()) return;
      if (check) await check();
      else await page.reload();
      await page.waitForLoadState();
    }
    throw new Error(`still not done after ${GIVE_UP_MS} ms: ${page.url()}`);
  }

  it("imports, edits, groups, invites, exports and deletes", async () => {
    const ida = { name: "Ida Invitee", email: `ida@${domain}`, membership: `ida.portal@${domain}` };
    const otto = { name: "Otto Other", email: `otto@${domain}` };
    const csv = [
      "Name,Email",
      `${ida.name},${ida.email}`,
      `${otto.name},${otto.email}`,
      "Broken Row,not-an-email",
    ].join("\r\n");

    const context = await browser.newContext({ acceptDownloads: true });
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "app.localhost", path: "/" }]);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const axeClean = async () => expect(await accessibilityViolations(page)).toEqual([]);

    // Import: from the contact list, a file with a bad row, "import the valid rows".
    await page.goto(dashboard("/contacts"));
    await axeClean();
    await page.getByRole("link", { name: "Import contacts" }).click();
    await page.waitForURL("**/imports/new");
    await axeClean();
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.getByRole("heading", { level: 1, name: "Import of people.csv" }).waitFor();
    await page.getByText("Not a valid email address.").waitFor();
    await axeClean();
    await page.getByLabel("Import the valid rows and leave the rows with errors out").check();
    await page.getByRole("button", { name: "Start import" }).click();
    const status = page.locator('[aria-live="polite"]');
    await status.waitFor();
    await until(
      page,
      async () => (await status.textContent())?.startsWith("Import finished") ?? false,
      async () => {
        // "Check progress" asks the server again; the page may have moved on by itself meanwhile.
        // The button goes when the import ends, possibly between seeing it and clicking it: then
        // neither the click nor its answer comes, and the next round reads the finished status.
        const check = page.getByRole("button", { name: "Check progress" });
        if (!(await check.isVisible())) return;
        const answered = page
          .waitForResponse((response) => response.url().includes("/imports/imp_"), {
            timeout: 5_000,
          })
          .catch(() => null);
        await check.click({ timeout: 5_000 }).catch(() => undefined);
        await answered;
      },
    );
    expect(await status.textContent()).toBe("Import finished: 2 contacts imported.");
    await axeClean();

    // The membership email: where Ida's portal emails go from now on.
    await page.getByRole("link", { name: "Go to contacts" }).click();
    await page.waitForURL("**/contacts");
    await page.getByRole("link", { name: ida.name }).click();
    await page.getByRole("heading", { level: 1, name: ida.name }).waitFor();
    const idaPath = new URL(page.url()).pathname;
    await axeClean();
    await page.getByLabel("Membership email").fill(ida.membership);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved.").waitFor();
    expect(await page.getByLabel("Membership email").inputValue()).toBe(ida.membership);

    // An access group of the two imported contacts.
    await page.goto(dashboard("/access-groups"));
    await axeClean();
    await page.getByLabel("Name").fill("Key people");
    await page.getByRole("button", { name: "Create access group" }).click();
    await page.getByRole("heading", { level: 1, name: "Key people" }).waitFor();
    const groupPath = new URL(page.url()).pathname;
    await page.getByLabel("Search contacts by name or email").fill(domain);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByLabel(`${ida.name} (${ida.membership})`).check();
    await page.getByLabel(`${otto.name} (${otto.email})`).check();
    await page.getByRole("button", { name: "Add selected contacts" }).click();
    await page.getByText("Members added: 2.").waitFor();
    await axeClean();

    // The portal on the custom domain admits the group only.
    const portalId = fixture.portalIds[0] as string;
    await page.goto(dashboard(`/portals/${portalId}/access`));
    await axeClean();
    await page.getByLabel("Access groups only").check();
    await page.getByLabel("Key people").check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL("**/access?saved=1");

    // Send invites for that portal: both members get one, Ida at her membership email.
    await page.goto(`http://app.localhost:${port}${groupPath}`);
    await page.getByLabel("Portal").selectOption({ label: `People Co help (${fixture.hostname})` });
    await page.getByRole("button", { name: "Send invites" }).click();
    await page.getByText("Invites on their way: 2.").waitFor();
    await axeClean();

    const mailbox = await context.newPage();
    const ours = () => mailbox.locator("tbody tr", { hasText: domain });
    await mailbox.goto(`http://app.localhost:${port}/dev/mailbox`);
    await until(mailbox, async () => (await ours().count()) === 2);
    expect(await mailbox.locator("tbody tr", { hasText: ida.membership }).count()).toBe(1);
    expect(await mailbox.locator("tbody tr", { hasText: ida.email }).count()).toBe(0);
    const idaInvite = mailbox.locator("tbody tr", { hasText: ida.membership });
    expect(await idaInvite.textContent()).toContain("access_group_invite");
    expect(await idaInvite.textContent()).toContain("You are invited to People Co help");

    // The Members tab shows both as invited.
    await page.goto(dashboard(`/portals/${portalId}/members`));
    const row = (who: string) =>
      page.locator("tr", { has: page.locator('th[scope="row"]', { hasText: who }) });
    await until(page, async () => {
      const texts = await Promise.all([ida.name, otto.name].map((who) => row(who).textContent()));
      return texts.every((text) => text?.includes("Pending"));
    });
    expect(await row(ida.name).textContent()).toContain(ida.membership);
    await axeClean();

    // Ida follows her invite on the custom domain, sets a password and opens a ticket.
    await idaInvite.getByRole("link").first().click();
    await mailbox.waitForURL("**/dev/mailbox/*");
    const join = (await mailbox.locator("pre a").first().getAttribute("href")) ?? "";
    expect(join).toContain(`http://${fixture.hostname}:${port}/help/join/`);
    const member = await browser.newContext();
    const idaPage = await member.newPage();
    await idaPage.goto(join);
    await idaPage.getByText(`For ${ida.membership}`).waitFor();
    await idaPage.getByLabel("New password").fill(PASSWORD);
    await idaPage.getByRole("button", { name: "Set password and sign in" }).click();
    await idaPage.waitForURL("**/help/tickets");
    await idaPage.getByRole("link", { name: "New ticket" }).click();
    const subject = `Refund for ${ida.name}`;
    await idaPage.getByLabel("Subject", { exact: true }).fill(subject);
    await idaPage.getByLabel("Description").fill(`Please call me, ${ida.name}, at ${ida.email}.`);
    await idaPage.getByRole("button", { name: "Submit ticket" }).click();
    await idaPage.waitForURL(/\/help\/tickets\/\d+/);
    const ticketNumber = Number(new URL(idaPage.url()).pathname.split("/").pop());

    // Her data, as the JSON download from her page.
    await page.goto(`http://app.localhost:${port}${idaPath}`);
    await page.getByRole("cell", { name: subject }).waitFor();
    await axeClean();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download this contact's data (JSON)" }).click(),
    ]);
    const data = JSON.parse(await readFile((await download.path()) as string, "utf8"));
    expect(data.profile).toMatchObject({
      name: ida.name,
      email: ida.email,
      membershipEmail: ida.membership,
    });
    expect(data.tickets).toEqual([expect.objectContaining({ number: ticketNumber, subject })]);
    expect(data.memberships.accessGroups).toEqual(["Key people"]);

    const pages = [
      "/contacts",
      "/contacts?q=ida",
      "/tickets",
      `/tickets/${ticketNumber}`,
      "/tickets?q=invitee",
      groupPath.replace(`/a/${slug}`, ""),
      `/portals/${portalId}/members`,
      "/audit",
      "/email-log",
    ];
    const traces = async (path: string) => {
      const response = await page.goto(dashboard(path));
      expect(response?.status(), path).toBe(200);
      const text = (await page.content()).toLowerCase();
      return [ida.name, ida.email, ida.membership].filter((trace) =>
        text.includes(trace.toLowerCase()),
      );
    };
    // Before: the pages that show people name her (so the check below can fail).
    for (const path of pages.slice(0, 7)) {
      expect((await traces(path)).length, path).toBeGreaterThan(0);
    }

    // Deleted: confirmed with her email, back on the list.
    await page.goto(`http://app.localhost:${port}${idaPath}`);
    await page.getByLabel("Type the contact's email to confirm").fill(ida.email);
    await page.getByRole("button", { name: "Delete this contact" }).click();
    await page.getByText("The contact was deleted.").waitFor();
    await axeClean();

    for (const path of pages) {
      expect(await traces(path), path).toEqual([]);
      await axeClean();
    }
    await page.goto(`http://app.localhost:${port}/dev/mailbox`);
    expect(await page.content()).not.toContain(ida.membership);
    // Her own portal session is over, and the sign-in page knows nothing of her.
    await idaPage.goto(portal("/tickets"));
    await idaPage.waitForURL("**/help/sign-in**");
    expect(await idaPage.content()).not.toContain(ida.name);
    // Otto is still there.
    await page.goto(dashboard("/contacts"));
    await page.getByRole("link", { name: otto.name }).waitFor();

    expect(errors).toEqual([]);
    await member.close();
    await context.close();
  });
});
