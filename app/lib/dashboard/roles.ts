// Who may open a dashboard page. Each route under /a/{account} declares its roles once, in its
// `handle`; the guard (guard.server.ts) enforces them and the roles test reads the same handles.
import type { Role } from "../../../db/schema";

export type DashboardHandle = { roles: readonly Role[] };

/** Every member: the account's home, the help desk. */
export const EVERYONE = ["owner", "admin", "agent"] as const satisfies readonly Role[];
/** Portals, domains, contacts, access groups, team, audit, email log. */
export const ADMINS = ["owner", "admin"] as const satisfies readonly Role[];
/** Deleting the account, transferring ownership, its settings. */
export const OWNER = ["owner"] as const satisfies readonly Role[];

export function roleAllows(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role);
}
