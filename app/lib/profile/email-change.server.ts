// A dashboard user's new email address. Asking takes the current password; the change happens only
// when the new address confirms it with a single-use link, and the old address is told at once, so
// a stolen session alone cannot quietly move an account to someone else's inbox.
//
//   request (password) ──► link to the new address + notice to the old one
//   link (once, 24 h) ──► users.email = the link's address (UNIQUE: an address taken meanwhile fails)
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { memberships, oneTimeTokens, securityEvents, type User, users } from "../../../db/schema";
import { normalizeEmail } from "../auth/addresses";
import { type AttemptFailure, attemptPassword } from "../auth/attempt.server";
import { LINK_TTL_MS } from "../auth/links.server";
import { countAttempt } from "../auth/rate-limit.server";
import { newToken, parseToken, secretMatches } from "../auth/tokens";
import type { Config } from "../config";
import { newId } from "../db/ids";
import { type EmailProducer, enqueueEmail } from "../email/enqueue.server";
import { securityEvent } from "../two-factor/two-factor.server";

export type EmailChangeRequest =
  | { ok: true }
  | { ok: false; error: "me.email.same" | "emailRequest.rateLimited"; retryAt?: number }
  | AttemptFailure;

export async function requestEmailChange(
  producer: EmailProducer,
  config: Config,
  user: User,
  input: { email: string; password: string; ip: string },
  now = Date.now(),
): Promise<EmailChangeRequest> {
  const { db } = producer;
  const email = normalizeEmail(input.email);
  if (email === user.email) return { ok: false, error: "me.email.same" };
  const attempt = await attemptPassword(
    db,
    config,
    {
      ip: input.ip,
      password: input.password,
      principal: { table: "users", ...user },
      address: { scope: "users", email: user.email },
    },
    now,
  );
  if (!attempt.ok) return attempt;
  const limit = await countAttempt(
    db,
    `email-change:${user.id}`,
    config.emailRequestAddressLimit,
    config.emailRequestWindowMs,
    now,
  );
  if (!limit.allowed) {
    return { ok: false, error: "emailRequest.rateLimited", retryAt: limit.retryAt };
  }
  // Emails belong to an account's log: the user's first account carries them.
  const membership = await db
    .select({ accountId: memberships.accountId })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(memberships.createdAt)
    .get();
  if (!membership) return { ok: false, error: "signIn.invalid" };
  const { id, secretHash, token } = newToken();
  await db.batch([
    // Only the newest request's link works.
    db
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(oneTimeTokens.userId, user.id),
          eq(oneTimeTokens.kind, "dashboard_email_change"),
          isNull(oneTimeTokens.usedAt),
        ),
      ),
    db.insert(oneTimeTokens).values({
      id,
      secretHash,
      kind: "dashboard_email_change",
      userId: user.id,
      email,
      expiresAt: now + LINK_TTL_MS,
      createdAt: now,
    }),
    securityEvent(db, user.id, "email_change_requested", now),
  ]);
  await enqueueEmail(producer, {
    kind: "dashboard_email_change",
    idempotencyKey: `dashboard_email_change:${id}`,
    accountId: membership.accountId,
    userId: user.id,
    email,
    token,
  });
  await enqueueEmail(producer, {
    kind: "dashboard_email_change_notice",
    idempotencyKey: `dashboard_email_change_notice:${id}`,
    accountId: membership.accountId,
    userId: user.id,
    email: user.email,
    newEmail: email,
  });
  return { ok: true };
}

/** The address an unspent, unexpired change link is for, or null. */
export async function checkEmailChangeLink(
  db: Database,
  rawToken: string | undefined,
  now = Date.now(),
): Promise<{ tokenId: string; userId: string; email: string } | null> {
  const parsed = parseToken(rawToken);
  if (!parsed) return null;
  const row = await db
    .select()
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.id, parsed.id),
        eq(oneTimeTokens.kind, "dashboard_email_change"),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .get();
  if (!row?.userId || !row.email || !secretMatches(parsed.secret, row.secretHash)) return null;
  return { tokenId: row.id, userId: row.userId, email: row.email };
}

/**
 * Spends the link and moves the user to its address, in one batch: the address update runs only
 * if this request spent the link, and an address another user took meanwhile (UNIQUE) rolls the
 * whole batch back.
 */
export async function confirmEmailChange(
  db: Database,
  link: { tokenId: string; userId: string; email: string },
  now = Date.now(),
): Promise<"changed" | "taken" | "spent"> {
  try {
    const [spent] = await db.batch([
      db
        .update(oneTimeTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(oneTimeTokens.id, link.tokenId),
            isNull(oneTimeTokens.usedAt),
            gt(oneTimeTokens.expiresAt, now),
          ),
        )
        .returning({ id: oneTimeTokens.id }),
      db
        .update(users)
        .set({ email: link.email })
        .where(
          and(
            eq(users.id, link.userId),
            // The link was spent by the statement above, in this batch, at this moment.
            eq(
              db
                .select({ usedAt: oneTimeTokens.usedAt })
                .from(oneTimeTokens)
                .where(eq(oneTimeTokens.id, link.tokenId)),
              now,
            ),
          ),
        ),
      db.insert(securityEvents).select(
        sql`select ${newId("sev")}, ${link.userId}, 'email_changed', ${now}
            where exists (select 1 from ${oneTimeTokens} where ${oneTimeTokens.id} = ${link.tokenId} and ${oneTimeTokens.usedAt} = ${now})`,
      ),
    ]);
    return spent.length === 1 ? "changed" : "spent";
  } catch (error) {
    if (String(error).includes("UNIQUE")) return "taken";
    throw error;
  }
}
