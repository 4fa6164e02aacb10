// Access groups through the real routes: create, rename, delete (refused while a portal admits the
// group alone), members in and out (ending portal sessions at once), and "send invites" — one per
// member who has not accepted, in queue calls of at most 100, once per page however often submitted.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../app/lib/db/ids";
import type { EmailMessage } from "../../app/lib/email/messages";
import { chunkedInsert, runBatch } from "../../db/batch";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import worker from "../../workers/app";
import { type AccountFixture, createAccessGroup, createAccount, createContact } from "../factories";
import { accountUrl, createMember, createTeam, type Team } from "../support/dashboard";
import { formRequest, getPage, postForm } from "../support/http";

const db = createDb(env.DB);

type Site = AccountFixture & { team: Team; portalId: string; groupId: string; groupUrl: string };

async function site(options: { kind?: s.DomainKind; accessMode?: s.AccessMode } = {}) {
  const kind = options.kind ?? "custom";
  const fixture = await createAccount(db, {
    kind,
    hostname: kind === "custom" ? `help-${newId("h").slice(-8)}.localhost` : undefined,
    accessMode: options.accessMode ?? "access_groups",
  });
  const team = await createTeam(db, fixture);
  const portalId = fixture.portalIds[0] as string;
  const groupId = await createAccessGroup(db, fixture.accountId, portalId);
  return {
    ...fixture,
    team,
    portalId,
    groupId,
    groupUrl: accountUrl(team.slug, `/access-groups/${groupId}`),
  } satisfies Site;
}

/** A form POST with repeated fields (checkboxes), as a browser sends it. */
function post(url: string, fields: [string, string][], cookie: string) {
  return postForm(url, fields as unknown as Record<string, string>, { cookie });
}

/** Posts through the app worker with a queue that records each `sendBatch` call's size. */
async function postCountingQueue(url: string, fields: Record<string, string>, cookie: string) {
  const calls: number[] = [];
  const messages: EmailMessage[] = [];
  const queue = {
    send: async (message: EmailMessage) => {
      messages.push(message);
      calls.push(1);
    },
    sendBatch: async (batch: { body: EmailMessage }[]) => {
      calls.push(batch.length);
      messages.push(...batch.map((entry) => entry.body));
    },
  };
  const ctx = createExecutionContext();
  const request = formRequest(url, fields, { cookie }) as Parameters<typeof worker.fetch>[0];
  const response = await worker.fetch(request, { ...env, EMAIL_QUEUE: queue } as never, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body, calls, messages };
}

async function groupMembers(groupId: string) {
  const rows = await db
    .select({ contactId: s.accessGroupMembers.contactId })
    .from(s.accessGroupMembers)
    .where(eq(s.accessGroupMembers.accessGroupId, groupId));
  return rows.map((row) => row.contactId).sort();
}

async function auditActions(accountId: string) {
  const rows = await db
    .select({ action: s.auditLog.action })
    .from(s.auditLog)
    .where(eq(s.auditLog.accountId, accountId));
  return rows.map((row) => row.action);
}

/** A round value as the page hands out. */
async function roundOf(at: Site) {
  const page = await getPage(at.groupUrl, at.team.admin.cookie);
  const match = page.body.match(/name="round" value="([^"]+)"/);
  if (!match?.[1]) throw new Error("no round on the page");
  return match[1];
}

