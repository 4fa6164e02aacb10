// Inviting teammates. An invitation is a team_invites row whose id and secret make the link
// `/join/{id}.{secret}` (the single-use link design of app/lib/auth/tokens.ts: only the secret's hash
// is stored). Its life:
//
//   invited ──► open ──► accepted     (the link, once: a conditional UPDATE … RETURNING)
//                 │ ╰──► revoked      (by an admin)
//                 ╰──► expired        (after TEAM_INVITE_TTL_HOURS; resend opens it again)
//
// One open invitation per account and address, by the partial unique index — not by a read, so two
// admins inviting the same address at once get one invitation and one clear message. Resending
// gives the row a new id and secret: the old link stops working, the email log gets a new key
// (`dashboard_invite:{id}`, like every link email), and the scheduled sweep replaces a stuck email's
// link the same way (app/lib/email/requeue.server.ts).
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  type Account,
  accounts,
  type InvitableRole,
  memberships,
  type TeamInvite,
  teamInvites,
  users,
} from "../../../db/schema";
import { auditEntry, auditEntryIfChanged } from "../audit/audit.server";
import { newToken, parseToken, secretMatches } from "../auth/tokens";
import { isUniqueViolation } from "../db/errors";
import { batchStatements, changed } from "../db/statements";
import { type EmailProducer, enqueueEmail } from "../email/enqueue.server";
import { agentJoinsIfMember } from "./agents.server";

export type PendingInvite = Pick<
  TeamInvite,
  "id" | "email" | "role" | "expiresAt" | "acceptedAt" | "revokedAt" | "createdAt"
> & {
  invitedBy: string | null;
};

/** Invitations not accepted or revoked yet, expired ones included (they can be resent). */
export async function listPendingInvites(
  db: Database,
  accountId: string,
): Promise<PendingInvite[]> {
  return db
    .select({
      id: teamInvites.id,
      email: teamInvites.email,
      role: teamInvites.role,
      expiresAt: teamInvites.expiresAt,
      acceptedAt: teamInvites.acceptedAt,
      revokedAt: teamInvites.revokedAt,
      createdAt: teamInvites.createdAt,
      invitedBy: users.name,
    })
    .from(teamInvites)
    .leftJoin(users, eq(users.id, teamInvites.invitedByUserId))
    .where(
      and(
        eq(teamInvites.accountId, accountId),
        isNull(teamInvites.acceptedAt),
        isNull(teamInvites.revokedAt),
      ),
    )
    .orderBy(asc(teamInvites.createdAt), asc(teamInvites.email));
}

/** Not accepted, not revoked, not expired: the only invitation a link may spend. */
function openInvite(id: string, now: number) {
  return and(
    eq(teamInvites.id, id),
    isNull(teamInvites.acceptedAt),
    isNull(teamInvites.revokedAt),
    gt(teamInvites.expiresAt, now),
  );
}

/** Not accepted or revoked; expired or not. */
function pendingInvite(accountId: string, id: string) {
  return and(
    eq(teamInvites.accountId, accountId),
    eq(teamInvites.id, id),
    isNull(teamInvites.acceptedAt),
    isNull(teamInvites.revokedAt),
  );
}

type ByAdmin = {
  account: Pick<Account, "id">;
  actorUserId: string;
  now?: number;
};

export type InviteOutcome =
  | { ok: true; inviteId: string }
  | { ok: false; error: "team.invite.member" | "team.invite.pending" };

function inviteEmail(input: {
  accountId: string;
  inviteId: string;
  email: string;
  actorUserId: string;
  token: string;
}) {
  return {
    kind: "dashboard_invite" as const,
    idempotencyKey: `dashboard_invite:${input.inviteId}`,
    accountId: input.accountId,
    email: input.email,
    invitedByUserId: input.actorUserId,
    token: input.token,
  };
}

