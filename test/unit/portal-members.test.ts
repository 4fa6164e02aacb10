import { describe, expect, it } from "vitest";
import { type MemberFacts, memberStanding } from "../../app/lib/portals/members";

type Member = MemberFacts["member"];
const none: Member = null;
const invited: Member = { inviteStatus: "pending", invitedAt: 1, revokedAt: null };
const neverInvited: Member = { inviteStatus: "pending", invitedAt: null, revokedAt: null };
const accepted: Member = { inviteStatus: "accepted", invitedAt: 1, revokedAt: null };
const failed: Member = { inviteStatus: "failed", invitedAt: 1, revokedAt: null };
const revoked: Member = { inviteStatus: "accepted", invitedAt: 1, revokedAt: 2 };

describe("memberStanding", () => {
  // mode, row, in an admitted group, has a ticket, has a password -> status, actions
  it.each([
    ["access_groups", none, true, false, false, "not_invited", ["invite", "revoke"]],
    ["access_groups", neverInvited, true, false, false, "not_invited", ["invite", "revoke"]],
    ["access_groups", invited, true, false, false, "pending", ["invite", "revoke"]],
    [
      "access_groups",
      invited,
      true,
      false,
      true,
      "pending",
      ["invite", "password_reset", "revoke"],
    ],
    ["access_groups", failed, true, false, false, "failed", ["invite", "revoke"]],
    ["access_groups", accepted, true, false, true, "accepted", ["password_reset", "revoke"]],
    // Left the portal's groups: no invite, no reset (they could not sign in), still revocable.
    ["access_groups", accepted, false, true, true, "accepted", ["revoke"]],
    ["access_groups", revoked, true, false, true, "revoked", ["restore"]],
    ["anyone_with_ticket", accepted, false, true, true, "accepted", ["password_reset", "revoke"]],
    // Accepted once: may still sign in without a ticket.
    ["anyone_with_ticket", accepted, false, false, true, "accepted", ["password_reset", "revoke"]],
    // Never invites on a ticket portal, whatever the groups say.
    ["anyone_with_ticket", invited, true, false, false, "pending", ["revoke"]],
    ["anyone_with_ticket", accepted, false, false, false, "accepted", ["revoke"]],
    ["anyone_with_ticket", revoked, false, true, true, "revoked", ["restore"]],
  ] as const)(
    "%s, %o, group %s, ticket %s, password %s -> %s %o",
    (accessMode, member, inAccessGroup, hasTicket, hasPassword, status, actions) => {
      expect(memberStanding({ accessMode, member, inAccessGroup, hasTicket, hasPassword })).toEqual(
        { status, actions },
      );
    },
  );
});
