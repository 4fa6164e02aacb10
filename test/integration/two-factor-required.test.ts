import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../app/lib/config";
import { totpCode } from "../../app/lib/two-factor/totp";
import { enableTwoFactor, pendingSecret } from "../../app/lib/two-factor/two-factor.server";
import { createDb } from "../../db/client";
import { accounts, auditLog, memberships } from "../../db/schema";
import { createAccount } from "../factories";
import { accountUrl, createTeam, DASHBOARD } from "../support/dashboard";
import { getPage, postForm } from "../support/http";

const db = createDb(env.DB);
const config = readConfig(env);

async function turnOnTwoFactor(member: { userId: string; email: string }) {
  const key = await pendingSecret(db, config, member.userId);
  if (!key) throw new Error("no pending secret");
  const now = Date.now();
  const on = await enableTwoFactor(
    db,
    config,
    { id: member.userId, email: member.email },
    totpCode(key, now),
    now,
  );
  if (!on.ok) throw new Error(on.error);
}

async function requiringTeam() {
  const fixture = await createAccount(db);
  const team = await createTeam(db, fixture);
  await turnOnTwoFactor(team.owner);
  const saved = await postForm(
    accountUrl(team.slug, "/settings/security"),
    { requireTwoFactor: "on" },
    { cookie: team.owner.cookie },
  );
  expect(saved.response.status).toBe(302);
  return { fixture, team };
}

describe("an account that requires two-factor", () => {
  it("is switched on by the owner only, with an audit entry", async () => {
    const { fixture, team } = await requiringTeam();
    const row = await db.select().from(accounts).where(eq(accounts.id, fixture.accountId)).get();
    expect(row?.requireTwoFactor).toBe(true);
    const entries = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.accountId, fixture.accountId),
          eq(auditLog.action, "account.require_two_factor"),
        ),
      );
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actorUserId).toBe(team.owner.userId);
    expect(entries[0]?.details).toEqual({
      before: { requireTwoFactor: false },
      after: { requireTwoFactor: true },
    });

    // The admin (who has no two-factor) is sent to set-up before the role check answers.
    const admin = await postForm(
      accountUrl(team.slug, "/settings/security"),
      {},
      {
        cookie: team.admin.cookie,
      },
    );
    expect(admin.response.status).toBe(302);
    await turnOnTwoFactor(team.admin);
    const refused = await postForm(
      accountUrl(team.slug, "/settings/security"),
      {},
      {
        cookie: team.admin.cookie,
      },
    );
    expect(refused.response.status).toBe(403);
    const still = await db.select().from(accounts).where(eq(accounts.id, fixture.accountId)).get();
    expect(still?.requireTwoFactor).toBe(true);

    const bad = await postForm(
      accountUrl(team.slug, "/settings/security"),
      { requireTwoFactor: "yes please" },
      { cookie: team.owner.cookie },
    );
    expect(bad.response.status).toBe(400);
  });

  it("sends a member without two-factor to set-up on every page, and lets them in after", async () => {
    const { team } = await requiringTeam();
    for (const path of ["", "/audit", ".data"]) {
      const url = path === ".data" ? `${accountUrl(team.slug)}.data` : accountUrl(team.slug, path);
      const { response, body } = await getPage(url, team.agent.cookie);
      const target = `/profile/two-factor?account=${team.slug}`;
      if (path === ".data") {
        // Single fetch answers a redirect in its body, for the client router to follow.
        expect(body).toContain("SingleFetchRedirect");
        expect(body).toContain(target);
      } else {
        expect(response.status).toBe(302);
        expect(response.headers.get("location")).toBe(target);
      }
    }
    const setUp = await getPage(
      `${DASHBOARD}/profile/two-factor?account=${team.slug}`,
      team.agent.cookie,
    );
    expect(setUp.response.status).toBe(200);
    expect(setUp.body).toContain("requires two-factor authentication");

    await turnOnTwoFactor(team.agent);
    const home = await getPage(accountUrl(team.slug), team.agent.cookie);
    expect(home.response.status).toBe(200);
  });

  it("leaves the member's other accounts alone", async () => {
    const { team } = await requiringTeam();
    const other = await createAccount(db);
    await db
      .insert(memberships)
      .values({ accountId: other.accountId, userId: team.agent.userId, role: "agent" });
    const slug = (await db.select().from(accounts).where(eq(accounts.id, other.accountId)).get())
      ?.slug;
    expect((await getPage(accountUrl(slug ?? ""), team.agent.cookie)).response.status).toBe(200);
    expect((await getPage(accountUrl(team.slug), team.agent.cookie)).response.status).toBe(302);
  });

  it("shows the owner who has no two-factor yet, and records members turning it on", async () => {
    const { fixture, team } = await requiringTeam();
    const page = await getPage(accountUrl(team.slug, "/settings/security"), team.owner.cookie);
    expect(page.body).toContain(`<li>Alex Agent (${team.agent.email})</li>`);
    expect(page.body).not.toContain(`<li>Olga Owner (${team.owner.email})</li>`);
    await turnOnTwoFactor(team.agent);
    const entries = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.accountId, fixture.accountId), eq(auditLog.action, "member.two_factor_on")),
      );
    expect(entries.map((entry) => entry.actorUserId).sort()).toEqual(
      [team.owner.userId, team.agent.userId].sort(),
    );
    // The Team page says who has it, in a column of its own.
    const teamPage = await getPage(accountUrl(team.slug, "/team"), team.owner.cookie);
    const rowOf = (email: string) =>
      new RegExp(`<td>${email.replace(/\./g, "\\.")}</td><td>[^<]+</td><td>(On|Off)</td>`).exec(
        teamPage.body,
      )?.[1];
    expect(rowOf(team.owner.email)).toBe("On");
    expect(rowOf(team.agent.email)).toBe("On");
    expect(rowOf(team.admin.email)).toBe("Off");
    const after = await getPage(accountUrl(team.slug, "/settings/security"), team.owner.cookie);
    expect(after.body).not.toContain(`<li>Alex Agent (${team.agent.email})</li>`);
  });
});
