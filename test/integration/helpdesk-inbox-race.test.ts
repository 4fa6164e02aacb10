// A portal's default inbox against archiving that inbox: each statement re-checks the other's
// condition, so however the two interleave, no portal points at an archived inbox.
import { env } from "cloudflare:test";
import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { archiveInbox } from "../../app/lib/helpdesk/inboxes.server";
import { createDraft } from "../../app/lib/portals/setup.server";
import { createDb } from "../../db/client";
import * as s from "../../db/schema";
import { createAccount } from "../factories";
import { accountUrl, createTeam } from "../support/dashboard";
import { postForm } from "../support/http";

const db = createDb(env.DB);

async function newDesk() {
  const account = await createAccount(db, { name: "Race Ltd" });
  const team = await createTeam(db, account);
  const portalId = account.portalIds[0] as string;
  return {
    account,
    team,
    portalId,
    inboxesUrl: accountUrl(team.slug, "/inboxes"),
    ticketsTabUrl: accountUrl(team.slug, `/portals/${portalId}/tickets`),
  };
}

async function createInbox(desk: Awaited<ReturnType<typeof newDesk>>, name: string) {
  const { response } = await postForm(
    desk.inboxesUrl,
    { intent: "create", name },
    { cookie: desk.team.admin.cookie },
  );
  expect(response.status).toBe(302);
  const [row] = await db
    .select({ id: s.inboxes.id })
    .from(s.inboxes)
    .where(and(eq(s.inboxes.accountId, desk.account.accountId), eq(s.inboxes.name, name)));
  return row?.id as string;
}

const setDefault = (desk: Awaited<ReturnType<typeof newDesk>>, inboxId: string) =>
  postForm(
    desk.ticketsTabUrl,
    { defaultInboxId: inboxId, ticketPermission: "company", filterProperty: "", filterValue: "" },
    { cookie: desk.team.admin.cookie },
  );

const archive = (desk: Awaited<ReturnType<typeof newDesk>>, inboxId: string) =>
  postForm(desk.inboxesUrl, { intent: "archive", inboxId }, { cookie: desk.team.owner.cookie });

const portalRow = async (id: string) =>
  (await db.select().from(s.portals).where(eq(s.portals.id, id)))[0];

/** Portals of the account whose default inbox is archived: always none. */
const portalsOnArchivedInboxes = (accountId: string) =>
  db
    .select({ portal: s.portals.id })
    .from(s.portals)
    .innerJoin(s.inboxes, eq(s.inboxes.id, s.portals.defaultInboxId))
    .where(and(eq(s.portals.accountId, accountId), isNotNull(s.inboxes.archivedAt)));

