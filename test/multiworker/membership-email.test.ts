// The seed's rule from outside, through both workers and the real queue: on an access-group portal
// on a system domain, a member's self-service registration reaches no email provider (the log says
// why), the page answers as it does for any address, and a registered member's password reset
// still goes out. "Send invites" on an access group emails only where the rule allows: one email per
// member who has not accepted on a custom domain, none at all on a system domain.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../app/lib/db/ids";
import type { Database } from "../../db/client";
import {
  accessGroups,
  domains,
  emailLog,
  oneTimeTokens,
  portalAccessGroups,
  portalMembers,
  portals,
} from "../../db/schema";
import { addToAccessGroup, createAccessGroup, createAccount, createContact } from "../factories";
import { type FakeResendServer, startFakeResend } from "../fakes/resend";
import { accountUrl, createTeam } from "../support/dashboard";
import { eventually, type Stack, startStack } from "../support/stack";

const FINISHED = new Set(["sent", "skipped", "failed"]);

describe("membership emails through both workers", () => {
  let stack: Stack;
  let resend: FakeResendServer;
  let db: Database;

  beforeAll(async () => {
    resend = await startFakeResend();
    stack = await startStack({
      emailBindings: {
        RESEND_API_KEY: "re_multiworker_test",
        RESEND_BASE_URL: resend.url,
        EMAIL_MAX_RETRIES: "3",
        EMAIL_RETRY_BASE_SECONDS: "0",
      },
      queue: { maxRetries: 3, retryDelay: 0 },
    });
    db = stack.db as unknown as Database;
  });

  afterAll(async () => {
    await stack?.dispose();
    await resend?.close();
  });

  function post(url: string, fields: Record<string, string>, cookie?: string) {
    // Miniflare rewrites Host on the way in, so the browser's other same-origin proof is sent.
    return stack.mf.dispatchFetch(url, {
      method: "POST",
      body: new URLSearchParams(fields).toString(),
      headers: {
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
        ...(cookie ? { Cookie: cookie } : {}),
      },
      redirect: "manual",
    });
  }

  /**
   * The page's answer with the typed address and the per-response nonce taken out: what is left
   * is everything that could tell one address from another.
   */
  async function answer(url: string, email: string) {
    const response = await post(url, { email });
    const body = (await response.text())
      .replaceAll(email, "ADDRESS")
      .replace(/nonce="[^"]*"/g, 'nonce=""');
    return { status: response.status, body };
  }

  function finished(portalId: string, kind: string, recipient: string) {
    return eventually(async () => {
      const [row] = await stack.db
        .select()
        .from(emailLog)
        .where(
          and(
            eq(emailLog.portalId, portalId),
            eq(emailLog.kind, kind),
            eq(emailLog.recipient, recipient),
          ),
        );
      return row && FINISHED.has(row.status) ? row : undefined;
    });
  }

  it("a member's registration reaches no provider; a registered member's reset does", async () => {
    const fixture = await createAccount(db, { kind: "system", accessMode: "access_groups" });
    const portalId = fixture.portalIds[0] as string;
    const base = `http://${fixture.hostname}/help`;
    const newcomer = await createContact(db, fixture.accountId, {
      email: `new-${fixture.accountId.slice(-6)}@member.example`,
      membershipEmail: `new-${fixture.accountId.slice(-6)}@portal.member.example`,
    });
    const registered = await createContact(db, fixture.accountId, {
      email: `old-${fixture.accountId.slice(-6)}@member.example`,
      passwordHash: "scrypt$not-checked-here",
    });
    const { accessGroupId } = await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId,
      contactId: newcomer.contactId,
      inviteStatus: null,
    });
    await createContact(db, fixture.accountId, {
      email: `peer-${fixture.accountId.slice(-6)}@member.example`,
      accessGroupIds: [accessGroupId],
    });
    await addToAccessGroup(db, {
      accountId: fixture.accountId,
      portalId,
      contactId: registered.contactId,
      inviteStatus: "accepted",
    });

    // The same answer for the member as for an address nobody has.
    const member = await answer(`${base}/register`, newcomer.email);
    const stranger = await answer(`${base}/register`, "nobody@nowhere.example");
    expect(member.status).toBe(200);
    expect(member).toEqual(stranger);

    const skipped = await finished(portalId, "registration", newcomer.signInEmail);
    expect(skipped).toMatchObject({
      status: "skipped",
      reason: "skipped: system domain",
      providerId: null,
    });
    // The link that email would have carried reaches nobody, so it is no longer usable.
    const registrationLinks = await stack.db
      .select()
      .from(oneTimeTokens)
      .where(
        and(
          eq(oneTimeTokens.contactId, newcomer.contactId),
          eq(oneTimeTokens.kind, "registration"),
        ),
      );
    expect(registrationLinks).toHaveLength(1);
    expect(registrationLinks[0]?.usedAt).not.toBeNull();

    // The admin hands the member a link instead: the Members tab's invite shows it once, and it
    // still works after the email worker has skipped the invite email.
    const team = await createTeam(db, fixture);
    const invited = await post(
      accountUrl(team.slug, `/portals/${portalId}/members`),
      { intent: "invite", member: newcomer.contactId },
      team.admin.cookie,
    );
    expect(invited.status).toBe(200);
    const link = (await invited.text()).match(/value="(http:\/\/[^"]+\/help\/join\/[^"]+)"/)?.[1];
    expect(link).toBeTruthy();
    const invite = await finished(portalId, "access_group_invite", newcomer.signInEmail);
    expect(invite).toMatchObject({ status: "skipped", reason: "skipped: system domain" });
    const join = await stack.mf.dispatchFetch(link as string);
    expect(join.status).toBe(200);
    expect(await join.text()).toContain(newcomer.signInEmail);

    const reset = await post(`${base}/forgot-password`, { email: registered.email });
    expect(reset.status).toBe(200);
    const sent = await finished(portalId, "password_reset", registered.email);
    expect(sent.status).toBe("sent");
    expect(resend.model.emailsTo(registered.email)).toHaveLength(1);

    // Zero requests of any kind reached the fake for the member, at either address.
    expect(resend.model.requestsFor(newcomer.signInEmail)).toHaveLength(0);
    expect(resend.model.requestsFor(newcomer.email)).toHaveLength(0);
    expect(resend.model.requests).toHaveLength(1);
  });

  /**
   * A factory copy of Acme's "Key accounts": Jan and Eva accepted on the portal, Piet (with his own
   * membership email) has not. The same group also admits a second portal on the system domain.
   */
  async function keyAccounts() {
    const fixture = await createAccount(db, {
      kind: "custom",
      hostname: `help-${newId("h").slice(-8)}.localhost`,
      language: "nl",
      slugs: ["portal"],
      accessMode: "access_groups",
    });
    const systemSite = await createAccount(db, { kind: "system", accessMode: "access_groups" });
    const team = await createTeam(db, fixture);
    const portalId = fixture.portalIds[0] as string;
    const groupId = await createAccessGroup(db, fixture.accountId, portalId);
    await stack.db
      .update(accessGroups)
      .set({ name: "Key accounts" })
      .where(eq(accessGroups.id, groupId));
    const suffix = fixture.accountId.slice(-6);
    const [jan, eva, piet] = await Promise.all(
      ["jan", "eva", "piet"].map((name) =>
        createContact(db, fixture.accountId, {
          name: `${name[0]?.toUpperCase()}${name.slice(1)} Bakker`,
          email: `${name}-${suffix}@klant.example`,
          membershipEmail: name === "piet" ? `piet.portal-${suffix}@klant.example` : null,
          accessGroupIds: [groupId],
        }),
      ),
    );
    for (const accepted of [jan, eva]) {
      await stack.db.insert(portalMembers).values({
        id: newId("pmb"),
        accountId: fixture.accountId,
        portalId,
        contactId: accepted?.contactId as string,
        inviteStatus: "accepted",
        acceptedAt: Date.now(),
      });
    }
    // A portal of the same account on its system domain, admitting the same group.
    const systemPortal = newId("prt");
    const [template] = await stack.db.select().from(portals).where(eq(portals.id, portalId));
    await stack.db.insert(portals).values({
      ...(template as typeof portals.$inferInsert),
      id: systemPortal,
      slug: "support",
      name: "Acme Support",
      domainId: await systemDomainOf(fixture.accountId, systemSite.hostname),
    });
    await stack.db
      .insert(portalAccessGroups)
      .values({ accountId: fixture.accountId, portalId: systemPortal, accessGroupId: groupId });
    return { fixture, team, portalId, systemPortal, groupId, jan, eva, piet };
  }

  /** A system domain for the account, so a second portal can sit on it. */
  async function systemDomainOf(accountId: string, hostnameTemplate: string) {
    const id = newId("dom");
    await stack.db.insert(domains).values({
      id,
      accountId,
      hostname: `s-${id.slice(-8)}.${hostnameTemplate.split(".").slice(1).join(".")}`,
      kind: "system",
      status: "active",
      primaryLanguage: "nl",
      verificationToken: newId("tok"),
      statusChangedAt: Date.now(),
    });
    return id;
  }

  async function sendInvites(groupUrl: string, portalId: string, cookie: string) {
    const page = await stack.mf.dispatchFetch(groupUrl, { headers: { Cookie: cookie } });
    const round = (await page.text()).match(/name="round" value="([^"]+)"/)?.[1] ?? "";
    const response = await post(groupUrl, { intent: "invite", portal: portalId, round }, cookie);
    return { status: response.status, body: await response.text() };
  }

  it("send invites on a custom domain: one email, to the member who has not accepted, in Dutch", async () => {
    const { fixture, team, portalId, groupId, jan, eva, piet } = await keyAccounts();
    const groupUrl = accountUrl(team.slug, `/access-groups/${groupId}`);
    const sent = await sendInvites(groupUrl, portalId, team.admin.cookie);
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("Invites on their way: 1.");

    const row = await finished(portalId, "access_group_invite", piet?.signInEmail as string);
    expect(row.status).toBe("sent");
    const emails = resend.model.emailsTo(piet?.signInEmail as string);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe(`U bent uitgenodigd voor ${fixture.name} portal`);
    expect(emails[0]?.text).toContain(`http://${fixture.hostname}/portal/join/`);
    for (const other of [jan, eva]) {
      expect(resend.model.requestsFor(other?.email as string)).toHaveLength(0);
    }
    expect(resend.model.requestsFor(piet?.email as string)).toHaveLength(0);
  });

  it("send invites for the same group on a system-domain portal: zero requests, a skipped row", async () => {
    const { team, systemPortal, groupId, piet } = await keyAccounts();
    const before = resend.model.requests.length;
    const groupUrl = accountUrl(team.slug, `/access-groups/${groupId}`);
    const sent = await sendInvites(groupUrl, systemPortal, team.admin.cookie);
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("No email was sent: portals on a system domain");
    // All three get a link to pass on: nobody has accepted on this portal.
    expect(sent.body.match(/value="http:\/\/[^"]*\/support\/join\/[^"]+"/g)).toHaveLength(3);

    const row = await finished(systemPortal, "access_group_invite", piet?.signInEmail as string);
    expect(row).toMatchObject({ status: "skipped", reason: "skipped: system domain" });
    const rows = await eventually(async () => {
      const all = await stack.db.select().from(emailLog).where(eq(emailLog.portalId, systemPortal));
      return all.length === 3 && all.every((one) => FINISHED.has(one.status)) ? all : undefined;
    });
    expect(rows.map((one) => one.reason)).toEqual(Array(3).fill("skipped: system domain"));
    expect(resend.model.requests.length).toBe(before);
  });
});
