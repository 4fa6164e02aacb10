// An account's settings: its name, the time zone its dates are shown in, and how its portal emails
// present it (the sender's display name, the address replies go to). The slug is not among them:
// the account's URLs and its system domain are built from it.
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type Account, accounts } from "../../../db/schema";
import { audited, changes } from "../audit/audit.server";
import type { AccountSettings } from "./schemas";

/** The zones the time-zone select offers: UTC, then every zone the runtime knows. */
export function timeZoneOptions(current: string): string[] {
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  // A stored alias (e.g. Europe/Kiev) stays selectable, so saving the page keeps it.
  return zones.includes(current) ? zones : [current, ...zones];
}

export function settingsOf(account: Account) {
  return {
    name: account.name,
    timeZone: account.timeZone,
    senderName: account.senderName,
    supportReplyTo: account.supportReplyTo,
  };
}

/** Saves the settings with an audit entry of what changed; nothing at all when nothing did. */
export async function updateAccountSettings(
  db: Database,
  account: Account,
  actorUserId: string,
  input: AccountSettings,
  now = Date.now(),
): Promise<void> {
  const before = settingsOf(account);
  const after = {
    name: input.name,
    timeZone: input.timeZone,
    senderName: input.senderName ?? null,
    supportReplyTo: input.supportReplyTo ?? null,
  };
  const changed = changes(before, after);
  if (Object.keys(changed.after).length === 0) return;
  await audited(
    db,
    {
      accountId: account.id,
      actorUserId,
      action: "account.update",
      target: input.name,
      ...changed,
    },
    [db.update(accounts).set(after).where(eq(accounts.id, account.id))],
    now,
  );
}
