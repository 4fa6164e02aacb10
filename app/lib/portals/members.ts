// A portal's members as the Members tab shows them: each contact's standing on the portal and what an
// admin may do about it. One function decides both from facts gathered in one query
// (members.server.ts); its table of cases is in test/unit/portal-members.test.ts.
import type { AccessMode, INVITE_STATUSES } from "../../../db/schema";
import { portalAccess } from "../auth/access";

type InviteStatus = (typeof INVITE_STATUSES)[number];

/** `not_invited`: in an access group of the portal, never sent an invite and never signed in. */
export const MEMBER_STATUSES = ["not_invited", "pending", "accepted", "failed", "revoked"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEMBER_ACTIONS = ["invite", "password_reset", "revoke", "restore"] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

export type MemberFacts = {
  accessMode: AccessMode;
  /** The portal_members row, when the contact has one. */
  member: { inviteStatus: InviteStatus; invitedAt: number | null; revokedAt: number | null } | null;
  inAccessGroup: boolean;
  hasTicket: boolean;
  /** The contact has set a password (credentials are per account, valid on every portal). */
  hasPassword: boolean;
};

export type MemberStanding = { status: MemberStatus; actions: MemberAction[] };

export const MEMBERS_PAGE_SIZE = 50;
export const SEARCH_MAX_LENGTH = 200;

/** A row of the Members tab. */
export type PortalMember = MemberStanding & {
  contactId: string;
  name: string;
  signInEmail: string;
  /** The portal's access groups the contact is in, by name. */
  accessGroups: string[];
  lastSignInAt: number | null;
};

export function memberStanding(facts: MemberFacts): MemberStanding {
  const { member } = facts;
  if (member?.revokedAt != null) return { status: "revoked", actions: ["restore"] };
  // A row nobody was invited by (an admin revoked, then restored, a contact never invited) is
  // still "not invited": invited means an invite went out at a known time.
  const status: MemberStatus =
    !member || (member.inviteStatus === "pending" && member.invitedAt === null)
      ? "not_invited"
      : member.inviteStatus;
  const access = portalAccess({
    accessMode: facts.accessMode,
    hasTicket: facts.hasTicket,
    inAccessGroup: facts.inAccessGroup,
    member: member ? { inviteStatus: member.inviteStatus, revoked: false } : null,
  });
  const actions: MemberAction[] = [];
  // Invites exist on access-group portals, for group members who have not accepted yet (the email
  // worker skips anyone else, so the button would promise what never happens).
  if (facts.accessMode === "access_groups" && facts.inAccessGroup && status !== "accepted") {
    actions.push("invite");
  }
  // A reset sets a new password; without one there is nothing to reset (the invite sets it), and
  // a contact who may not sign in here could not use the link.
  if (facts.hasPassword && access.maySignIn) actions.push("password_reset");
  actions.push("revoke");
  return { status, actions };
}
