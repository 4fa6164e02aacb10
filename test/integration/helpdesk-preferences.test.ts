// The help desk preferences on the profile: one form per account the user works in, checkboxes
// that save to their own agent row only, 400 with the input back on bad input, 404 for an account
// that is not theirs.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount } from "../factories";
import { createTeam, DASHBOARD } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const URL = `${DASHBOARD}/profile/help-desk`;

/** An agent in two accounts, and a teammate in the first. */
async function agentInTwoAccounts() {
  const first = await createAccount(db, { name: "Aardvark Ltd" });
  const second = await createAccount(db, { name: "Zebra Ltd" });
  const team = await createTeam(db, first);
  const me = team.agent;
  await db.batch([
    db
      .insert(s.memberships)
      .values({ accountId: second.accountId, userId: me.userId, role: "agent" }),
    db
      .insert(s.agents)
      .values({ accountId: second.accountId, userId: me.userId, displayName: "Alex Agent" }),
  ]);
  const [secondAccount] = await db
    .select({ slug: s.accounts.slug })
    .from(s.accounts)
    .where(eq(s.accounts.id, second.accountId));
  return { first, second, team, me, firstSlug: team.slug, secondSlug: secondAccount?.slug ?? "" };
}

async function row(accountId: string, userId: string) {
  const [agent] = await db
    .select({
      notifyNewTicket: s.agents.notifyNewTicket,
      notifyCustomerReplied: s.agents.notifyCustomerReplied,
      keyboardShortcuts: s.agents.keyboardShortcuts,
    })
    .from(s.agents)
    .where(and(eq(s.agents.accountId, accountId), eq(s.agents.userId, userId)));
  return agent;
}

const ALL_ON = { notifyNewTicket: true, notifyCustomerReplied: true, keyboardShortcuts: true };

describe("help desk preferences", () => {
  it("lists a form per account, every preference on by default", async () => {
    const { me, firstSlug, secondSlug } = await agentInTwoAccounts();
    const { response, body } = await getPage(URL, me.cookie);
    expect(response.status).toBe(200);
    expect(body).toContain("Preferences for Aardvark Ltd");
    expect(body).toContain("Preferences for Zebra Ltd");
    expect(body).toContain(`value="${firstSlug}"`);
    expect(body).toContain(`value="${secondSlug}"`);
    expect(body.match(/type="checkbox"[^>]*checked/g)).toHaveLength(6);
    expect(body).toContain("Email me about new tickets");
  });

  it("saves unticked boxes as off, in that account only", async () => {
    const { first, second, me, firstSlug } = await agentInTwoAccounts();
    const { response } = await postForm(
      URL,
      { account: firstSlug, notifyCustomerReplied: "on" },
      { cookie: me.cookie },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/profile/help-desk?saved=${firstSlug}`);
    expect(await row(first.accountId, me.userId)).toEqual({
      notifyNewTicket: false,
      notifyCustomerReplied: true,
      keyboardShortcuts: false,
    });
    expect(await row(second.accountId, me.userId)).toEqual(ALL_ON);
    const page = await getPage(`${URL}?saved=${firstSlug}`, me.cookie);
    expect(page.body).toContain("Your preferences for Aardvark Ltd were saved.");
    expect(page.body.match(/type="checkbox"[^>]*checked/g)).toHaveLength(4);
  });

  it("bad input: 400, the message next to the field, the input back, nothing changed", async () => {
    const { first, me, firstSlug } = await agentInTwoAccounts();
    const { response, body } = await postForm(
      URL,
      { account: firstSlug, notifyNewTicket: "yes", keyboardShortcuts: "on" },
      { cookie: me.cookie },
    );
    expect(response.status).toBe(400);
    expect(body).toMatch(
      /aria-invalid="true"[^>]*notifyNewTicket|notifyNewTicket[^>]*aria-invalid="true"/,
    );
    expect(body).toContain("field-errors");
    // The form answered is given back as it was sent: the box left unticked stays unticked.
    const form =
      body.slice(body.indexOf(`id="preferences-${firstSlug}"`)).split("</form>")[0] ?? "";
    expect(form).toMatch(/<input[^>]*name="keyboardShortcuts"[^>]*checked/);
    expect(form).not.toMatch(/<input[^>]*name="notifyCustomerReplied"[^>]*checked/);
    expect(await row(first.accountId, me.userId)).toEqual(ALL_ON);

    const badSlug = await postForm(URL, { account: "NOT A SLUG" }, { cookie: me.cookie });
    expect(badSlug.response.status).toBe(400);
  });

  it("another account, or one the user left, is a 404 and changes nothing", async () => {
    const { first, second, me, team, secondSlug } = await agentInTwoAccounts();
    const other = await createAccount(db, { name: "Other Ltd" });
    const otherTeam = await createTeam(db, other);
    const foreign = await postForm(URL, { account: otherTeam.slug }, { cookie: me.cookie });
    expect(foreign.response.status).toBe(404);
    expect(await row(other.accountId, otherTeam.agent.userId)).toEqual(ALL_ON);
    // The teammate's row in the user's own account is never theirs to change either.
    expect(await row(first.accountId, team.owner.userId)).toEqual(ALL_ON);

    await db
      .delete(s.memberships)
      .where(
        and(eq(s.memberships.accountId, second.accountId), eq(s.memberships.userId, me.userId)),
      );
    const left = await postForm(URL, { account: secondSlug }, { cookie: me.cookie });
    expect(left.response.status).toBe(404);
    expect(await row(second.accountId, me.userId)).toEqual(ALL_ON);
    expect((await getPage(URL, me.cookie)).body).not.toContain("Zebra Ltd");
  });

  it("signed out: to the sign-in page", async () => {
    const { response } = await getPage(URL);
    expect(response.status).toBe(302);
    const posted = await postForm(URL, { account: "x" });
    expect(posted.response.status).toBe(302);
  });
});