describe("access groups: create, rename, members", () => {
  let at: Site;
  beforeAll(async () => {
    at = await site();
  });

  it("creates a group and refuses a second one of the same name, giving the input back", async () => {
    const url = `${accountUrl(at.team.slug, "/access-groups")}?index`;
    const created = await postForm(url, { name: "Key accounts" }, { cookie: at.team.admin.cookie });
    expect(created.response.status).toBe(302);
    const location = created.response.headers.get("Location") ?? "";
    expect(location).toMatch(new RegExp(`/a/${at.team.slug}/access-groups/grp_`));
    const again = await postForm(url, { name: "Key accounts" }, { cookie: at.team.admin.cookie });
    expect(again.response.status).toBe(400);
    expect(again.body).toContain("Another access group already has this name.");
    expect(again.body).toContain('value="Key accounts"');
    const empty = await postForm(url, { name: "  " }, { cookie: at.team.admin.cookie });
    expect(empty.response.status).toBe(400);
    const groups = await db
      .select()
      .from(s.accessGroups)
      .where(
        and(eq(s.accessGroups.accountId, at.accountId), eq(s.accessGroups.name, "Key accounts")),
      );
    expect(groups).toHaveLength(1);
    expect(await auditActions(at.accountId)).toContain("group.create");
    const list = await getPage(accountUrl(at.team.slug, "/access-groups"), at.team.admin.cookie);
    expect(list.body).toContain("Key accounts");
  });

  it("renames the group", async () => {
    const renamed = await post(
      at.groupUrl,
      [
        ["intent", "rename"],
        ["name", "Partners"],
      ],
      at.team.admin.cookie,
    );
    expect(renamed.response.status).toBe(200);
    const [group] = await db.select().from(s.accessGroups).where(eq(s.accessGroups.id, at.groupId));
    expect(group?.name).toBe("Partners");
    expect(await auditActions(at.accountId)).toContain("group.rename");
  });

  it("finds contacts by search, adds the chosen ones and removes them in bulk", async () => {
    const ann = await createContact(db, at.accountId, {
      name: "Ann Findme",
      email: `ann-${newId("x")}@a.example`,
    });
    const bob = await createContact(db, at.accountId, {
      name: "Bob Findme",
      email: `bob-${newId("x")}@a.example`,
    });
    const found = await getPage(`${at.groupUrl}?q=findme`, at.team.admin.cookie);
    expect(found.body).toContain("Ann Findme");
    expect(found.body).toContain("Bob Findme");

    const added = await post(
      at.groupUrl,
      [
        ["intent", "add"],
        ["contact", ann.contactId],
        ["contact", bob.contactId],
      ],
      at.team.admin.cookie,
    );
    expect(added.response.status).toBe(200);
    expect(await groupMembers(at.groupId)).toEqual([ann.contactId, bob.contactId].sort());
    // Members are no longer offered.
    expect((await getPage(`${at.groupUrl}?q=findme`, at.team.admin.cookie)).body).toContain(
      "No contact outside this group matches",
    );

    const none = await post(at.groupUrl, [["intent", "remove"]], at.team.admin.cookie);
    expect(none.response.status).toBe(400);
    expect(none.body).toContain("Choose at least one contact.");

    const removed = await post(
      at.groupUrl,
      [
        ["intent", "remove"],
        ["contact", ann.contactId],
        ["contact", bob.contactId],
      ],
      at.team.admin.cookie,
    );
    expect(removed.response.status).toBe(200);
    expect(await groupMembers(at.groupId)).toEqual([]);
    const actions = await auditActions(at.accountId);
    expect(actions).toContain("group.add_members");
    expect(actions).toContain("group.remove_members");
  });

  it("adds no contact of another account", async () => {
    const other = await createAccount(db);
    const foreign = await createContact(db, other.accountId);
    const added = await post(
      at.groupUrl,
      [
        ["intent", "add"],
        ["contact", foreign.contactId],
      ],
      at.team.admin.cookie,
    );
    expect(added.response.status).toBe(200);
    expect(await groupMembers(at.groupId)).toEqual([]);
  });
});

