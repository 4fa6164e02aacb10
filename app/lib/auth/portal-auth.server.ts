// Everything a customer does to get into a portal: sign in, register, join by invite, reset.
// Routes call these; the rules (access, lockout, single-use links) live here and in access.ts.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  type Contact,
  contacts,
  oneTimeTokens,
  type Portal,
  portalMembers,
} from "../../../db/schema";
import type { Config } from "../config";
import { newId } from "../db/ids";
import { type EmailProducer, enqueueEmail } from "../email/enqueue.server";
import { loadAccess } from "./access.server";
import { normalizeEmail } from "./addresses";
import { type AttemptFailure, attemptPassword } from "./attempt.server";
import { LINK_TTL_MS, spendLink } from "./links.server";
import { hashPassword } from "./password";
import { countAttempt } from "./rate-limit.server";
import { createPortalSession, invalidateContactSessions } from "./sessions.server";
import { newToken, parseToken, secretMatches } from "./tokens";

type PortalRef = { portal: Portal; account: Account };

/** Sign-in uses the membership email when set, else the email (the generated sign_in_email). */
function findBySignInEmail(db: Database, accountId: string, email: string) {
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.accountId, accountId),
        eq(contacts.signInEmail, email),
        // The account's "Deleted contact" is nobody: it never signs in or registers.
        eq(contacts.placeholder, false),
      ),
    )
    .get();
}

/**
 * Registration may start from either address. One contact's sign-in email can be another's email;
 * then the sign-in email wins (it is unique in the account), and among email matches the lowest id,
 * so the same address always reaches the same contact.
 */
export function findByEitherEmail(db: Database, accountId: string, email: string) {
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.accountId, accountId),
        or(eq(contacts.signInEmail, email), eq(contacts.email, email)),
        eq(contacts.placeholder, false),
      ),
    )
    .orderBy(sql`${contacts.signInEmail} = ${email} desc`, contacts.id)
    .limit(1)
    .get();
}

export type SignInResult =
  | { ok: true; contact: Contact; token: string; expiresAt: number }
  | AttemptFailure;

export async function signInContact(
  db: Database,
  config: Config,
  ref: PortalRef & { host: string; ip: string },
  input: { email: string; password: string },
  now = Date.now(),
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const contact = await findBySignInEmail(db, ref.account.id, email);
  const attempt = await attemptPassword(
    db,
    config,
    {
      ip: ref.ip,
      password: input.password,
      principal: contact ? { table: "contacts", ...contact } : null,
      address: { scope: ref.account.id, email },
    },
    now,
  );
  if (!attempt.ok) return attempt;
  if (!contact) return { ok: false, error: "signIn.invalid" };
  // A right password without access to this portal reads like a wrong one.
  const access = await loadAccess(db, ref.portal, contact.id);
  if (!access.maySignIn) return { ok: false, error: "signIn.invalid" };

  await db.batch([
    db
      .update(contacts)
      .set({ failedSignIns: 0, lockedUntil: null })
      .where(eq(contacts.id, contact.id)),
    db
      .insert(portalMembers)
      .values({
        id: newId("pmb"),
        accountId: ref.account.id,
        portalId: ref.portal.id,
        contactId: contact.id,
        inviteStatus: "accepted",
        acceptedAt: now,
        lastSignInAt: now,
      })
      .onConflictDoUpdate({
        target: [portalMembers.portalId, portalMembers.contactId],
        // An invited member who signs in with their account-wide password has accepted.
        set: {
          inviteStatus: "accepted",
          acceptedAt: sql`coalesce(${portalMembers.acceptedAt}, ${now})`,
          lastSignInAt: now,
        },
      }),
  ]);
  const session = await createPortalSession(db, portalSessionScope(ref, contact.id), now);
  return { ok: true, contact, ...session };
}

export type LinkKind = "registration" | "password_reset" | "access_group_invite";

