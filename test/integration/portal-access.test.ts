import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/lib/auth/password";
import { createPortalSession, validatePortalSession } from "../../app/lib/auth/sessions.server";
import { createDb } from "../../db/client";
import { accessGroupMembers, contacts, portals, sessions } from "../../db/schema";
import { createAccessGroup, createAccount, createContact, createLink } from "../factories";
import { countingD1 } from "../support/counting-d1";
import { getPage, postForm, signInPortal } from "../support/http";

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** An access-groups portal with one member who has a password. */
async function groupPortal() {
  const fixture = await createAccount(db, { accessMode: "access_groups" });
  const portalId = fixture.portalIds[0] as string;
  const group = await createAccessGroup(db, fixture.accountId, portalId);
  const contact = await createContact(db, fixture.accountId, {
    passwordHash,
    accessGroupIds: [group],
  });
  return { ...fixture, portalId, group, ...contact, base: `http://${fixture.hostname}/help` };
}

describe("a portal session follows the portal's current access rule", () => {
  it("ends when the contact is removed from the portal's access group", async () => {
    const portal = await groupPortal();
    const cookie = await signInPortal(portal.base, portal.email, PASSWORD);
    expect((await getPage(`${portal.base}/tickets`, cookie)).response.status).toBe(200);
    await db
      .delete(accessGroupMembers)
      .where(
        and(
          eq(accessGroupMembers.accountId, portal.accountId),
          eq(accessGroupMembers.contactId, portal.contactId),
        ),
      );
    expect((await getPage(`${portal.base}/tickets`, cookie)).response.status).toBe(302);
  });

  it("ends for a contact with only a ticket when the portal switches to access groups", async () => {
    const fixture = await createAccount(db);
    const portalId = fixture.portalIds[0] as string;
    const { contactId } = await createContact(db, fixture.accountId, {
      passwordHash,
      withTicket: { inboxId: fixture.inboxId },
    });
    const scope = { accountId: fixture.accountId, portalId, host: fixture.hostname };
    const { token } = await createPortalSession(db, { ...scope, contactId });
    const check = (accessMode: "anyone_with_ticket" | "access_groups") =>
      validatePortalSession(db, token, { ...scope, accessMode });
    expect(await check("anyone_with_ticket")).not.toBeNull();
    await db.update(portals).set({ accessMode: "access_groups" }).where(eq(portals.id, portalId));
    expect(await check("access_groups")).toBeNull();
    // Through the worker: this host's first request resolves the portal with its new mode.
    const cookie = `portico_portal_${portalId}=${token}`;
    const base = `http://${fixture.hostname}/help`;
    expect((await getPage(`${base}/tickets`, cookie)).response.status).toBe(302);
  });

  it("stays one D1 query", async () => {
    const portal = await groupPortal();
    const scope = {
      accountId: portal.accountId,
      portalId: portal.portalId,
      host: portal.hostname,
    };
    const { token } = await createPortalSession(db, { ...scope, contactId: portal.contactId });
    const counter = countingD1(env.DB);
    const signedIn = await validatePortalSession(createDb(counter.d1), token, {
      ...scope,
      accessMode: "access_groups",
    });
    expect(signedIn?.contact.id).toBe(portal.contactId);
    expect(counter.count()).toBe(1);
  });
});

describe("completing a password reset", () => {
  it("without access to the portal is refused: no new password, no session", async () => {
    const portal = await groupPortal();
    const token = await createLink(
      db,
      { accountId: portal.accountId, portalId: portal.portalId, contactId: portal.contactId },
      "password_reset",
    );
    await db.delete(accessGroupMembers).where(eq(accessGroupMembers.contactId, portal.contactId));
    const { response } = await postForm(`${portal.base}/reset-password/${token}`, {
      password: "a brand new secret",
    });
    expect(response.status).toBe(410);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(
      await db.select().from(sessions).where(eq(sessions.contactId, portal.contactId)),
    ).toEqual([]);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, portal.contactId));
    expect(contact?.passwordHash).toBe(passwordHash);
  });

  it("with access still signs the contact in", async () => {
    const portal = await groupPortal();
    const token = await createLink(
      db,
      { accountId: portal.accountId, portalId: portal.portalId, contactId: portal.contactId },
      "password_reset",
    );
    const { response } = await postForm(`${portal.base}/reset-password/${token}`, {
      password: "a brand new secret",
    });
    expect(response.status).toBe(302);
  });
});