describe("isolation", () => {
  it("another account's admin gets 404 for every page and form, and nothing changes", async () => {
    const at = await site();
    const contact = await createContact(db, at.accountId, { accessGroupIds: [at.groupId] });
    const other = await createAccount(db);
    const outsider = await createMember(db, other.accountId, "owner");
    const state = async () =>
      JSON.stringify([
        await db.select().from(s.accessGroups).where(eq(s.accessGroups.accountId, at.accountId)),
        await groupMembers(at.groupId),
        await db.select().from(s.emailLog).where(eq(s.emailLog.accountId, at.accountId)),
        await auditActions(at.accountId),
      ]);
    const before = await state();
    // Their own account's URL with this account's group id.
    const foreignUrl = accountUrl(`t-${other.accountId.slice(-8)}`, `/access-groups/${at.groupId}`);
    expect((await getPage(foreignUrl, outsider.cookie)).response.status).toBe(404);
    for (const fields of [
      [
        ["intent", "rename"],
        ["name", "Taken over"],
      ],
      [["intent", "delete"]],
      [
        ["intent", "remove"],
        ["contact", contact.contactId],
      ],
      [
        ["intent", "invite"],
        ["portal", at.portalId],
        ["round", "rnd_x"],
      ],
    ] as [string, string][][]) {
      const response = await post(foreignUrl, fields, outsider.cookie);
      expect(response.response.status, JSON.stringify(fields)).toBe(404);
      // And this account's URL: not a member, the same 404.
      expect((await post(at.groupUrl, fields, outsider.cookie)).response.status).toBe(404);
    }
    expect(await state()).toBe(before);
  });
});

describe("delete", () => {
  it("is refused while a portal admits only this group, naming the portal; allowed once it has another", async () => {
    const at = await site();
    const refused = await post(at.groupUrl, [["intent", "delete"]], at.team.admin.cookie);
    expect(refused.response.status).toBe(400);
    expect(refused.body).toContain(`it is the only access group of ${at.name} help`);
    expect(
      await db.select().from(s.accessGroups).where(eq(s.accessGroups.id, at.groupId)),
    ).toHaveLength(1);

    await createAccessGroup(db, at.accountId, at.portalId);
    await createContact(db, at.accountId, { accessGroupIds: [at.groupId] });
    const deleted = await post(at.groupUrl, [["intent", "delete"]], at.team.admin.cookie);
    expect(deleted.response.status).toBe(302);
    expect(
      await db.select().from(s.accessGroups).where(eq(s.accessGroups.id, at.groupId)),
    ).toHaveLength(0);
    expect(await groupMembers(at.groupId)).toEqual([]);
    expect(await auditActions(at.accountId)).toContain("group.delete");
  });
});

describe("removing a member ends their sessions on the portals they lose", () => {
  it("signs them out of the portal whose last group they left, not of one they keep", async () => {
    const at = await site({ kind: "system" });
    // A second portal admitting this group and another group the contact is also in.
    const second = newId("prt");
    const [portal] = await db.select().from(s.portals).where(eq(s.portals.id, at.portalId));
    await db.insert(s.portals).values({
      ...(portal as typeof s.portals.$inferInsert),
      id: second,
      slug: "second",
      name: "Second",
    });
    const keep = await createAccessGroup(db, at.accountId, second);
    await db
      .insert(s.portalAccessGroups)
      .values({ accountId: at.accountId, portalId: second, accessGroupId: at.groupId });
    const contact = await createContact(db, at.accountId, { accessGroupIds: [at.groupId, keep] });
    const session = (portalId: string) => ({
      id: newId("ses"),
      kind: "portal" as const,
      accountId: at.accountId,
      portalId,
      contactId: contact.contactId,
      host: at.hostname,
      expiresAt: Date.now() + 3_600_000,
    });
    const lost = session(at.portalId);
    const kept = session(second);
    await db.insert(s.sessions).values([lost, kept]);

    const removed = await post(
      at.groupUrl,
      [
        ["intent", "remove"],
        ["contact", contact.contactId],
      ],
      at.team.admin.cookie,
    );
    expect(removed.response.status).toBe(200);
    const left = await db
      .select({ id: s.sessions.id })
      .from(s.sessions)
      .where(inArray(s.sessions.id, [lost.id, kept.id]));
    expect(left.map((row) => row.id)).toEqual([kept.id]);
  });
});

