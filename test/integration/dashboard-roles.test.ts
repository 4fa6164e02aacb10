// Every page under /a/{account}, read from the route files and the roles each declares in its
// `handle`: a member without the role gets 403 and changes nothing; a member of another account gets
// 404 and changes nothing, with this account's ids in the URL. No hand-made list of routes.
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DashboardHandle } from "../../app/lib/dashboard/roles";
import { newId } from "../../app/lib/db/ids";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import {
  type AccountFixture,
  createAccessGroup,
  createAccount,
  createCompany,
  createContact,
  createSavedReplyFixture,
  createTicket,
  createTicketMessage,
} from "../factories";
import { storeAttachment } from "../support/attachments";
import { accountUrl, createMember, createTeam, DASHBOARD, type Team } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

type RouteModule = { handle?: DashboardHandle; loader?: unknown; action?: unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/a.*.tsx", { eager: true });

type Fixture = {
  account: AccountFixture;
  team: Team;
  ticketNumber: number;
  importId: string;
  contactId: string;
  companyId: string;
  groupId: string;
  savedReplyId: string;
  attachmentId: string;
};

/**
 * The value of a route's `$param` in this account's data, by the segment before it. A new kind of
 * id gets a row here; an unknown one fails the test so no route is left out.
 */
function paramValue(before: string, param: string, fixture: Fixture): string {
  if (param === "account") return fixture.team.slug;
  const key = `${before}.$${param}`;
  const values: Record<string, string> = {
    "portals.$id": fixture.account.portalIds[0] ?? "",
    "new.$step": "name",
    "$id.$tab": "general",
    "tickets.$number": String(fixture.ticketNumber),
    "domains.$id": fixture.account.domainId,
    "inboxes.$id": fixture.account.inboxId,
    "imports.$id": fixture.importId,
    "contacts.$id": fixture.contactId,
    "companies.$id": fixture.companyId,
    "access-groups.$id": fixture.groupId,
    "saved-replies.$id": fixture.savedReplyId,
    "attachments.$id": fixture.attachmentId,
  };
  const value = values[key];
  if (value === undefined) throw new Error(`No test value for ${key}: add one to paramValue`);
  return value;
}

/** `../../app/routes/a.$account.portals.$id.$tab.tsx` → `/portals/{id}/general` (after the account). */
function pathOf(file: string, fixture: Fixture): string {
  const name = file.replace(/^.*\/routes\//, "").replace(/\.tsx$/, "");
  const segments = name
    .replaceAll("[.]", "~")
    .split(".")
    .map((segment) => segment.replaceAll("~", "."));
  const parts: string[] = [];
  segments.forEach((segment, index) => {
    if (segment === "_index" || segment.startsWith("_")) return;
    const clean = segment.replace(/_$/, "");
    parts.push(
      clean.startsWith("$")
        ? paramValue(segments[index - 1] ?? "", clean.slice(1), fixture)
        : clean,
    );
  });
  return `/${parts.join("/")}`;
}

/** Where a form of the route posts: an index route's action is addressed with `?index`. */
const actionUrl = (file: string, url: string) =>
  file.endsWith("_index.tsx") ? `${url}?index` : url;

const routes = Object.entries(modules).map(([file, module]) => ({
  file: file.replace(/^.*\/routes\//, ""),
  module,
}));

/** What an action could have changed: the account's own rows, as one comparable value. */
async function accountState(accountId: string) {
  const [account, portals, members, invites, audit, domains, inboxes, portalMembers, ...rest] =
    await Promise.all([
      db.select().from(s.accounts).where(eq(s.accounts.id, accountId)),
      db.select().from(s.portals).where(eq(s.portals.accountId, accountId)),
      db.select().from(s.memberships).where(eq(s.memberships.accountId, accountId)),
      db.select().from(s.teamInvites).where(eq(s.teamInvites.accountId, accountId)),
      db.select().from(s.auditLog).where(eq(s.auditLog.accountId, accountId)),
      db.select().from(s.domains).where(eq(s.domains.accountId, accountId)),
      db.select().from(s.inboxes).where(eq(s.inboxes.accountId, accountId)),
      db.select().from(s.portalMembers).where(eq(s.portalMembers.accountId, accountId)),
      db.select().from(s.contacts).where(eq(s.contacts.accountId, accountId)),
      db.select().from(s.companies).where(eq(s.companies.accountId, accountId)),
      db.select().from(s.accessGroups).where(eq(s.accessGroups.accountId, accountId)),
      db.select().from(s.accessGroupMembers).where(eq(s.accessGroupMembers.accountId, accountId)),
      db.select().from(s.portalAccessGroups).where(eq(s.portalAccessGroups.accountId, accountId)),
      db.select().from(s.imports).where(eq(s.imports.accountId, accountId)),
      db.select().from(s.tickets).where(eq(s.tickets.accountId, accountId)),
      db.select().from(s.savedReplies).where(eq(s.savedReplies.accountId, accountId)),
    ]);
  return JSON.stringify({
    account,
    portals,
    members,
    invites,
    audit,
    domains,
    inboxes,
    portalMembers,
    rest,
  });
}

describe("dashboard roles, from the routes' own declarations", () => {
  let fixture: Fixture;
  let outsider: Awaited<ReturnType<typeof createMember>>;

  beforeAll(async () => {
    const account = await createAccount(db, { name: "Roles Ltd" });
    const team = await createTeam(db, account);
    const contact = await createContact(db, account.accountId);
    const { number, ticketId } = await createTicket(db, account, { contactId: contact.contactId });
    const { messageId } = await createTicketMessage(db, {
      accountId: account.accountId,
      ticketId,
      body: "With a file.",
      author: { contactId: contact.contactId },
    });
    const attachment = await storeAttachment(db, env.ATTACHMENTS, {
      accountId: account.accountId,
      ticketId,
      messageId,
      uploader: { contactId: contact.contactId },
    });
    const importId = newId("imp");
    await db.insert(s.imports).values({
      id: importId,
      accountId: account.accountId,
      fileName: "c.csv",
      header: ["Email"],
      mapping: ["email"],
    });
    const groupId = await createAccessGroup(db, account.accountId, account.portalIds[0] ?? "");
    const companyId = await createCompany(db, account.accountId);
    const savedReplyId = await createSavedReplyFixture(db, account.accountId);
    fixture = {
      account,
      team,
      ticketNumber: number,
      importId,
      contactId: contact.contactId,
      companyId,
      groupId,
      savedReplyId,
      attachmentId: attachment.id,
    };
    const other = await createAccount(db, { name: "Elsewhere Ltd" });
    outsider = await createMember(db, other.accountId, "owner");
  });

  it("finds the account's routes, each declaring its roles", () => {
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const { file, module } of routes) {
      expect(module.handle?.roles, `${file} declares handle.roles`).toBeDefined();
      expect(module.handle?.roles.length, file).toBeGreaterThan(0);
    }
  });

  it.each(routes)(
    "$file: a member without the role gets 403 and changes nothing",
    async ({ module, file }) => {
      const roles = module.handle?.roles ?? [];
      for (const role of s.ROLES) {
        const url = DASHBOARD + pathOf(file, fixture);
        const member = fixture.team[role];
        const before = await accountState(fixture.account.accountId);
        const page = await getPage(url, member.cookie);
        if (roles.includes(role)) {
          expect(page.response.status, `${role} GET ${url}`).toBeLessThan(400);
          continue;
        }
        expect(page.response.status, `${role} GET ${url}`).toBe(403);
        if (module.action) {
          const post = await postForm(
            actionUrl(file, url),
            { intent: "save", name: "Changed" },
            { cookie: member.cookie },
          );
          expect(post.response.status, `${role} POST ${url}`).toBe(403);
        }
        expect(await accountState(fixture.account.accountId)).toBe(before);
      }
    },
  );

  it.each(routes)(
    "$file: a member of another account gets 404 and changes nothing",
    async ({ module, file }) => {
      const url = DASHBOARD + pathOf(file, fixture);
      const before = await accountState(fixture.account.accountId);
      const page = await getPage(url, outsider.cookie);
      expect(page.response.status, `GET ${url}`).toBe(404);
      expect(page.body).not.toContain("Roles Ltd");
      if (module.action) {
        const post = await postForm(
          actionUrl(file, url),
          { intent: "save", name: "Changed" },
          { cookie: outsider.cookie },
        );
        expect(post.response.status, `POST ${url}`).toBe(404);
      }
      expect(await accountState(fixture.account.accountId)).toBe(before);
    },
  );

  it("an unknown account is the same 404 as a foreign one", async () => {
    const page = await getPage(accountUrl("no-such-account"), outsider.cookie);
    expect(page.response.status).toBe(404);
  });

  it("a signed-out visitor is sent to sign in and brought back", async () => {
    const page = await getPage(accountUrl(fixture.team.slug, "/audit"));
    expect(page.response.status).toBe(302);
    expect(page.response.headers.get("location")).toBe(
      `/sign-in?redirectTo=${encodeURIComponent(`/a/${fixture.team.slug}/audit`)}`,
    );
  });
});
