// Sessions in Lucia's design (lucia-auth.com): a random token in an HttpOnly cookie, only the
// secret's hash in D1, sliding expiry, revocable one by one or all at once.
//
// Two kinds that never mix. A portal session names its account, portal and host and is valid only
// there; a dashboard session names a user and the dashboard host. Validation checks all of them, so
// a cookie replayed anywhere else is simply no session.
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type AccessMode,
  type Contact,
  contacts,
  portalMembers,
  sessions,
  twoFactorSecrets,
  type User,
  users,
} from "../../../db/schema";
import { accessColumns, accessOf } from "./access.server";
import { newToken, parseToken, secretMatches } from "./tokens";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
/** A session used in its second half is extended: active people stay signed in. */
const RENEW_WITHIN_MS = SESSION_TTL_MS / 2;

type Session = typeof sessions.$inferSelect;

export type PortalScope = { accountId: string; portalId: string; host: string };

export async function createPortalSession(
  db: Database,
  scope: PortalScope & { contactId: string },
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const { id, secretHash, token } = newToken();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(sessions).values({
    id,
    secretHash,
    kind: "portal",
    accountId: scope.accountId,
    contactId: scope.contactId,
    portalId: scope.portalId,
    host: scope.host,
    expiresAt,
    createdAt: now,
  });
  return { token, expiresAt };
}

export async function createDashboardSession(
  db: Database,
  scope: { userId: string; host: string },
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const { id, secretHash, token } = newToken();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(sessions).values({
    id,
    secretHash,
    kind: "dashboard",
    userId: scope.userId,
    host: scope.host,
    expiresAt,
    createdAt: now,
  });
  return { token, expiresAt };
}

/** Checks the secret, the expiry, and slides the expiry forward when due. */
async function checkSession(db: Database, session: Session, secret: string, now: number) {
  if (!secretMatches(secret, session.secretHash)) return null;
  if (session.expiresAt <= now) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return null;
  }
  if (session.expiresAt - now < RENEW_WITHIN_MS) {
    session.expiresAt = now + SESSION_TTL_MS;
    await db
      .update(sessions)
      .set({ expiresAt: session.expiresAt })
      .where(eq(sessions.id, session.id));
  }
  return session;
}

/**
 * The contact behind a portal session cookie, if it belongs to exactly this portal and host and the
 * contact may still sign in there. Access is decided on every request by the same rule as at
 * sign-in, from facts selected in the same query: a contact removed from the portal's access group,
 * revoked, or left out by a new access mode has no session here from that moment.
 */
export async function validatePortalSession(
  db: Database,
  cookieValue: string | null | undefined,
  scope: PortalScope & { accessMode: AccessMode },
  now = Date.now(),
): Promise<{ session: Session; contact: Contact } | null> {
  const parsed = parseToken(cookieValue);
  if (!parsed) return null;
  const [row] = await db
    .select({
      session: sessions,
      contact: contacts,
      ...accessColumns({
        accountId: sessions.accountId,
        portalId: sessions.portalId,
        contactId: sessions.contactId,
      }),
      inviteStatus: portalMembers.inviteStatus,
      revokedAt: portalMembers.revokedAt,
    })
    .from(sessions)
    .innerJoin(
      contacts,
      and(eq(contacts.id, sessions.contactId), eq(contacts.accountId, sessions.accountId)),
    )
    .leftJoin(
      portalMembers,
      and(
        eq(portalMembers.portalId, sessions.portalId),
        eq(portalMembers.contactId, sessions.contactId),
        eq(portalMembers.accountId, sessions.accountId),
      ),
    )
    .where(
      and(
        eq(sessions.id, parsed.id),
        eq(sessions.kind, "portal"),
        eq(sessions.accountId, scope.accountId),
        eq(sessions.portalId, scope.portalId),
        eq(sessions.host, scope.host),
      ),
    );
  if (!row || !accessOf(scope.accessMode, row).maySignIn) return null;
  const session = await checkSession(db, row.session, parsed.secret, now);
  return session ? { session, contact: row.contact } : null;
}

/**
 * The user behind a dashboard session cookie, if it was made on this dashboard host, and whether
 * they have two-factor on (accounts that require it read this on every request).
 */
export async function validateDashboardSession(
  db: Database,
  cookieValue: string | null | undefined,
  host: string,
  now = Date.now(),
): Promise<{ session: Session; user: User; twoFactor: boolean } | null> {
  const parsed = parseToken(cookieValue);
  if (!parsed) return null;
  const [row] = await db
    .select({ session: sessions, user: users, twoFactorSince: twoFactorSecrets.enabledAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(twoFactorSecrets, eq(twoFactorSecrets.userId, sessions.userId))
    .where(
      and(eq(sessions.id, parsed.id), eq(sessions.kind, "dashboard"), eq(sessions.host, host)),
    );
  if (!row) return null;
  const session = await checkSession(db, row.session, parsed.secret, now);
  return session ? { session, user: row.user, twoFactor: row.twoFactorSince !== null } : null;
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** "Sign out everywhere", and what a password reset does: every session of the contact ends. */
export function invalidateContactSessions(db: Database, accountId: string, contactId: string) {
  return db
    .delete(sessions)
    .where(and(eq(sessions.accountId, accountId), eq(sessions.contactId, contactId)));
}

export function invalidateUserSessions(db: Database, userId: string) {
  return db.delete(sessions).where(eq(sessions.userId, userId));
}
