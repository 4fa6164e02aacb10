import { describe, expect, it } from "vitest";
import { type AccessFacts, portalAccess } from "../../app/lib/auth/access";

type Member = AccessFacts["member"];
const none: Member = null;
const pending: Member = { inviteStatus: "pending", revoked: false };
const accepted: Member = { inviteStatus: "accepted", revoked: false };
const revoked: Member = { inviteStatus: "accepted", revoked: true };

describe("portalAccess", () => {
  // mode, has a ticket, in an admitted access group, membership -> may register, may sign in
  it.each([
    ["anyone_with_ticket", true, false, none, true, true],
    ["anyone_with_ticket", false, false, none, false, false],
    ["anyone_with_ticket", false, true, none, false, false],
    ["anyone_with_ticket", false, false, accepted, false, true],
    ["anyone_with_ticket", true, false, revoked, false, false],
    ["access_groups", false, true, none, true, true],
    ["access_groups", true, false, none, false, false],
    ["access_groups", false, true, pending, true, true],
    ["access_groups", false, false, accepted, false, false],
    ["access_groups", true, true, revoked, false, false],
  ] as const)(
    "%s, ticket %s, group %s, member %o -> register %s, sign in %s",
    (accessMode, hasTicket, inAccessGroup, member, mayRegister, maySignIn) => {
      expect(portalAccess({ accessMode, hasTicket, inAccessGroup, member })).toEqual({
        mayRegister,
        maySignIn,
      });
    },
  );
});