export async function inviteTeammate(
  producer: EmailProducer,
  input: ByAdmin & { email: string; role: InvitableRole; ttlMs: number },
): Promise<InviteOutcome> {
  const { db } = producer;
  const now = input.now ?? Date.now();
  const accountId = input.account.id;
  const [member] = await db
    .select({ userId: users.id })
    .from(users)
    .innerJoin(
      memberships,
      and(eq(memberships.userId, users.id), eq(memberships.accountId, accountId)),
    )
    .where(eq(users.email, input.email));
  if (member) return { ok: false, error: "team.invite.member" };

  const { id, secretHash, token } = newToken();
  try {
    await db.batch([
      db.insert(teamInvites).values({
        id,
        secretHash,
        accountId,
        email: input.email,
        role: input.role,
        invitedByUserId: input.actorUserId,
        expiresAt: now + input.ttlMs,
        createdAt: now,
      }),
      auditEntry(
        db,
        {
          accountId,
          actorUserId: input.actorUserId,
          action: "team.invite",
          target: input.email,
          after: { role: input.role },
        },
        now,
      ),
    ]);
  } catch (error) {
    // The partial unique index: this address has an open invitation already.
    if (isUniqueViolation(error, "team_invites"))
      return { ok: false, error: "team.invite.pending" };
    throw error;
  }
  await enqueueEmail(producer, inviteEmail({ ...input, accountId, inviteId: id, token }));
  return { ok: true, inviteId: id };
}

/**
 * A new link for a pending invitation, working for a full TTL from now; the old link stops working.
 * False when it was accepted or revoked meanwhile, or is not this account's.
 */
export async function resendInvite(
  producer: EmailProducer,
  input: ByAdmin & { inviteId: string; ttlMs: number },
): Promise<boolean> {
  const { db } = producer;
  const now = input.now ?? Date.now();
  const accountId = input.account.id;
  const [invite] = await db
    .select()
    .from(teamInvites)
    .where(pendingInvite(accountId, input.inviteId));
  if (!invite) return false;
  const fresh = newToken();
  const [updated] = await batchStatements(db, [
    db
      .update(teamInvites)
      .set({ id: fresh.id, secretHash: fresh.secretHash, expiresAt: now + input.ttlMs })
      .where(pendingInvite(accountId, invite.id)),
    auditEntryIfChanged(
      {
        accountId,
        actorUserId: input.actorUserId,
        action: "team.invite_resend",
        target: invite.email,
        before: { expiresAt: invite.expiresAt },
        after: { expiresAt: now + input.ttlMs },
      },
      now,
    ),
  ]);
  if (changed(updated) !== 1) return false;
  await enqueueEmail(
    producer,
    inviteEmail({
      accountId,
      inviteId: fresh.id,
      email: invite.email,
      actorUserId: input.actorUserId,
      token: fresh.token,
    }),
  );
  return true;
}

/** Revokes a pending invitation: its link stops working, its queued email is not sent. */
export async function revokeInvite(
  db: Database,
  input: ByAdmin & { inviteId: string },
): Promise<boolean> {
  const now = input.now ?? Date.now();
  const accountId = input.account.id;
  const [invite] = await db
    .select()
    .from(teamInvites)
    .where(pendingInvite(accountId, input.inviteId));
  if (!invite) return false;
  const [updated] = await batchStatements(db, [
    db.update(teamInvites).set({ revokedAt: now }).where(pendingInvite(accountId, invite.id)),
    auditEntryIfChanged(
      {
        accountId,
        actorUserId: input.actorUserId,
        action: "team.invite_revoke",
        target: invite.email,
        before: { role: invite.role },
      },
      now,
    ),
  ]);
  return changed(updated) === 1;
}

export type FoundInvite = {
  invite: TeamInvite;
  account: Pick<Account, "id" | "name" | "slug">;
  invitedBy: string | null;
  /** The user who already has the invited address, if any. */
  existingUserId: string | null;
};

