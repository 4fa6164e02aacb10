// Every page of the demo, signed in and out, through the W3C Nu checker (vnu.jar): documents must be
// valid HTML as served to a browser, whole — no <style> in <body>, nothing after </html>.
// The pages are fetched first, then checked in one Java run (the JVM is slow to start).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed";
import { createAccount, createEmailLogEntry } from "../factories";
import { type Stack, startStack } from "../support/stack";

const DASHBOARD = "app.localhost";
const ACME_SUPPORT = "acme.portico-sites.localhost";
const ACME_PORTAL = "help.acme.localhost";
const GLOBEX = "globex.portico-sites.localhost";

/** Who a page is fetched as: a sign-in form to POST, or nobody. */
const SIGN_INS = {
  sam: { host: ACME_SUPPORT, path: "/support/sign-in", email: "sam@solo.example" },
  jan: { host: ACME_PORTAL, path: "/portal/sign-in", email: "jan.portal@klant.example" },
  max: { host: GLOBEX, path: "/hilfe/sign-in", email: "max@kunde.example" },
  owner: { host: DASHBOARD, path: "/sign-in", email: "owner@acme.example" },
  agent: { host: DASHBOARD, path: "/sign-in", email: "agent@acme.example" },
} as const;

type Page = {
  host: string;
  /** A path, or one worked out from the pages fetched so far (e.g. the first ticket in a list). */
  path: string | ((fetched: Map<string, string>) => string);
  as?: keyof typeof SIGN_INS;
  status?: number;
};

/** The first link to a ticket on an already fetched list. */
function firstTicket(listPage: string, slug: string) {
  return (fetched: Map<string, string>) => {
    const html = fetched.get(listPage) ?? "";
    const number = html.match(new RegExp(`href="/${slug}/tickets/(\\d+)"`))?.[1];
    if (!number) throw new Error(`no ticket link on ${listPage}`);
    return `/${slug}/tickets/${number}`;
  };
}

/** One portal's pages: the public ones signed out, the rest signed in as `as`. */
function portalPages(name: string, host: string, slug: string, as: keyof typeof SIGN_INS) {
  return {
    [`${name} home`]: { host, path: `/${slug}` },
    [`${name} sign-in`]: { host, path: `/${slug}/sign-in` },
    [`${name} register`]: { host, path: `/${slug}/register` },
    [`${name} register, bad link`]: { host, path: `/${slug}/register/not-a-token`, status: 410 },
    [`${name} join, bad link`]: { host, path: `/${slug}/join/not-a-token`, status: 410 },
    [`${name} forgot password`]: { host, path: `/${slug}/forgot-password` },
    [`${name} reset password, bad link`]: {
      host,
      path: `/${slug}/reset-password/not-a-token`,
      status: 410,
    },
    [`${name} tickets`]: { host, path: `/${slug}/tickets?status=all`, as },
    [`${name} ticket`]: { host, path: firstTicket(`${name} tickets`, slug), as },
    [`${name} new ticket`]: { host, path: `/${slug}/tickets/new`, as },
    [`${name} profile`]: { host, path: `/${slug}/profile`, as },
    [`${name} 404`]: { host, path: `/${slug}/no-such-page`, status: 404 },
  } satisfies Record<string, Page>;
}

