// A whole help-desk conversation in two browsers: a customer opens a ticket in a Dutch portal, an
// agent answers it on the dashboard and adds an internal note, the customer sees the answer and
// never the note (not in the page, not in its `.data`), replies, and the agent's queue puts the
// ticket first as "customer replied" before the agent closes it. Each side is told by email in the
// dev mailbox. With JavaScript on and off.
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Database } from "../../db/client";
import { emailLog, tickets } from "../../db/schema";
import { createAccount, createContact } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createTeam } from "../support/dashboard";
import { freePort } from "../support/port";
import { eventually, type Stack, startStack } from "../support/stack";

const PASSWORD = "tulip canal 2031";

describe("a help-desk conversation in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let db: Database;
  let port: number;
  let passwordHash: string;

  beforeAll(async () => {
    port = await freePort();
    // Email links name the local port, as they do under `npm start`.
    [stack, browser, passwordHash] = await Promise.all([
      startStack({ port, emailBindings: { LOCAL_PORT: String(port) } }),
      launchBrowser(),
      hashPassword(PASSWORD),
    ]);
    db = stack.db as unknown as Database;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  /** The email of this kind sent to this address, as the dev mailbox shows it (text part). */
  async function mailbox(page: Page, recipient: string, kind: string): Promise<string> {
    const row = await eventually(
      async () => {
        const [sent] = await db
          .select({ id: emailLog.id })
          .from(emailLog)
          .where(
            and(
              eq(emailLog.recipient, recipient),
              eq(emailLog.kind, kind),
              eq(emailLog.status, "sent"),
            ),
          );
        return sent;
      },
      { timeoutMs: 20_000 },
    );
    await page.goto(at("app.localhost", `/dev/mailbox/${row.id}`));
    return (await page.locator("main").textContent()) ?? "";
  }

  it.each([
    ["on", true],
    ["off", false],
  ])(
    "with JavaScript %s",
    async (_, javaScriptEnabled) => {
      const id = crypto.randomUUID().slice(0, 8);
      const fixture = await createAccount(db, { name: `Klant ${id}`, language: "nl" });
      const team = await createTeam(db, fixture);
      const contact = await createContact(db, fixture.accountId, {
        name: "Jan de Vries",
        email: `jan-${id}@klant.example`,
        membershipEmail: `jan.portal-${id}@klant.example`,
        passwordHash,
        // On an "anyone with a ticket" portal, signing in takes a ticket.
        withTicket: { inboxId: fixture.inboxId },
      });
      const subject = `VPN valt weg ${id}`;
      const REPLY = `Herstart de VPN-client, ${id}.`;
      const NOTE = `INTERNAL-NOTE-${id}`;
      const CUSTOMER_REPLY = `Het werkt weer, dank u ${id}.`;

      const customerContext = await browser.newContext({ javaScriptEnabled });
      const agentContext: BrowserContext = await browser.newContext({ javaScriptEnabled });
      const [cookieName, cookieValue] = team.agent.cookie.split("=") as [string, string];
      await agentContext.addCookies([
        { name: cookieName, value: cookieValue, domain: "app.localhost", path: "/" },
      ]);
      try {
        const customer = await customerContext.newPage();
        const agent = await agentContext.newPage();
        customer.setDefaultTimeout(15_000);
        agent.setDefaultTimeout(15_000);
        const customerErrors = collectErrors(customer);
        const agentErrors = collectErrors(agent);
        const portal = (path: string) => at(fixture.hostname, `/help${path}`);

        // The customer, in Dutch, opens a ticket.
        await customer.goto(portal("/sign-in"));
        expect(await customer.getAttribute("html", "lang")).toBe("nl");
        await customer.getByLabel("E-mailadres").fill(contact.signInEmail);
        await customer.getByLabel("Wachtwoord").fill(PASSWORD);
        await customer.getByRole("button", { name: "Inloggen" }).click();
        await customer.waitForURL("**/help/tickets");
        await customer.goto(portal("/tickets/new"));
        await customer.getByLabel("Onderwerp").fill(subject);
        await customer.getByLabel("Beschrijving").fill("Sinds vanochtend valt de VPN steeds weg.");
        await customer.getByRole("button", { name: "Ticket versturen" }).click();
        await customer.waitForURL("**/help/tickets/*?done=created");
        const number = Number(/tickets\/(\d+)/.exec(customer.url())?.[1]);
        const ticketPath = `/tickets/${number}`;

        // The agent finds it first in the queue, answers it and adds a note.
        const queue = at("app.localhost", `/a/${team.slug}/tickets`);
        await agent.goto(queue);
        const first = agent.locator("table tbody tr").first();
        expect(await first.getAttribute("data-ticket")).toBe(String(number));
        await first.getByRole("link", { name: subject }).click();
        await agent.waitForURL(`**/a/${team.slug}/tickets/${number}`);
        await agent.getByLabel("Message").fill(REPLY);
        await agent.getByRole("button", { name: "Send reply" }).click();
        await agent.getByText("Your reply was sent.").waitFor();
        await agent.getByLabel("Message").fill(NOTE);
        await agent.getByRole("button", { name: "Add internal note" }).click();
        await agent.getByText("The note was added.").waitFor();
        // Written, not taken for a repeat of the reply: after the reply the form carries a new key.
        expect(await agent.locator("main").textContent()).toContain(NOTE);
        // axe runs as a script in the page: only where the page runs scripts.
        if (javaScriptEnabled) expect(await accessibilityViolations(agent)).toEqual([]);

        // The customer sees the answer under the agent's first name, and never the note.
        await customer.goto(portal(ticketPath));
        const thread = (await customer.locator("main").textContent()) ?? "";
        expect(thread).toContain(REPLY);
        expect(thread).toContain("Alex");
        expect(thread).not.toContain("Alex Agent");
        expect(thread).not.toContain(NOTE);
        expect(await customer.content()).not.toContain(NOTE);
        // The route's `.data`, with the customer's session, straight to the worker.
        const cookie = (await customerContext.cookies())
          .map((entry) => `${entry.name}=${entry.value}`)
          .join("; ");
        const data = await stack.mf.dispatchFetch(portal(`${ticketPath}.data`), {
          headers: { cookie },
        });
        expect(data.status).toBe(200);
        const dataText = await data.text();
        expect(dataText).toContain(REPLY);
        expect(dataText).not.toContain(NOTE);

        // The customer replies.
        await customer.getByLabel("Uw antwoord").fill(CUSTOMER_REPLY);
        await customer.getByRole("button", { name: "Antwoord versturen" }).click();
        await customer.getByText("Uw antwoord is verstuurd.").waitFor();
        expect(await customer.locator("main").textContent()).toContain(CUSTOMER_REPLY);

        // The agent's queue shows that ticket first, as "customer replied"; the agent closes it.
        await agent.goto(queue);
        const top = agent.locator("table tbody tr").first();
        expect(await top.getAttribute("data-ticket")).toBe(String(number));
        expect(await top.textContent()).toContain("Customer replied");
        await top.getByRole("link", { name: subject }).click();
        await agent.waitForURL(`**/a/${team.slug}/tickets/${number}`);
        await agent.getByText(CUSTOMER_REPLY).waitFor();
        await agent.getByLabel("Stage").selectOption("closed");
        await agent.getByRole("button", { name: "Save changes" }).click();
        await agent.getByText("The ticket was updated.").waitFor();
        const [closed] = await db
          .select({ status: tickets.status })
          .from(tickets)
          .where(and(eq(tickets.accountId, fixture.accountId), eq(tickets.number, number)));
        expect(closed?.status).toBe("closed");

        // Everyone was told: the customer at their membership address, the agent of both events.
        const replied = await mailbox(customer, contact.signInEmail, "agent_replied");
        expect(replied).toContain(REPLY);
        expect(replied).not.toContain(NOTE);
        expect(replied).toContain(at(fixture.hostname, `/help${ticketPath}`));
        const agentLink = at("app.localhost", `/a/${team.slug}/tickets/${number}`);
        const opened = await mailbox(agent, team.agent.email, "new_ticket");
        expect(opened).toContain(`New ticket #${number}: ${subject}`);
        expect(opened).toContain("Sinds vanochtend valt de VPN steeds weg.");
        expect(opened).toContain(agentLink);
        const answered = await mailbox(agent, team.agent.email, "customer_replied");
        expect(answered).toContain(`Jan de Vries replied on #${number}: ${subject}`);
        expect(answered).toContain(CUSTOMER_REPLY);
        expect(answered).toContain(agentLink);
        expect(answered).not.toContain(NOTE);
        // Nothing went to the address the contact does not sign in with.
        const toOldAddress = await db
          .select({ id: emailLog.id })
          .from(emailLog)
          .where(eq(emailLog.recipient, contact.email));
        expect(toOldAddress).toEqual([]);
        expect(customerErrors).toEqual([]);
        expect(agentErrors).toEqual([]);
      } finally {
        await customerContext.close();
        await agentContext.close();
      }
    },
    120_000,
  );

  it.each([
    ["on", true],
    ["off", false],
  ])(
    "an agent turns off reply emails on the profile, with JavaScript %s",
    async (_, javaScriptEnabled) => {
      const id = crypto.randomUUID().slice(0, 8);
      const fixture = await createAccount(db, { name: `Voorkeur ${id}`, language: "nl" });
      const team = await createTeam(db, fixture);
      const contact = await createContact(db, fixture.accountId, {
        name: "Jan de Vries",
        passwordHash,
        withTicket: { inboxId: fixture.inboxId },
      });
      const context = await browser.newContext({ javaScriptEnabled });
      const [cookieName, cookieValue] = team.agent.cookie.split("=") as [string, string];
      await context.addCookies([
        { name: cookieName, value: cookieValue, domain: "app.localhost", path: "/" },
      ]);
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const errors = collectErrors(page);
        await page.goto(at("app.localhost", "/profile"));
        await page.getByRole("link", { name: /Help desk preferences/ }).click();
        await page.waitForURL("**/profile/help-desk");
        const form = page.getByRole("region", { name: `Preferences for Voorkeur ${id}` });
        const replies = form.getByLabel("Email me when a customer replies");
        expect(await replies.isChecked()).toBe(true);
        await replies.uncheck();
        await form.getByRole("button", { name: `Save preferences for Voorkeur ${id}` }).click();
        await page.getByText(`Your preferences for Voorkeur ${id} were saved.`).waitFor();
        expect(await form.getByLabel("Email me when a customer replies").isChecked()).toBe(false);
        expect(await form.getByLabel("Email me about new tickets").isChecked()).toBe(true);
        expect(await form.getByLabel("Keyboard shortcuts on").isChecked()).toBe(true);
        if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
        expect(errors).toEqual([]);

        // The customer replies on their ticket: the owner is told, the agent no longer.
        const customer = await context.newPage();
        customer.setDefaultTimeout(15_000);
        await customer.goto(at(fixture.hostname, "/help/sign-in"));
        await customer.getByLabel("E-mailadres").fill(contact.signInEmail);
        await customer.getByLabel("Wachtwoord").fill(PASSWORD);
        await customer.getByRole("button", { name: "Inloggen" }).click();
        await customer.waitForURL("**/help/tickets");
        await customer.goto(at(fixture.hostname, "/help/tickets/1"));
        await customer.getByLabel("Uw antwoord").fill("Nog een vraag.");
        await customer.getByRole("button", { name: "Antwoord versturen" }).click();
        await customer.getByText("Uw antwoord is verstuurd.").waitFor();
        // One batch queues every recipient's email: once the owner's is there, all are.
        await mailbox(customer, team.owner.email, "customer_replied");
        const queuedForAgent = await db
          .select({ payload: emailLog.payload })
          .from(emailLog)
          .where(
            and(eq(emailLog.accountId, fixture.accountId), eq(emailLog.kind, "customer_replied")),
          );
        expect(
          queuedForAgent.map((row) => (row.payload as { userId: string }).userId),
        ).not.toContain(team.agent.userId);
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});