/** The open invitation behind a link; null for a used, revoked, expired or garbled one alike. */
export async function findOpenInvite(
  db: Database,
  rawToken: string | undefined,
  now = Date.now(),
): Promise<FoundInvite | null> {
  const parsed = parseToken(rawToken);
  if (!parsed) return null;
  const [row] = await db
    .select({
      invite: teamInvites,
      account: { id: accounts.id, name: accounts.name, slug: accounts.slug },
      invitedBy: users.name,
    })
    .from(teamInvites)
    .innerJoin(accounts, eq(accounts.id, teamInvites.accountId))
    .leftJoin(users, eq(users.id, teamInvites.invitedByUserId))
    .where(openInvite(parsed.id, now));
  if (!row || !secretMatches(parsed.secret, row.invite.secretHash)) return null;
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, row.invite.email));
  return { ...row, existingUserId: existing?.id ?? null };
}

/** Spends the invitation; the statements before it in the batch wrote only while it was open. */
function spend(db: Database, inviteId: string, now: number) {
  return db
    .update(teamInvites)
    .set({ acceptedAt: now })
    .where(openInvite(inviteId, now))
    .returning({ id: teamInvites.id });
}

/** The invitation's account, as a scalar subquery (the invitation may be spent later in the batch). */
function inviteAccount(inviteId: string) {
  return sql`select ${teamInvites.accountId} from ${teamInvites} where ${teamInvites.id} = ${inviteId}`;
}

/** Membership with the invited role, only while the invitation is open; an existing one stays. */
function joinStatement(inviteId: string, userId: string, now: number) {
  return sql`insert into ${memberships} (account_id, user_id, role, created_at)
    select account_id, ${userId}, role, ${now} from ${teamInvites}
    where ${openInvite(inviteId, now)}
    on conflict do nothing`;
}

export type JoinOutcome = { ok: true } | { ok: false; error: "spent" | "userExists" };

/**
 * A new user from the invitation: the user (their address proven by the link), their membership
 * and the spent invitation in one batch, each statement conditional on the invitation still being
 * open. Of two parallel submissions one creates the user; the other finds the invitation spent.
 */
export async function joinAsNewUser(
  db: Database,
  found: FoundInvite,
  input: { userId: string; name: string; passwordHash: string; now?: number },
): Promise<JoinOutcome> {
  const now = input.now ?? Date.now();
  const { invite } = found;
  try {
    const [, , , spent] = await batchStatements(db, [
      sql`insert into ${users} (id, email, name, password_hash, email_verified_at, created_at)
        select ${input.userId}, email, ${input.name}, ${input.passwordHash}, ${now}, ${now}
        from ${teamInvites} where ${openInvite(invite.id, now)}`,
      joinStatement(invite.id, input.userId, now),
      agentJoinsIfMember(inviteAccount(invite.id), input.userId, input.name, now),
      spend(db, invite.id, now),
    ]);
    return spent?.results.length === 1 ? { ok: true } : { ok: false, error: "spent" };
  } catch (error) {
    // Someone made a user with this address since the page was shown: they sign in and accept.
    if (isUniqueViolation(error, "users")) return { ok: false, error: "userExists" };
    throw error;
  }
}

/** A signed-in user with the invited address accepts: their membership and the spent invitation. */
export async function joinAsUser(
  db: Database,
  found: FoundInvite,
  user: { id: string; name: string },
  now = Date.now(),
): Promise<JoinOutcome> {
  const { invite } = found;
  const userId = user.id;
  const [, , , spent] = await batchStatements(db, [
    joinStatement(invite.id, userId, now),
    agentJoinsIfMember(inviteAccount(invite.id), userId, user.name, now),
    // Following the link proved the address, as a verification link would.
    sql`update ${users} set email_verified_at = ${now}
      where ${users.id} = ${userId} and ${users.emailVerifiedAt} is null
        and exists (select 1 from ${teamInvites} where ${openInvite(invite.id, now)})`,
    spend(db, invite.id, now),
  ]);
  return spent?.results.length === 1 ? { ok: true } : { ok: false, error: "spent" };
}