/**
 * A new single-use link for the contact on this portal: the raw token (shown or mailed once, never
 * stored) and the statement that stores its hash, for the caller's batch.
 */
export function newLink(
  db: Database,
  ref: { accountId: string; portalId: string; contactId: string },
  kind: LinkKind,
  now: number,
) {
  const { id, secretHash, token } = newToken();
  const statement = db.insert(oneTimeTokens).values({
    id,
    secretHash,
    kind,
    ...ref,
    expiresAt: now + LINK_TTL_MS,
    createdAt: now,
  });
  return { id, token, statement };
}

async function issueLink(
  db: Database,
  ref: PortalRef,
  contactId: string,
  kind: LinkKind,
  now: number,
): Promise<{ id: string; token: string }> {
  const link = newLink(
    db,
    { accountId: ref.account.id, portalId: ref.portal.id, contactId },
    kind,
    now,
  );
  await link.statement;
  return { id: link.id, token: link.token };
}

/** A few links an hour per contact: enough for a lost email, too few to flood an inbox. */
const LINKS_PER_HOUR = 5;

/** Counts one link for the contact, whoever asked for it (the contact, or an admin for them). */
export function countLink(db: Database, contactId: string, now: number) {
  return countAttempt(db, `links:contact:${contactId}`, LINKS_PER_HOUR, 3_600_000, now);
}

function withinLinkLimit(db: Database, contactId: string, now: number): Promise<boolean> {
  return countLink(db, contactId, now).then((result) => result.allowed);
}

/** Issues a single-use link and queues the email that carries it (within the per-contact limit). */
async function sendLink(
  producer: EmailProducer,
  ref: PortalRef,
  contactId: string,
  kind: "registration" | "password_reset",
  now: number,
): Promise<void> {
  if (!(await withinLinkLimit(producer.db, contactId, now))) return;
  const link = await issueLink(producer.db, ref, contactId, kind, now);
  await enqueueEmail(producer, {
    kind,
    idempotencyKey: `${kind}:${link.id}`,
    accountId: ref.account.id,
    portalId: ref.portal.id,
    contactId,
    token: link.token,
  });
}

/**
 * "Register": sends a single-use link to the contact's membership email when the portal admits
 * them; otherwise nothing. The caller answers the same either way.
 */
export async function requestRegistration(
  producer: EmailProducer,
  ref: PortalRef,
  email: string,
  now = Date.now(),
): Promise<void> {
  const contact = await findByEitherEmail(producer.db, ref.account.id, normalizeEmail(email));
  if (!contact) return;
  const access = await loadAccess(producer.db, ref.portal, contact.id);
  if (!access.mayRegister) return;
  await sendLink(producer, ref, contact.id, "registration", now);
}

/** "Forgot password": a reset link for a contact who may sign in here; otherwise nothing. */
export async function requestPasswordReset(
  producer: EmailProducer,
  ref: PortalRef,
  email: string,
  now = Date.now(),
): Promise<void> {
  const contact = await findBySignInEmail(producer.db, ref.account.id, normalizeEmail(email));
  if (!contact?.passwordHash) return;
  const access = await loadAccess(producer.db, ref.portal, contact.id);
  if (!access.maySignIn) return;
  await sendLink(producer, ref, contact.id, "password_reset", now);
}

export type LinkTarget = { tokenId: string; contact: Contact };

