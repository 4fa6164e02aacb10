import { describe, expect, it } from "vitest";
import { inviteState, type TeamAction, teamProblem } from "../../app/lib/team/rules";
import type { Role } from "../../db/schema";

const me = (role: Role) => ({ userId: "me", role });
const them = (role: Role) => ({ userId: "them", role });
const self = (role: Role) => ({ userId: "me", role });

const toAdmin: TeamAction = { kind: "changeRole", role: "admin" };
const toAgent: TeamAction = { kind: "changeRole", role: "agent" };
const remove: TeamAction = { kind: "remove" };
const transfer: TeamAction = { kind: "transferOwnership" };

describe("teamProblem", () => {
  it.each([
    // actor, target, action, problem
    ["owner", them("agent"), toAdmin, null],
    ["admin", them("agent"), toAdmin, null],
    ["admin", them("admin"), toAgent, null],
    ["agent", them("agent"), toAdmin, "forbidden"],
    ["admin", them("owner"), toAgent, "team.role.owner"],
    ["owner", self("owner"), toAgent, "team.role.owner"],
    ["admin", self("admin"), toAgent, "team.role.self"],
    ["admin", them("agent"), toAgent, "team.role.same"],
    ["admin", null, toAgent, "team.member.gone"],
    ["owner", them("admin"), remove, null],
    ["admin", them("admin"), remove, null],
    ["admin", them("agent"), remove, null],
    ["agent", them("agent"), remove, "forbidden"],
    ["admin", them("owner"), remove, "team.remove.owner"],
    ["admin", self("admin"), remove, "team.remove.self"],
    ["owner", self("owner"), remove, "team.remove.owner"],
    ["owner", them("admin"), transfer, null],
    ["owner", them("agent"), transfer, "team.transfer.notAdmin"],
    ["owner", self("owner"), transfer, "team.transfer.self"],
    ["owner", null, transfer, "team.member.gone"],
    ["admin", them("admin"), transfer, "forbidden"],
    ["agent", them("admin"), transfer, "forbidden"],
  ] as const)("%s acting on %o: %o → %s", (actor, target, action, problem) => {
    expect(teamProblem(action, { actor: me(actor), target })).toBe(problem);
  });
});

describe("inviteState", () => {
  const now = 1_000_000;
  it.each([
    [{ acceptedAt: null, revokedAt: null, expiresAt: now + 1 }, "open"],
    [{ acceptedAt: null, revokedAt: null, expiresAt: now }, "expired"],
    [{ acceptedAt: now - 5, revokedAt: null, expiresAt: now + 1 }, "accepted"],
    [{ acceptedAt: null, revokedAt: now - 5, expiresAt: now - 1 }, "revoked"],
  ] as const)("%o is %s", (invite, state) => {
    expect(inviteState(invite, now)).toBe(state);
  });
});