/** Every page checked, in fetch order. Add new pages here. */
const PAGES: Record<string, Page> = {
  ...portalPages("acme support", ACME_SUPPORT, "support", "sam"),
  ...portalPages("acme portal", ACME_PORTAL, "portal", "jan"),
  ...portalPages("globex", GLOBEX, "hilfe", "max"),
  "no such portal": { host: ACME_SUPPORT, path: "/no-such-portal", status: 404 },
  "dashboard front page": { host: DASHBOARD, path: "/" },
  "dashboard front page, signed in": { host: DASHBOARD, path: "/", as: "owner" },
  "dashboard sign-in": { host: DASHBOARD, path: "/sign-in" },
  "dashboard sign-up": { host: DASHBOARD, path: "/sign-up" },
  "another account": { host: DASHBOARD, path: "/sign-up", as: "owner" },
  "verify email, bad link": { host: DASHBOARD, path: "/verify/not-a-token", status: 410 },
  "account settings": { host: DASHBOARD, path: "/a/acme/settings", as: "owner" },
  "dashboard reset password": { host: DASHBOARD, path: "/reset-password" },
  "dashboard reset password, bad link": {
    host: DASHBOARD,
    path: "/reset-password/not-a-token",
    status: 410,
  },
  "email log": { host: DASHBOARD, path: "/a/acme/email-log", as: "owner" },
  "account home": { host: DASHBOARD, path: "/a/acme", as: "owner" },
  "audit log": { host: DASHBOARD, path: "/a/acme/audit", as: "owner" },
  "import contacts": { host: DASHBOARD, path: "/a/acme/imports/new", as: "owner" },
  "portal members": {
    host: DASHBOARD,
    path: "/a/acme/portals/prt_acme_support/members",
    as: "owner",
  },
  "portal members, access groups": {
    host: DASHBOARD,
    path: "/a/acme/portals/prt_acme_portal/members",
    as: "owner",
  },
  "security settings": { host: DASHBOARD, path: "/a/acme/settings/security", as: "owner" },
  profile: { host: DASHBOARD, path: "/profile", as: "agent" },
  // Opening set-up stores a pending secret on this run's own database; nothing else changes.
  "two-factor set-up": { host: DASHBOARD, path: "/profile/two-factor", as: "agent" },
  "help desk preferences": { host: DASHBOARD, path: "/profile/help-desk", as: "agent" },
  ...Object.fromEntries(
    ["general", "display", "consent", "form", "branding", "preview"].map((tab) => [
      `portal settings: ${tab}`,
      { host: DASHBOARD, path: `/a/acme/portals/prt_acme_support/${tab}`, as: "owner" as const },
    ]),
  ),
  domains: { host: DASHBOARD, path: "/a/acme/domains", as: "owner" },
  "custom domain": { host: DASHBOARD, path: "/a/acme/domains/dom_acme_help", as: "owner" },
  "system domain": { host: DASHBOARD, path: "/a/acme/domains/dom_acme_system", as: "owner" },
  "dev dns": { host: DASHBOARD, path: "/dev/dns" },
  "forbidden to an agent": { host: DASHBOARD, path: "/a/acme/audit", as: "agent", status: 403 },
  team: { host: DASHBOARD, path: "/a/acme/team", as: "owner" },
  "access groups": { host: DASHBOARD, path: "/a/acme/access-groups", as: "owner" },
  "access group": {
    host: DASHBOARD,
    path: "/a/acme/access-groups/grp_key_accounts?q=a",
    as: "owner",
  },
  inboxes: { host: DASHBOARD, path: "/a/acme/inboxes", as: "owner" },
  "saved replies": { host: DASHBOARD, path: "/a/acme/saved-replies", as: "agent" },
  "saved reply": { host: DASHBOARD, path: "/a/acme/saved-replies/srp_acme_thanks", as: "agent" },
  tickets: { host: DASHBOARD, path: "/a/acme/tickets", as: "agent" },
  "agent ticket": { host: DASHBOARD, path: "/a/acme/tickets/1", as: "agent" },
  "new agent ticket": { host: DASHBOARD, path: "/a/acme/tickets/new", as: "agent" },
  "join, bad link": { host: DASHBOARD, path: "/join/not-a-token", status: 410 },
  portals: { host: DASHBOARD, path: "/a/acme/portals", as: "owner" },
  "wizard, name": { host: DASHBOARD, path: "/a/acme/portals/new/name", as: "owner" },
  "wizard, domain": { host: DASHBOARD, path: "/a/acme/portals/new/domain?name=Demo", as: "owner" },
  "portal domain tab": {
    host: DASHBOARD,
    path: "/a/acme/portals/prt_acme_portal/domain",
    as: "owner",
  },
  "portal tickets tab": {
    host: DASHBOARD,
    path: "/a/acme/portals/prt_acme_portal/tickets",
    as: "owner",
  },
  "portal access tab": {
    host: DASHBOARD,
    path: "/a/acme/portals/prt_acme_portal/access",
    as: "owner",
  },
  contacts: { host: DASHBOARD, path: "/a/acme/contacts", as: "owner" },
  "new contact": { host: DASHBOARD, path: "/a/acme/contacts/new", as: "owner" },
  contact: { host: DASHBOARD, path: "/a/acme/contacts/ctc_jan", as: "owner" },
  "contact, as an agent": { host: DASHBOARD, path: "/a/acme/contacts/ctc_jan", as: "agent" },
  companies: { host: DASHBOARD, path: "/a/acme/companies", as: "owner" },
  company: { host: DASHBOARD, path: "/a/acme/companies/cmp_klant", as: "owner" },
  "dev mailbox": { host: DASHBOARD, path: "/dev/mailbox" },
  "dev mailbox email": {
    host: DASHBOARD,
    path: (fetched) => {
      const id = fetched.get("dev mailbox")?.match(/href="\/dev\/mailbox\/([\w-]+)"/)?.[1];
      if (!id) throw new Error("no email in the dev mailbox");
      return `/dev/mailbox/${id}`;
    },
  },
  "dashboard 404": { host: DASHBOARD, path: "/no-such-page", status: 404 },
};

