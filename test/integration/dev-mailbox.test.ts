import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { extractInlineStyles, listDevMailbox } from "../../app/lib/email/dev-mailbox.server";
import { DEV_MAILBOX_PROVIDER_ID } from "../../app/lib/email/states";
import { createDb } from "../../db/client";
import app from "../../workers/app";
import { createAccount, createEmailLogEntry } from "../factories";

const db = createDb(env.DB);

const HTML = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Uitnodiging</title></head>
<body><p style="margin:0 0 16px;font-family:&#39;Segoe UI&#39;">Beste Piet,</p><a href="http://help.acme.localhost:8787/portal/join/tok123" style="color:#ffffff">Uitnodiging accepteren</a></body></html>`;
const TEXT =
  "Beste Piet,\n\nUitnodiging accepteren:\nhttp://help.acme.localhost:8787/portal/join/tok123\n";

let emailId: string;

beforeAll(async () => {
  const fixture = await createAccount(db);
  const older = await createEmailLogEntry(db, {
    accountId: fixture.accountId,
    createdAt: Date.now() - 60_000,
    subject: "An older email",
    recipient: "older@customer.example",
    providerId: DEV_MAILBOX_PROVIDER_ID,
    html: "<p>older</p>",
    text: "older",
  });
  const email = await createEmailLogEntry(db, {
    accountId: fixture.accountId,
    kind: "access_group_invite",
    subject: "U bent uitgenodigd voor <Acme>",
    recipient: "piet@klant.example",
    providerId: DEV_MAILBOX_PROVIDER_ID,
    html: HTML,
    text: TEXT,
  });
  // Logged without a body (e.g. skipped): not a mailbox email.
  await createEmailLogEntry(db, {
    accountId: fixture.accountId,
    status: "skipped",
    subject: "Never sent",
  });
  emailId = email.id;
  expect(older.createdAt).toBeLessThan(email.createdAt);
});

async function get(url: string) {
  const response = await SELF.fetch(url, { redirect: "manual" });
  return { response, body: await response.text() };
}

/**
 * The app worker with other variables, by default DEV_MODE off, as production runs it (and so with
 * the real DNS-over-HTTPS endpoint: the local one exists only with DEV_MODE).
 */
async function getInProduction(
  url: string,
  vars: Partial<typeof env> = { DEV_MODE: undefined, DOH_URL: undefined },
) {
  const ctx = createExecutionContext();
  const request = new Request(url) as Parameters<typeof app.fetch>[0];
  const response = await app.fetch(request, { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return { response, body: await response.text() };
}

describe("the dev mailbox with DEV_MODE on", () => {
  it("lists the emails with a body, newest first", async () => {
    const { response, body } = await get("http://app.localhost/dev/mailbox");
    expect(response.status).toBe(200);
    expect(body).toContain("<h1>Dev mailbox</h1>");
    expect(body).toContain("U bent uitgenodigd voor &lt;Acme&gt;");
    expect(body).toContain("piet@klant.example");
    expect(body).toContain(`href="/dev/mailbox/${emailId}"`);
    expect(body.indexOf("U bent uitgenodigd")).toBeLessThan(body.indexOf("An older email"));
    expect(body).not.toContain("Never sent");
  });

  it("pages through older emails", async () => {
    const first = await listDevMailbox(db, { limit: 1 });
    expect(first.entries.map((entry) => entry.id)).toEqual([emailId]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listDevMailbox(db, { limit: 1, cursor: first.nextCursor });
    expect(second.entries.map((entry) => entry.subject)).toEqual(["An older email"]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows an email: the HTML in a sandboxed frame, the text with clickable links", async () => {
    const { response, body } = await get(`http://app.localhost/dev/mailbox/${emailId}`);
    expect(response.status).toBe(200);
    const iframe = /<iframe[^>]*>/.exec(body)?.[0] ?? "";
    expect(iframe).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(iframe).not.toContain("allow-scripts");
    expect(iframe).not.toContain("allow-same-origin");
    // The email travels escaped inside the srcdoc attribute, with links opening a new tab.
    expect(iframe).toMatch(/ srcdoc="/i);
    expect(iframe).toContain("&lt;base target=&quot;_blank&quot;&gt;");
    expect(iframe).toContain(
      "&lt;a href=&quot;http://help.acme.localhost:8787/portal/join/tok123&quot; data-inline-style=&quot;1&quot;&gt;",
    );
    // Its inline styles come from a stylesheet the page's CSP allows (style attributes it blocks).
    expect(iframe).toContain(
      `&lt;link rel=&quot;stylesheet&quot; href=&quot;/dev/mailbox/${emailId}/styles.css&quot;&gt;`,
    );
    expect(iframe).toContain("&lt;p data-inline-style=&quot;0&quot;&gt;Beste Piet,");
    expect(iframe).not.toContain(" style=&quot;");
    expect(body).toContain(
      '<a href="http://help.acme.localhost:8787/portal/join/tok123" target="_blank" rel="noreferrer">',
    );
    expect(body).toContain("Beste Piet,");
  });

  it("serves the email's inline styles as its frame's stylesheet", async () => {
    const { response, body } = await get(`http://app.localhost/dev/mailbox/${emailId}/styles.css`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(body).toBe(
      `[data-inline-style="0"] { margin:0 0 16px;font-family:'Segoe UI' }\n[data-inline-style="1"] { color:#ffffff }\n`,
    );
  });

  it("keeps the page's security headers", async () => {
    const { response } = await get(`http://app.localhost/dev/mailbox/${emailId}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("is a 404 for an unknown email", async () => {
    expect((await get("http://app.localhost/dev/mailbox/eml_nope")).response.status).toBe(404);
  });
});

describe("the dev mailbox is a 404 everywhere else", () => {
  it.each([
    ["a portal host", "http://help.acme.localhost/dev/mailbox"],
    ["a system-domain portal host", "http://acme.portico-sites.localhost/dev/mailbox"],
  ])("on %s", async (_, url) => {
    expect((await get(url)).response.status).toBe(404);
    for (const path of [`/dev/mailbox/${emailId}`, `/dev/mailbox/${emailId}/styles.css`]) {
      expect((await get(url.replace("/dev/mailbox", path))).response.status).toBe(404);
    }
  });

  it.each(["/dev/mailbox", "/dev/mailbox.data"])("without DEV_MODE (%s)", async (path) => {
    const list = await getInProduction(`http://app.localhost${path}`);
    expect(list.response.status).toBe(404);
    expect(list.body).not.toContain("piet@klant.example");
    const email = await getInProduction(`http://app.localhost/dev/mailbox/${emailId}`);
    expect(email.response.status).toBe(404);
    expect(email.body).not.toContain("Beste Piet");
    const styles = await getInProduction(`http://app.localhost/dev/mailbox/${emailId}/styles.css`);
    expect(styles.response.status).toBe(404);
  });

  it.each([
    "/dev/mailbox",
    "/dev/mailbox.data",
    "/dev/mailbox/{id}",
    "/dev/mailbox/{id}/styles.css",
  ])("with DEV_MODE on a deployed dashboard host (%s)", async (path) => {
    const url = `https://app.portico.dev${path.replace("{id}", emailId)}`;
    const { response, body } = await getInProduction(url, {
      DEV_MODE: "true",
      DASHBOARD_HOST: "app.portico.dev",
    });
    expect(response.status).toBe(404);
    expect(body).not.toContain("piet@klant.example");
    expect(body).not.toContain("Beste Piet");
  });
});

describe("extractInlineStyles", () => {
  it("moves each style attribute into a rule, in order", () => {
    expect(
      extractInlineStyles('<p style="color:red">a</p><td bgcolor="#fff" style="padding:1px">'),
    ).toEqual({
      html: '<p data-inline-style="0">a</p><td bgcolor="#fff" data-inline-style="1">',
      css: '[data-inline-style="0"] { color:red }\n[data-inline-style="1"] { padding:1px }\n',
    });
  });

  it("keeps a declaration from closing its rule", () => {
    const { css } = extractInlineStyles('<p style="color:red}body{display:none">');
    expect(css).toBe('[data-inline-style="0"] { color:redbodydisplay:none }\n');
  });

  it("leaves text that merely mentions a style alone", () => {
    const html = "<p>style=&quot;color:red&quot;</p>";
    expect(extractInlineStyles(html).html).toBe(html);
  });
});
