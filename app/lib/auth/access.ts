// Who may register on, and sign in to, a portal — the seed's "configure access" step. One function
// decides from facts gathered in one query (access.server.ts); its table of cases is in
// test/unit/access.test.ts.
import type { AccessMode } from "../../../db/schema";

export type AccessFacts = {
  accessMode: AccessMode;
  /** The contact has at least one ticket in the portal's account. */
  hasTicket: boolean;
  /** The contact is in one of the access groups the portal admits. */
  inAccessGroup: boolean;
  /** The contact's standing on this portal, when there is one. */
  member: { inviteStatus: "pending" | "accepted" | "failed"; revoked: boolean } | null;
};

export type Access = { mayRegister: boolean; maySignIn: boolean };

export function portalAccess(facts: AccessFacts): Access {
  // An admin's "revoke access" outranks everything else.
  if (facts.member?.revoked) return { mayRegister: false, maySignIn: false };
  switch (facts.accessMode) {
    case "anyone_with_ticket": {
      const accepted = facts.member?.inviteStatus === "accepted";
      return { mayRegister: facts.hasTicket, maySignIn: facts.hasTicket || accepted };
    }
    case "access_groups":
      return { mayRegister: facts.inAccessGroup, maySignIn: facts.inAccessGroup };
  }
}
