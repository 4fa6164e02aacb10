// Saved replies through the app worker: the page (list with paging, create, edit, delete, each
// audited), refusals with the input back, another account's ids as missing ones, and the ticket
// page's picker with its placeholders filled (in the loader's data, and without JavaScript).
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SAVED_REPLIES_PAGE_SIZE } from "../../app/lib/helpdesk/saved-replies.server";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount, createContact, createSavedReplyFixture, createTicket } from "../factories";
import { accountUrl, createTeam } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);

async function newDesk(name = "Replies Ltd") {
  const account = await createAccount(db, { name });
  const team = await createTeam(db, account);
  return { account, team };
}

const repliesOf = (accountId: string) =>
  db
    .select()
    .from(s.savedReplies)
    .where(eq(s.savedReplies.accountId, accountId))
    .orderBy(s.savedReplies.title);

const auditOf = (accountId: string, action: string) =>
  db
    .select({ target: s.auditLog.target, details: s.auditLog.details })
    .from(s.auditLog)
    .where(and(eq(s.auditLog.accountId, accountId), eq(s.auditLog.action, action)));

/** The text of the page's message box (the reply textarea), HTML entities decoded. */
function messageBox(body: string): string {
  const match = /<textarea[^>]*data-reply[^>]*>([\s\S]*?)<\/textarea>/.exec(body);
  return (match?.[1] ?? "")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

describe("the saved replies page", () => {
  it("an agent creates, edits and deletes a saved reply, each audited", async () => {
    const { account, team } = await newDesk();
    const cookie = team.agent.cookie;
    const url = accountUrl(team.slug, "/saved-replies");
    const created = await postForm(
      `${url}?index`,
      { title: "Refund", body: "Hi {{contact.first_name}}, your refund is on its way." },
      { cookie },
    );
    expect(created.response.status).toBe(302);
    expect(created.response.headers.get("location")).toBe(
      `/a/${team.slug}/saved-replies?done=created`,
    );
    const [row] = await repliesOf(account.accountId);
    expect(row).toMatchObject({ title: "Refund", createdBy: team.agent.userId });
    const list = await getPage(url, cookie);
    expect(list.response.status).toBe(200);
    expect(list.body).toContain("Refund");
    expect(list.body).toContain(`href="/a/${team.slug}/saved-replies/${row?.id}"`);

    const edit = `${url}/${row?.id}`;
    expect((await getPage(edit, cookie)).body).toContain("your refund is on its way");
    const saved = await postForm(
      edit,
      { intent: "save", title: "Refund sent", body: "Your refund is on its way." },
      { cookie },
    );
    expect(saved.response.status).toBe(302);
    const [after] = await repliesOf(account.accountId);
    expect(after).toMatchObject({ id: row?.id, title: "Refund sent" });
    expect(after?.updatedAt).toBeGreaterThanOrEqual(row?.updatedAt ?? 0);

    const deleted = await postForm(edit, { intent: "delete" }, { cookie: team.admin.cookie });
    expect(deleted.response.status).toBe(302);
    expect(deleted.response.headers.get("location")).toBe(
      `/a/${team.slug}/saved-replies?done=deleted`,
    );
    expect(await repliesOf(account.accountId)).toEqual([]);
    expect((await getPage(edit, cookie)).response.status).toBe(404);

    expect((await auditOf(account.accountId, "saved_reply.create")).map((e) => e.target)).toEqual([
      "Refund",
    ]);
    expect(await auditOf(account.accountId, "saved_reply.update")).toEqual([
      {
        target: "Refund sent",
        details: {
          before: {
            title: "Refund",
            body: "Hi {{contact.first_name}}, your refund is on its way.",
          },
          after: { title: "Refund sent", body: "Your refund is on its way." },
        },
      },
    ]);
    expect((await auditOf(account.accountId, "saved_reply.delete")).map((e) => e.target)).toEqual([
      "Refund sent",
    ]);
  });

  it("a duplicate title is refused with 400, the input back and the message at the title", async () => {
    const { account, team } = await newDesk();
    await createSavedReplyFixture(db, account.accountId, { title: "Welcome" });
    const other = await createSavedReplyFixture(db, account.accountId, { title: "Goodbye" });
    const before = await repliesOf(account.accountId);
    const url = accountUrl(team.slug, "/saved-replies");
    const created = await postForm(
      `${url}?index`,
      { title: "  Welcome ", body: "A second welcome" },
      { cookie: team.agent.cookie },
    );
    expect(created.response.status).toBe(400);
    expect(created.body).toContain("Another saved reply of this account has this title.");
    const titleInput = /<input[^>]*name="title"[^>]*>/.exec(created.body)?.[0] ?? "";
    expect(titleInput).toContain('aria-invalid="true"');
    expect(titleInput).toMatch(/value=" *Welcome *"/);
    expect(created.body).toContain("A second welcome");
    const renamed = await postForm(
      `${url}/${other}`,
      { intent: "save", title: "Welcome", body: "Bye" },
      { cookie: team.agent.cookie },
    );
    expect(renamed.response.status).toBe(400);
    expect(renamed.body).toContain("Another saved reply of this account has this title.");
    expect(await repliesOf(account.accountId)).toEqual(before);
    expect(await auditOf(account.accountId, "saved_reply.create")).toEqual([]);
    expect(await auditOf(account.accountId, "saved_reply.update")).toEqual([]);
  });

  it.each([
    ["an empty title", { title: "   ", body: "Text" }, "Enter a title of at most 100 characters."],
    ["an empty text", { title: "Empty", body: "  " }, "Write a text of at most 5,000 characters."],
    ["a title too long", { title: "x".repeat(101), body: "Text" }, "Enter a title of at most 100"],
  ])("%s is refused with 400 and nothing written", async (_, fields, message) => {
    const { account, team } = await newDesk();
    const { response, body } = await postForm(
      `${accountUrl(team.slug, "/saved-replies")}?index`,
      fields,
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain(message);
    expect(await repliesOf(account.accountId)).toEqual([]);
  });

  it("the same title in two accounts is two saved replies", async () => {
    const acme = await newDesk("Acme Same");
    const globex = await newDesk("Globex Same");
    await createSavedReplyFixture(db, acme.account.accountId, { title: "Welcome" });
    const { response } = await postForm(
      `${accountUrl(globex.team.slug, "/saved-replies")}?index`,
      { title: "Welcome", body: "Hello" },
      { cookie: globex.team.agent.cookie },
    );
    expect(response.status).toBe(302);
  });

  it("pages through many saved replies by title", async () => {
    const { account, team } = await newDesk();
    const titles = Array.from(
      { length: SAVED_REPLIES_PAGE_SIZE + 3 },
      (_, at) => `Reply ${String(at).padStart(3, "0")}`,
    );
    for (const title of titles) await createSavedReplyFixture(db, account.accountId, { title });
    const url = accountUrl(team.slug, "/saved-replies");
    const first = await getPage(url, team.agent.cookie);
    const last = titles[SAVED_REPLIES_PAGE_SIZE - 1] ?? "";
    expect(first.body).toContain(last);
    expect(first.body).not.toContain(titles[SAVED_REPLIES_PAGE_SIZE] ?? "");
    const next = /href="[^"]*(\?cursor=[^"]+)"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await getPage(`${url}${next}`, team.agent.cookie);
    for (const title of titles.slice(SAVED_REPLIES_PAGE_SIZE)) expect(second.body).toContain(title);
    expect(second.body).not.toContain(last);
    expect(second.body).not.toMatch(/href="[^"]*\?cursor=/);
  });
});

describe("isolation", () => {
  it("a Globex user with an Acme saved reply's id gets 404 and changes nothing", async () => {
    const acme = await newDesk("Acme Replies");
    const globex = await newDesk("Globex Replies");
    const id = await createSavedReplyFixture(db, acme.account.accountId, {
      title: "Acme secret",
      body: "Acme's words",
    });
    const contact = await createContact(db, globex.account.accountId);
    const { number } = await createTicket(db, globex.account, { contactId: contact.contactId });
    const before = await repliesOf(acme.account.accountId);
    const foreign = accountUrl(globex.team.slug, `/saved-replies/${id}`);
    for (const member of [globex.team.owner, globex.team.agent]) {
      const page = await getPage(foreign, member.cookie);
      expect(page.response.status).toBe(404);
      expect(page.body).not.toContain("Acme secret");
      for (const fields of [
        { intent: "save", title: "Taken", body: "Mine now" } as Record<string, string>,
        { intent: "delete" },
      ]) {
        const post = await postForm(foreign, fields, { cookie: member.cookie });
        expect(post.response.status).toBe(404);
      }
      // Inserting it on one of Globex's own tickets: the same 404, and not a word of it.
      const insert = await postForm(
        accountUrl(globex.team.slug, `/tickets/${number}`),
        { intent: "insert", savedReply: id, body: "Typed" },
        { cookie: member.cookie },
      );
      expect(insert.response.status).toBe(404);
      expect(insert.body).not.toContain("Acme's words");
    }
    // Nor under Acme's URL, which Globex's people are not members of.
    const acmeUrl = accountUrl(acme.team.slug, `/saved-replies/${id}`);
    expect((await getPage(acmeUrl, globex.team.owner.cookie)).response.status).toBe(404);
    expect(
      (await postForm(acmeUrl, { intent: "delete" }, { cookie: globex.team.owner.cookie })).response
        .status,
    ).toBe(404);
    // Globex's ticket page offers only Globex's saved replies.
    const ticket = await getPage(
      accountUrl(globex.team.slug, `/tickets/${number}`),
      globex.team.agent.cookie,
    );
    expect(ticket.body).not.toContain("Acme secret");
    expect(await repliesOf(acme.account.accountId)).toEqual(before);
    expect(await auditOf(acme.account.accountId, "saved_reply.delete")).toEqual([]);
    expect(await auditOf(globex.account.accountId, "saved_reply.delete")).toEqual([]);
  });
});

describe("the ticket page's picker", () => {
  async function deskWithTicket() {
    const desk = await newDesk("Picker Ltd");
    const contact = await createContact(db, desk.account.accountId, { name: "Jan de Vries" });
    const { number } = await createTicket(db, desk.account, { contactId: contact.contactId });
    const id = await createSavedReplyFixture(db, desk.account.accountId, {
      title: "Greeting",
      body: "Hi {{contact.first_name}}, {{ agent.first_name }} here about #{{ticket.number}}. {{unknown}}",
    });
    return { ...desk, number, id, url: accountUrl(desk.team.slug, `/tickets/${number}`) };
  }

  it("offers the account's saved replies, their placeholders filled for this ticket and agent", async () => {
    const { team, number, url } = await deskWithTicket();
    const filled = `Hi Jan, Alex here about #${number}. {{unknown}}`;
    const page = await getPage(url, team.agent.cookie);
    expect(page.response.status).toBe(200);
    expect(page.body).toMatch(/<select[^>]*name="savedReply"/);
    expect(page.body).toContain(">Greeting</option>");
    // The loader's data, which the browser inserts from without a round trip.
    const data = await getPage(`${url}.data`, team.agent.cookie);
    expect(data.body).toContain(filled);
    expect(data.body).not.toContain("Hi {{contact.first_name}}");
    // The owner's own first name.
    const owner = await getPage(`${url}.data`, team.owner.cookie);
    expect(owner.body).toContain(`Hi Jan, Olga here about #${number}.`);
  });

  it("without JavaScript, inserting fills the message box after what was typed", async () => {
    const { team, number, id, url, account } = await deskWithTicket();
    const messagesBefore = await db
      .select()
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.accountId, account.accountId));
    const empty = await postForm(
      url,
      { intent: "insert", savedReply: id, body: "" },
      { cookie: team.agent.cookie },
    );
    expect(empty.response.status).toBe(200);
    expect(messageBox(empty.body)).toBe(`Hi Jan, Alex here about #${number}. {{unknown}}`);
    const typed = await postForm(
      url,
      { intent: "insert", savedReply: id, body: "Thanks for waiting.  \n" },
      { cookie: team.agent.cookie },
    );
    expect(typed.response.status).toBe(200);
    expect(messageBox(typed.body)).toBe(
      `Thanks for waiting.\n\nHi Jan, Alex here about #${number}. {{unknown}}`,
    );
    // Inserting sends nothing.
    const messagesAfter = await db
      .select()
      .from(s.ticketMessages)
      .where(eq(s.ticketMessages.accountId, account.accountId));
    expect(messagesAfter).toEqual(messagesBefore);
  });

  it("without a choice, 400 with the message at the picker and the draft kept", async () => {
    const { team, url } = await deskWithTicket();
    const { response, body } = await postForm(
      url,
      { intent: "insert", savedReply: "", body: "My draft" },
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toContain("Choose one of the saved replies.");
    expect(body).toMatch(/<select[^>]*aria-invalid="true"/);
    expect(messageBox(body)).toBe("My draft");
  });

  it("an unknown saved reply id is 404", async () => {
    const { team, url } = await deskWithTicket();
    const { response } = await postForm(
      url,
      { intent: "insert", savedReply: "srp_nosuchreply", body: "" },
      { cookie: team.agent.cookie },
    );
    expect(response.status).toBe(404);
  });
});
