// Dashboard members for tests: a user with a role in an account and a signed-in session cookie,
// made directly in D1 (no password hashing per test).
import { eq } from "drizzle-orm";
import { dashboardCookieName } from "../../app/lib/auth/cookies";
import { createDashboardSession } from "../../app/lib/auth/sessions.server";
import type { Database } from "../../db/client";
import { accounts, type Role } from "../../db/schema";
import { type AccountFixture, createUser } from "../factories";

export const DASHBOARD = "http://app.localhost";

export type Member = { userId: string; email: string; role: Role; cookie: string };

/** `name=value` of a fresh dashboard session for the user (plain http: the non-secure name). */
export async function dashboardCookie(db: Database, userId: string): Promise<string> {
  const { token } = await createDashboardSession(db, { userId, host: "app.localhost" });
  return `${dashboardCookieName(false)}=${token}`;
}

export async function createMember(
  db: Database,
  accountId: string,
  role: Role,
  options: { name?: string; email?: string } = {},
): Promise<Member> {
  const user = await createUser(db, accountId, { role, ...options });
  return { ...user, role, cookie: await dashboardCookie(db, user.userId) };
}

export type Team = Record<Role, Member> & { slug: string };

/** An owner, an admin and an agent of the account, each signed in. */
export async function createTeam(db: Database, fixture: AccountFixture): Promise<Team> {
  const [owner, admin, agent, account] = await Promise.all([
    createMember(db, fixture.accountId, "owner", { name: "Olga Owner" }),
    createMember(db, fixture.accountId, "admin", { name: "Adam Admin" }),
    createMember(db, fixture.accountId, "agent", { name: "Alex Agent" }),
    db
      .select({ slug: accounts.slug })
      .from(accounts)
      .where(eq(accounts.id, fixture.accountId))
      .get(),
  ]);
  return { owner, admin, agent, slug: account?.slug ?? "" };
}

/** `/a/{slug}{path}` on the dashboard host. */
export function accountUrl(slug: string, path = ""): string {
  return `${DASHBOARD}/a/${slug}${path}`;
}