describe("a portal's default inbox and archiving it", () => {
  it("an inbox archived after the form was shown: 400 next to the field, input back, nothing written", async () => {
    const desk = await newDesk();
    const billing = await createInbox(desk, "Billing");
    expect((await archive(desk, billing)).response.status).toBe(302);
    const before = await portalRow(desk.portalId);

    const { response, body } = await setDefault(desk, billing);
    expect(response.status).toBe(400);
    expect(body).toContain("This inbox was archived; choose another.");
    // The message is tied to the inbox field, and the rest of the input comes back.
    expect(body).toMatch(/aria-describedby="[^"]*defaultInboxId-error/);
    expect(body).toMatch(/value="company"[^>]*checked=""|checked=""[^>]*value="company"/);
    expect(await portalRow(desk.portalId)).toEqual(before);
    const audits = await db
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.accountId, desk.account.accountId),
          eq(s.auditLog.action, "portal.update"),
        ),
      );
    expect(audits).toEqual([]);
  });

  it("an open inbox becomes the default, and then cannot be archived", async () => {
    const desk = await newDesk();
    const billing = await createInbox(desk, "Billing");
    expect((await setDefault(desk, billing)).response.status).toBe(302);
    expect((await portalRow(desk.portalId))?.defaultInboxId).toBe(billing);
    const refused = await archive(desk, billing);
    expect(refused.response.status).toBe(400);
    expect(refused.body).toContain("Race Ltd help");
    const [inbox] = await db.select().from(s.inboxes).where(eq(s.inboxes.id, billing));
    expect(inbox?.archivedAt).toBeNull();
  });

  it("another account's inbox is no inbox of this one, and its portal a missing one: nothing changes", async () => {
    const acme = await newDesk();
    const globex = await newDesk();
    const acmeBefore = await portalRow(acme.portalId);
    const globexBefore = await portalRow(globex.portalId);
    // Globex's own portal pointed at Acme's inbox: refused like a made-up id.
    const foreignInbox = await setDefault(globex, acme.account.inboxId);
    expect(foreignInbox.response.status).toBe(400);
    expect(foreignInbox.body).toContain("Choose one of your inboxes.");
    // Acme's portal through Globex's address, and Acme's inbox archived by Globex: 404 and 400.
    const foreignPortal = await postForm(
      accountUrl(globex.team.slug, `/portals/${acme.portalId}/tickets`),
      { defaultInboxId: globex.account.inboxId, ticketPermission: "own" },
      { cookie: globex.team.admin.cookie },
    );
    expect(foreignPortal.response.status).toBe(404);
    expect((await archive(globex, acme.account.inboxId)).response.status).not.toBe(302);
    expect(await portalRow(acme.portalId)).toEqual(acmeBefore);
    expect(await portalRow(globex.portalId)).toEqual(globexBefore);
    const [inbox] = await db.select().from(s.inboxes).where(eq(s.inboxes.id, acme.account.inboxId));
    expect(inbox?.archivedAt).toBeNull();
  });

  it("archive and set-default in parallel, many times: exactly one wins, never a portal on an archived inbox", async () => {
    const desk = await newDesk();
    for (let round = 0; round < 8; round++) {
      const inboxId = await createInbox(desk, `Round ${round}`);
      // Alternate which request is sent first; both are in flight together.
      const [archived, defaulted] =
        round % 2 === 0
          ? await Promise.all([archive(desk, inboxId), setDefault(desk, inboxId)])
          : await Promise.all([setDefault(desk, inboxId), archive(desk, inboxId)]).then(
              ([a, b]) => [b, a] as const,
            );
      const statuses = [archived.response.status, defaulted.response.status];
      // One of the two wins; the other is refused with 400 and writes nothing.
      expect(statuses.filter((status) => status === 302)).toHaveLength(1);
      expect(statuses.filter((status) => status === 400)).toHaveLength(1);
      const [inbox] = await db.select().from(s.inboxes).where(eq(s.inboxes.id, inboxId));
      const portal = await portalRow(desk.portalId);
      if (archived.response.status === 302) {
        expect(inbox?.archivedAt).not.toBeNull();
        expect(portal?.defaultInboxId).not.toBe(inboxId);
        expect(defaulted.body).toContain("This inbox was archived; choose another.");
      } else {
        expect(inbox?.archivedAt).toBeNull();
        expect(portal?.defaultInboxId).toBe(inboxId);
      }
      expect(await portalsOnArchivedInboxes(desk.account.accountId)).toEqual([]);
    }
  });

  it("a new portal's draft takes the first open inbox; archiving it at the same time never leaves the draft on it", async () => {
    const desk = await newDesk();
    for (let round = 0; round < 6; round++) {
      // Oldest of the open inboxes, so the draft picks it.
      const inboxId = `inb_first_${round}_${desk.account.accountId.slice(-6)}`;
      await db.insert(s.inboxes).values({
        id: inboxId,
        accountId: desk.account.accountId,
        name: `First ${round}`,
        createdAt: 1,
      });
      const by = { accountId: desk.account.accountId, actorUserId: desk.team.owner.userId };
      const [archived, draft] = await Promise.all([
        archiveInbox(db, by, inboxId),
        createDraft(db, desk.account.accountId, {
          name: `Draft ${round}`,
          domainId: desk.account.domainId,
          slug: `draft-${round}`,
        }),
      ]);
      expect("portalId" in draft).toBe(true);
      const [row] = await db
        .select()
        .from(s.portals)
        .where(eq(s.portals.id, "portalId" in draft ? draft.portalId : ""));
      // Either the archive came first and the draft took the next inbox, or the draft holds it.
      expect(row?.defaultInboxId === inboxId).toBe(!archived.ok);
      expect(await portalsOnArchivedInboxes(desk.account.accountId)).toEqual([]);
    }
  });
});
