// Who may do what to whom on the Team page: one pure rule over the facts the action has read, with
// its table test (test/unit/team-rules.test.ts). Which pages a role may open at all is the route's
// `handle` (app/lib/dashboard/roles.ts); this rule decides about a particular teammate.
//
//   change role   admin ↔ agent; never the owner's role, never your own
//   remove        anyone but the owner and yourself (their sessions stay: they may have other accounts)
//   transfer      only by the owner, only to an admin of the account
import type { InvitableRole, Role } from "../../../db/schema";

export type TeamAction =
  | { kind: "changeRole"; role: InvitableRole }
  | { kind: "remove" }
  | { kind: "transferOwnership" };

export type TeamFacts = {
  actor: { userId: string; role: Role };
  /** The teammate acted on; null when they are not a member of this account (or never were). */
  target: { userId: string; role: Role } | null;
};

export type TeamProblem =
  | "forbidden"
  | "team.member.gone"
  | "team.role.owner"
  | "team.role.self"
  | "team.role.same"
  | "team.remove.owner"
  | "team.remove.self"
  | "team.transfer.self"
  | "team.transfer.notAdmin";

/** The reason the action may not happen, or null when it may. `forbidden` is a 403, not a message. */
export function teamProblem(action: TeamAction, { actor, target }: TeamFacts): TeamProblem | null {
  if (actor.role === "agent") return "forbidden";
  if (action.kind === "transferOwnership" && actor.role !== "owner") return "forbidden";
  if (!target) return "team.member.gone";
  const self = target.userId === actor.userId;
  switch (action.kind) {
    case "changeRole":
      if (target.role === "owner") return "team.role.owner";
      if (self) return "team.role.self";
      if (target.role === action.role) return "team.role.same";
      return null;
    case "remove":
      if (target.role === "owner") return "team.remove.owner";
      if (self) return "team.remove.self";
      return null;
    case "transferOwnership":
      if (self) return "team.transfer.self";
      if (target.role !== "admin") return "team.transfer.notAdmin";
      return null;
  }
}

export type InviteState = "open" | "expired" | "accepted" | "revoked";

/** Where an invitation stands: only an open one can be accepted, resent or revoked. */
export function inviteState(
  invite: { acceptedAt: number | null; revokedAt: number | null; expiresAt: number },
  now: number,
): InviteState {
  if (invite.acceptedAt !== null) return "accepted";
  if (invite.revokedAt !== null) return "revoked";
  return invite.expiresAt > now ? "open" : "expired";
}
