// Files on a ticket in real browsers, with JavaScript on and off: jan (a customer of a Dutch
// portal) first picks a file past the limit and is told so in Dutch with his text kept, then
// attaches a screenshot to his reply; the picture shows inline in his thread, its download carries
// the sandboxing headers, and the agent sees the file on the dashboard and downloads the same bytes.
// The agent's internal note carries a file too, which never reaches jan.
import { readFile } from "node:fs/promises";
import { deflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import type { Database } from "../../db/client";
import { attachments } from "../../db/schema";
import { createAccount, createContact } from "../factories";
import { accessibilityViolations, collectErrors, launchBrowser } from "../support/browser";
import { createTeam } from "../support/dashboard";
import { freePort } from "../support/port";
import { type Stack, startStack } from "../support/stack";
import { TEST_VARS } from "../support/vars";

const PASSWORD = "tulip canal 2031";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real PNG (a solid colour, width × height), so the browser can decode and show it. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x3c)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("attachments in Chromium", () => {
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

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  /** Whether the page's image of that name has been decoded and laid out (shown, not broken). */
  async function imageShown(page: Page, name: string): Promise<boolean> {
    const image = page.getByRole("img", { name });
    await image.waitFor();
    return image.evaluate(async (node) => {
      const img = node as HTMLImageElement;
      await img.decode().catch(() => undefined);
      return img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0;
    });
  }

  it.each([
    ["on", true],
    ["off", false],
  ])(
    "jan attaches a screenshot to a reply and the agent downloads it, with JavaScript %s",
    async (_, javaScriptEnabled) => {
      const id = crypto.randomUUID().slice(0, 8);
      const fixture = await createAccount(db, { name: `Bijlage ${id}`, language: "nl" });
      const team = await createTeam(db, fixture);
      const contact = await createContact(db, fixture.accountId, {
        name: "Jan de Vries",
        passwordHash,
        withTicket: { inboxId: fixture.inboxId },
      });
      const TEXT = `Zie de schermafbeelding, ${id}.`;
      const fileName = `scherm-${id}.png`;
      const screenshot = png(40, 30);
      const maxFileBytes = Number(TEST_VARS.ATTACHMENT_MAX_FILE_BYTES);
      const tooLarge = Buffer.alloc(maxFileBytes + 1024, 0x41);
      const rows = () =>
        db.select().from(attachments).where(eq(attachments.accountId, fixture.accountId));

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

        await customer.goto(portal("/sign-in"));
        await customer.getByLabel("E-mailadres").fill(contact.signInEmail);
        await customer.getByLabel("Wachtwoord").fill(PASSWORD);
        await customer.getByRole("button", { name: "Inloggen" }).click();
        await customer.waitForURL("**/help/tickets");
        await customer.goto(portal("/tickets/1"));
        // The portal says plainly that files are not scanned.
        expect(await customer.locator("main").textContent()).toContain(
          "Bestanden worden niet op malware gecontroleerd.",
        );

        // A file past the limit: told in Dutch next to the field, the text kept, nothing stored.
        // With JavaScript the browser checks before sending: the file never leaves it.
        const posts: string[] = [];
        customer.on("request", (request) => {
          if (request.method() === "POST") posts.push(request.resourceType());
        });
        const files = customer.getByLabel("Bestanden bijvoegen");
        await customer.getByLabel("Uw antwoord").fill(TEXT);
        await files.setInputFiles({ name: "groot.png", mimeType: "image/png", buffer: tooLarge });
        await customer.getByRole("button", { name: "Antwoord versturen" }).click();
        const limitMessage = customer
          .locator(".attachment-input .field-errors")
          .getByText("Elk bestand mag hoogstens 256 kB zijn.");
        await limitMessage.waitFor();
        expect(await customer.getByLabel("Uw antwoord").inputValue()).toBe(TEXT);
        expect(await files.getAttribute("aria-invalid")).toBe("true");
        expect(await rows()).toEqual([]);
        expect(posts).toEqual(javaScriptEnabled ? [] : ["document"]);

        // A kind of file the account does not accept (a program, whatever its name claims): the
        // server says so, in Dutch, next to the field (with JavaScript, from the page it answered
        // the upload with), the text kept, nothing stored.
        await files.setInputFiles({
          name: "programma.png",
          mimeType: "image/png",
          buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xfe]),
        });
        await customer.getByRole("button", { name: "Antwoord versturen" }).click();
        await customer
          .locator(".attachment-input .field-errors")
          .getByText("“programma.png” kan niet worden bijgevoegd", { exact: false })
          .waitFor();
        expect(await customer.getByLabel("Uw antwoord").inputValue()).toBe(TEXT);
        expect(await rows()).toEqual([]);
        expect(posts).toEqual(javaScriptEnabled ? ["xhr"] : ["document", "document"]);

        // The screenshot. With JavaScript it is pasted into the message, a note is dropped on the
        // form, both are listed with their sizes, and the note and the refused file are taken off
        // the list again; without, it is picked in the field.
        if (javaScriptEnabled) {
          await customer.evaluate(
            ({ name, bytes }) => {
              const pasted = new DataTransfer();
              pasted.items.add(new File([new Uint8Array(bytes)], name, { type: "image/png" }));
              const paste = new ClipboardEvent("paste", { clipboardData: pasted, bubbles: true });
              document.querySelector("textarea")?.dispatchEvent(paste);
              const dropped = new DataTransfer();
              dropped.items.add(new File(["notitie"], "notitie.txt", { type: "text/plain" }));
              const drop = new DragEvent("drop", { dataTransfer: dropped, bubbles: true });
              document.querySelector("textarea")?.dispatchEvent(drop);
            },
            { name: fileName, bytes: [...screenshot] },
          );
          const chosen = customer.locator(".attachment-chosen li");
          await chosen.nth(2).waitFor();
          expect(await chosen.allTextContents()).toEqual([
            expect.stringContaining("programma.png"),
            expect.stringContaining(`${fileName} ${screenshot.length} byte`),
            expect.stringContaining("notitie.txt 7 byte"),
          ]);
          // The text stays as typed: a paste of files adds files only.
          expect(await customer.getByLabel("Uw antwoord").inputValue()).toBe(TEXT);
          await chosen.nth(2).getByRole("button", { name: "Verwijderen" }).click();
          await chosen.nth(0).getByRole("button", { name: "Verwijderen" }).click();
          await expect
            .poll(() => chosen.allTextContents())
            .toEqual([expect.stringContaining(fileName)]);
          expect(await limitMessage.count()).toBe(0);
          expect(await files.getAttribute("aria-invalid")).toBeNull();
        } else {
          await files.setInputFiles({ name: fileName, mimeType: "image/png", buffer: screenshot });
        }
        await customer.getByRole("button", { name: "Antwoord versturen" }).click();
        await customer.getByText("Uw antwoord is verstuurd.").waitFor();
        expect(await customer.locator(".thread").textContent()).toContain(TEXT);
        // With JavaScript the files go by XMLHttpRequest, the request that reports progress.
        expect(posts.at(-1)).toBe(javaScriptEnabled ? "xhr" : "document");

        const [row] = await rows();
        expect(row).toMatchObject({
          fileName,
          size: screenshot.length,
          mime: "image/png",
          kind: "image",
          status: "attached",
          uploaderContactId: contact.contactId,
        });
        expect(await rows()).toHaveLength(1);

        // Shown inline in jan's thread, a link with its name beside it.
        expect(await imageShown(customer, fileName)).toBe(true);
        const link = customer.locator(".thread").getByRole("link", { name: fileName });
        const href = await link.getAttribute("href");
        expect(href).toBe(`/help/tickets/1/attachments/${row?.id}`);
        if (javaScriptEnabled) expect(await accessibilityViolations(customer)).toEqual([]);

        // The download itself, with jan's session, straight to the worker: inline (a raster
        // image), sandboxed, unsniffed.
        const fileUrl = portal(`/tickets/1/attachments/${row?.id}`);
        const cookie = (await customerContext.cookies())
          .map((entry) => `${entry.name}=${entry.value}`)
          .join("; ");
        const download = await stack.mf.dispatchFetch(fileUrl, { headers: { cookie } });
        expect(download.status).toBe(200);
        expect(download.headers.get("content-type")).toBe("image/png");
        expect(download.headers.get("content-disposition")).toMatch(/^inline; filename="scherm-/);
        expect(download.headers.get("content-security-policy")).toMatch(/^sandbox;/);
        expect(download.headers.get("x-content-type-options")).toBe("nosniff");
        expect(Buffer.from(await download.arrayBuffer()).equals(screenshot)).toBe(true);

        // The agent sees the file in the thread and downloads the same bytes.
        await agent.goto(at("app.localhost", `/a/${team.slug}/tickets/1`));
        expect(await imageShown(agent, fileName)).toBe(true);
        const agentLink = agent.getByRole("link", { name: fileName });
        const [saved] = await Promise.all([agent.waitForEvent("download"), agentLink.click()]);
        expect(saved.suggestedFilename()).toBe(fileName);
        const path = await saved.path();
        expect((await readFile(path)).equals(screenshot)).toBe(true);
        if (javaScriptEnabled) expect(await accessibilityViolations(agent)).toEqual([]);

        // The agent adds an internal note with a file of its own: jan never sees that file, not
        // in his page, not in its `.data`, not at its address.
        const NOTE = `INTERNAL-${id}`;
        const noteFile = `intern-${id}.txt`;
        const agentPosts: string[] = [];
        agent.on("request", (request) => {
          if (request.method() === "POST") agentPosts.push(request.resourceType());
        });
        await agent.getByLabel("Message").fill(NOTE);
        await agent.getByLabel("Attach files").setInputFiles({
          name: noteFile,
          mimeType: "text/plain",
          buffer: Buffer.from(`internal notes ${id}\n`),
        });
        await agent.getByRole("button", { name: "Add internal note" }).click();
        await agent.getByText("The note was added.").waitFor();
        expect(agentPosts).toEqual([javaScriptEnabled ? "xhr" : "document"]);
        await agent.getByRole("link", { name: noteFile }).waitFor();
        const [noteRow] = await db
          .select()
          .from(attachments)
          .where(eq(attachments.fileName, noteFile));
        expect(noteRow).toMatchObject({ status: "attached", uploaderUserId: team.agent.userId });
        await customer.reload();
        expect(await customer.content()).not.toContain(noteFile);
        const data = await stack.mf.dispatchFetch(portal("/tickets/1.data"), {
          headers: { cookie },
        });
        expect(data.status).toBe(200);
        const dataText = await data.text();
        expect(dataText).toContain(fileName);
        expect(dataText).not.toContain(noteFile);
        expect(dataText).not.toContain(NOTE);
        const noteDownload = await stack.mf.dispatchFetch(
          portal(`/tickets/1/attachments/${noteRow?.id}`),
          { headers: { cookie } },
        );
        expect(noteDownload.status).toBe(404);
        await noteDownload.arrayBuffer();

        // Signed out, the same address is a 404.
        const signedOut = await stack.mf.dispatchFetch(fileUrl);
        expect(signedOut.status).toBe(404);
        await signedOut.arrayBuffer();
        expect(customerErrors).toEqual([]);
        expect(agentErrors).toEqual([]);
      } finally {
        await customerContext.close();
        await agentContext.close();
      }
    },
    120_000,
  );
});
