// The company pages through the app worker: list and search, create, edit, a company's contacts and
// tickets, roles and isolation between accounts.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createCompany, createContact } from "../factories";
import { accountUrl, createMember, createTeam } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

async function newAccount(name = "Companies Ltd") {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  return { account, team, url: (path = "") => accountUrl(team.slug, path) };
}

async function state(accountId: string) {
  const [companies, audit] = await Promise.all([
    db.select().from(s.companies).where(eq(s.companies.accountId, accountId)),
    db.select().from(s.auditLog).where(eq(s.auditLog.accountId, accountId)),
  ]);
  return JSON.stringify({ companies, audit });
}

describe("companies", () => {
  let setup: Awaited<ReturnType<typeof newAccount>>;

  beforeAll(async () => {
    setup = await newAccount();
  });

  it("creates a company, audited, and lists and searches it", async () => {
    const { response } = await postForm(
      setup.url("/companies?index"),
      { name: "Umbrella Corp", webDomain: "Umbrella.Example" },
      { cookie: setup.team.admin.cookie },
    );
    expect(response.status).toBe(302);
    const id = response.headers.get("location")?.split("/").pop() ?? "";
    const [row] = await db.select().from(s.companies).where(eq(s.companies.id, id));
    expect(row).toMatchObject({
      accountId: setup.account.accountId,
      name: "Umbrella Corp",
      webDomain: "umbrella.example",
    });
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.accountId, setup.account.accountId),
          eq(s.auditLog.action, "company.create"),
        ),
      );
    expect(entry?.details).toEqual({
      before: {},
      after: { name: "Umbrella Corp", webDomain: "umbrella.example" },
    });
    await createCompany(db, setup.account.accountId, "Other Co");
    const found = await getPage(setup.url("/companies?q=umbrel"), setup.team.agent.cookie);
    expect(found.response.status).toBe(200);
    expect(found.body).toContain("Umbrella Corp");
    expect(found.body).not.toContain("Other Co");
  });

  it("refuses bad input with the input back and changes nothing", async () => {
    const before = await state(setup.account.accountId);
    const { response, body } = await postForm(
      setup.url("/companies?index"),
      { name: "", webDomain: "not a domain" },
      { cookie: setup.team.admin.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain('value="not a domain"');
    expect(body).toContain("This field is required.");
    expect(body).toContain("Enter a domain like example.com.");
    expect(await state(setup.account.accountId)).toBe(before);
  });

  it("edits a company and shows its contacts and tickets", async () => {
    const companyId = await createCompany(db, setup.account.accountId, "Initrode");
    const { contactId } = await createContact(db, setup.account.accountId, {
      name: "Milton Waddams",
      companyId,
    });
    const { ticketId } = await (async () => {
      const id = `tkt_company_${companyId}`;
      await db.insert(s.tickets).values({
        id,
        accountId: setup.account.accountId,
        number: 9001,
        subject: "Red stapler missing",
        requesterContactId: contactId,
        companyId,
        inboxId: setup.account.inboxId,
        source: "email",
        lastActivityAt: Date.now(),
      });
      return { ticketId: id };
    })();
    expect(ticketId).toBeTruthy();
    const { response } = await postForm(
      setup.url(`/companies/${companyId}`),
      { name: "Initrode Global", webDomain: "initrode.example" },
      { cookie: setup.team.owner.cookie },
    );
    expect(response.status).toBe(302);
    const page = await getPage(setup.url(`/companies/${companyId}`), setup.team.agent.cookie);
    expect(page.body).toContain("Initrode Global");
    expect(page.body).toContain("Milton Waddams");
    expect(page.body).toContain("Red stapler missing");
    expect(page.body).not.toContain('name="webDomain"');
    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.accountId, setup.account.accountId),
          eq(s.auditLog.action, "company.update"),
        ),
      );
    expect(entry?.details).toEqual({
      before: { name: "Initrode", webDomain: null },
      after: { name: "Initrode Global", webDomain: "initrode.example" },
    });
  });

  it("an agent reads companies but cannot create or edit one", async () => {
    const companyId = await createCompany(db, setup.account.accountId, "Read Only Co");
    const before = await state(setup.account.accountId);
    const create = await postForm(
      setup.url("/companies?index"),
      { name: "Agent Co" },
      { cookie: setup.team.agent.cookie },
    );
    expect(create.response.status).toBe(403);
    const edit = await postForm(
      setup.url(`/companies/${companyId}`),
      { name: "Agent edit" },
      { cookie: setup.team.agent.cookie },
    );
    expect(edit.response.status).toBe(403);
    expect(await state(setup.account.accountId)).toBe(before);
  });

  it("another account's company is a 404, and nothing changes", async () => {
    const other = await newAccount("Elsewhere Co Ltd");
    const outsider = await createMember(db, other.account.accountId, "owner");
    const companyId = await createCompany(db, setup.account.accountId, "Secret Holdings");
    const before = await state(setup.account.accountId);
    const page = await getPage(other.url(`/companies/${companyId}`), outsider.cookie);
    expect(page.response.status).toBe(404);
    expect(page.body).not.toContain("Secret Holdings");
    const post = await postForm(
      other.url(`/companies/${companyId}`),
      { name: "Hijacked" },
      { cookie: outsider.cookie },
    );
    expect(post.response.status).toBe(404);
    const list = await getPage(other.url("/companies?q=secret"), outsider.cookie);
    expect(list.body).not.toContain("Secret Holdings");
    expect(await state(setup.account.accountId)).toBe(before);
  });
});