describe("send invites", () => {
  it("queues one invite per member who has not accepted, at most 100 a call, once per page", async () => {
    const at = await site();
    const now = Date.now();
    const ids = Array.from({ length: 252 }, () => newId("ctc"));
    await runBatch(db, [
      ...chunkedInsert(
        db,
        s.contacts,
        ids.map((id, index) => ({
          id,
          accountId: at.accountId,
          email: `m${index}-${id}@bulk.example`,
          name: `Member ${index}`,
        })),
      ),
      ...chunkedInsert(
        db,
        s.accessGroupMembers,
        ids.map((contactId) => ({ accountId: at.accountId, accessGroupId: at.groupId, contactId })),
      ),
      // Two have accepted already: they get nothing.
      ...chunkedInsert(
        db,
        s.portalMembers,
        ids.slice(0, 2).map((contactId) => ({
          id: newId("pmb"),
          accountId: at.accountId,
          portalId: at.portalId,
          contactId,
          inviteStatus: "accepted" as const,
          acceptedAt: now,
        })),
      ),
    ]);
    const round = await roundOf(at);
    const fields = { intent: "invite", portal: at.portalId, round };
    const first = await postCountingQueue(at.groupUrl, fields, at.team.admin.cookie);
    expect(first.response.status).toBe(200);
    expect(first.body).toContain("Invites on their way: 250.");
    expect(first.calls).toEqual([100, 100, 50]);
    const invited = new Set(
      first.messages.map((message) => (message as { contactId: string }).contactId),
    );
    expect(invited).toEqual(new Set(ids.slice(2)));
    expect(first.messages.every((message) => message.kind === "access_group_invite")).toBe(true);

    const standing = await db
      .select({ status: s.portalMembers.inviteStatus })
      .from(s.portalMembers)
      .where(eq(s.portalMembers.portalId, at.portalId));
    expect(standing.filter((row) => row.status === "pending")).toHaveLength(250);
    expect(standing.filter((row) => row.status === "accepted")).toHaveLength(2);
    const logged = await db.select().from(s.emailLog).where(eq(s.emailLog.portalId, at.portalId));
    expect(logged).toHaveLength(250);

    // The same page submitted again (a double click): nothing more.
    const second = await postCountingQueue(at.groupUrl, fields, at.team.admin.cookie);
    expect(second.response.status).toBe(200);
    expect(second.calls).toEqual([]);
    expect(second.body).toContain("No invite was sent");
    expect(
      await db.select().from(s.emailLog).where(eq(s.emailLog.portalId, at.portalId)),
    ).toHaveLength(250);
    const tokens = await db
      .select({ id: s.oneTimeTokens.id })
      .from(s.oneTimeTokens)
      .where(eq(s.oneTimeTokens.portalId, at.portalId));
    expect(tokens).toHaveLength(250);
    expect(
      (await auditActions(at.accountId)).filter((a) => a === "group.send_invites").length,
    ).toBeGreaterThan(0);
  });

  it("on a system domain: says why no email went out and shows each member's link, which works", async () => {
    const at = await site({ kind: "system" });
    const ann = await createContact(db, at.accountId, {
      name: "Ann Link",
      accessGroupIds: [at.groupId],
    });
    const round = await roundOf(at);
    const sent = await postCountingQueue(
      at.groupUrl,
      { intent: "invite", portal: at.portalId, round },
      at.team.admin.cookie,
    );
    expect(sent.response.status).toBe(200);
    expect(sent.body).toContain(
      "No email was sent: portals on a system domain send no emails to members of an access group.",
    );
    const link = sent.body.match(
      new RegExp(`value="(http://${at.hostname.replaceAll(".", "\\.")}/help/join/[^"]+)"`),
    )?.[1];
    expect(link).toBeDefined();
    expect(sent.body).toContain(`Invite link for Ann Link (${ann.email})`);
    const join = await getPage(link as string);
    expect(join.response.status).toBe(200);
    expect(join.body).toContain(ann.email);
  });

  it("refuses a portal that does not admit the group", async () => {
    const at = await site();
    const other = await site();
    const round = await roundOf(at);
    const refused = await postCountingQueue(
      at.groupUrl,
      { intent: "invite", portal: other.portalId, round },
      at.team.admin.cookie,
    );
    expect(refused.response.status).toBe(400);
    expect(refused.calls).toEqual([]);
  });
});