/** A link that may still be used on this portal (not spent, not expired), and its contact. */
export async function checkLink(
  db: Database,
  ref: PortalRef,
  rawToken: string | undefined,
  kinds: readonly LinkKind[],
  now = Date.now(),
): Promise<LinkTarget | null> {
  const parsed = parseToken(rawToken);
  if (!parsed) return null;
  const row = await db
    .select({ token: oneTimeTokens, contact: contacts })
    .from(oneTimeTokens)
    .innerJoin(
      contacts,
      and(
        eq(contacts.id, oneTimeTokens.contactId),
        eq(contacts.accountId, oneTimeTokens.accountId),
      ),
    )
    .where(
      and(
        eq(oneTimeTokens.id, parsed.id),
        eq(oneTimeTokens.accountId, ref.account.id),
        eq(oneTimeTokens.portalId, ref.portal.id),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .get();
  if (!row || !kinds.includes(row.token.kind as LinkKind)) return null;
  if (!secretMatches(parsed.secret, row.token.secretHash)) return null;
  return { tokenId: row.token.id, contact: row.contact };
}

/** Every link of the contact still unused: a new password makes them all void. */
export function spendAllLinks(db: Database, accountId: string, contactId: string, now: number) {
  return db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.accountId, accountId),
        eq(oneTimeTokens.contactId, contactId),
        isNull(oneTimeTokens.usedAt),
      ),
    );
}

/**
 * A new password for a contact, as statements for the caller's batch: whoever held the old one is
 * signed out, the failure count starts again, and older links are void.
 */
function newPasswordStatements(
  db: Database,
  accountId: string,
  contactId: string,
  passwordHash: string,
  now: number,
) {
  return [
    db
      .update(contacts)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId))),
    invalidateContactSessions(db, accountId, contactId),
    spendAllLinks(db, accountId, contactId, now),
  ] as const;
}

function portalSessionScope(ref: PortalRef & { host: string }, contactId: string) {
  return { accountId: ref.account.id, portalId: ref.portal.id, host: ref.host, contactId };
}

/**
 * Sets the password from a registration or invite link, records membership (and consent), and
 * signs the contact in. Null when the link was spent in the meantime.
 */
export async function completeRegistration(
  db: Database,
  ref: PortalRef & { host: string },
  target: LinkTarget,
  input: { password: string; consentVersion: number | null },
  now = Date.now(),
): Promise<{ token: string; expiresAt: number } | null> {
  // Access may have been revoked since the link went out.
  if (!(await loadAccess(db, ref.portal, target.contact.id)).mayRegister) return null;
  const passwordHash = await hashPassword(input.password);
  if (!(await spendLink(db, target.tokenId, now))) return null;
  const consent =
    input.consentVersion === null ? {} : { consentVersion: input.consentVersion, consentedAt: now };
  await db.batch([
    ...newPasswordStatements(db, ref.account.id, target.contact.id, passwordHash, now),
    db
      .insert(portalMembers)
      .values({
        id: newId("pmb"),
        accountId: ref.account.id,
        portalId: ref.portal.id,
        contactId: target.contact.id,
        inviteStatus: "accepted",
        acceptedAt: now,
        lastSignInAt: now,
        ...consent,
      })
      .onConflictDoUpdate({
        target: [portalMembers.portalId, portalMembers.contactId],
        set: { inviteStatus: "accepted", acceptedAt: now, lastSignInAt: now, ...consent },
      }),
  ]);
  return createPortalSession(db, portalSessionScope(ref, target.contact.id), now);
}

/**
 * Sets a new password from a reset link; every existing session of the contact ends. Null when the
 * link was spent in the meantime, or the contact may no longer sign in to this portal.
 */
export async function completePasswordReset(
  db: Database,
  ref: PortalRef & { host: string },
  target: LinkTarget,
  password: string,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number } | null> {
  // Access may have ended since the link went out; a reset is no way back in.
  if (!(await loadAccess(db, ref.portal, target.contact.id)).maySignIn) return null;
  const passwordHash = await hashPassword(password);
  if (!(await spendLink(db, target.tokenId, now))) return null;
  await db.batch([
    ...newPasswordStatements(db, ref.account.id, target.contact.id, passwordHash, now),
    db
      .update(portalMembers)
      .set({ lastSignInAt: now })
      .where(
        and(
          eq(portalMembers.portalId, ref.portal.id),
          eq(portalMembers.contactId, target.contact.id),
        ),
      ),
  ]);
  return createPortalSession(db, portalSessionScope(ref, target.contact.id), now);
}