// What a browser sends, so the page is the one browsers get (crawlers may be served differently).
const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

const VNU_JAR = path.resolve(import.meta.dirname, "../../node_modules/vnu-jar/build/dist/vnu.jar");

type VnuMessage = {
  type: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
};

/** One Java run over all files; the checker's messages (errors only). */
function runVnu(files: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile(
      "java",
      ["-jar", VNU_JAR, "--errors-only", "--format", "json", ...files],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error && "code" in error && error.code === "ENOENT") {
          reject(
            new Error("java not found: apt-get install -y default-jre-headless (see .ci/run)"),
          );
          return;
        }
        try {
          resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages);
        } catch {
          reject(new Error(`vnu.jar failed (${error?.message ?? "no output"}): ${stderr}`));
        }
      },
    );
  });
}

describe("every demo page is valid HTML (Nu checker)", () => {
  let stack: Stack;
  let dir: string;
  const cookies = new Map<string, string>();

  async function request(host: string, pathname: string, init: RequestInit = {}) {
    return stack.mf.dispatchFetch(`http://${host}${pathname}`, {
      ...init,
      headers: { "User-Agent": BROWSER_USER_AGENT, ...(init.headers as Record<string, string>) },
      redirect: "manual",
    } as never);
  }

  async function signIn(who: keyof typeof SIGN_INS): Promise<string> {
    const known = cookies.get(who);
    if (known) return known;
    const { host, path: formPath, email } = SIGN_INS[who];
    const response = await request(host, formPath, {
      method: "POST",
      body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        // What a browser sends on a same-origin form POST (dispatchFetch's Host is Miniflare's
        // own address, so an Origin header would not match it).
        "Sec-Fetch-Site": "same-origin",
      },
    });
    await response.text();
    const cookie = response.headers.get("set-cookie")?.split(";")[0];
    if (response.status !== 302 || !cookie) {
      throw new Error(`${who} could not sign in (${response.status})`);
    }
    cookies.set(who, cookie);
    return cookie;
  }

  beforeAll(async () => {
    stack = await startStack();
    dir = mkdtempSync(path.join(tmpdir(), "portico-html-"));
    // The dev mailbox shows stored emails; this one belongs to an account of the test's own.
    const { accountId } = await createAccount(stack.db as unknown as Database);
    await createEmailLogEntry(stack.db as unknown as Database, {
      accountId,
      recipient: "casey@customer.example",
      subject: "Your ticket was received",
      html: '<!doctype html><html lang="en"><head><title>Received</title></head><body><p>Thanks.</p></body></html>',
      text: "Thanks. http://t.portico-sites.localhost/help/tickets/1",
    });
  });
  afterAll(async () => {
    await stack?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // A few dozen pages and one JVM start: more than the default minute on a busy machine.
  it("the Nu checker finds no error on any page", { timeout: 300_000 }, async () => {
    const fetched = new Map<string, string>();
    const files = new Map<string, string>();
    for (const [index, [name, page]] of Object.entries(PAGES).entries()) {
      const pathname = typeof page.path === "function" ? page.path(fetched) : page.path;
      const headers: Record<string, string> = page.as ? { Cookie: await signIn(page.as) } : {};
      const response = await request(page.host, pathname, { headers });
      const html = await response.text();
      expect(response.status, `${name}: ${page.host}${pathname}`).toBe(page.status ?? 200);
      expect(response.headers.get("content-type"), name).toMatch(/^text\/html/);
      fetched.set(name, html);
      const file = path.join(dir, `${String(index).padStart(2, "0")}.html`);
      writeFileSync(file, html);
      files.set(file, `${name} (${page.host}${pathname})`);
    }

    const messages = await runVnu([...files.keys()]);
    const pageOf = (url: string | undefined) => (url && files.get(fileURLToPath(url))) ?? url;
    const errors = messages
      .filter((message) => message.type === "error" || message.type === "non-document-error")
      .map(
        (message) =>
          `${pageOf(message.url)}, line ${message.lastLine ?? "?"}: ${message.message}` +
          (message.extract ? `\n    ${message.extract.replace(/\n/g, " ")}` : ""),
      );
    if (errors.length > 0) {
      expect.fail(`the Nu checker found ${errors.length} errors:\n${errors.join("\n")}`);
    }
  });
});
