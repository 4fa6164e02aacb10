// The kinds of file an account accepts (policy.ts lists them), chosen by its owner on the account
// settings page. Only the owner changes it, audited; files already attached stay.
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type Account, accounts } from "../../../db/schema";
import { audited } from "../audit/audit.server";
import type { AttachmentKind } from "./detect";
import { allowedKinds } from "./form.server";
import { ATTACHMENT_KINDS } from "./policy";

/** The kinds a form sent, in the settings' order; anything unknown is dropped. */
export function kindsFromForm(values: FormDataEntryValue[]): AttachmentKind[] {
  const sent = new Set(values.map(String));
  return ATTACHMENT_KINDS.filter((kind) => sent.has(kind));
}

/** Saves the account's kinds with an audit entry; nothing when they did not change. */
export async function updateAttachmentKinds(
  db: Database,
  account: Account,
  actorUserId: string,
  kinds: AttachmentKind[],
  now = Date.now(),
): Promise<boolean> {
  const before = allowedKinds(account);
  if (before.join(",") === kinds.join(",")) return false;
  await audited(
    db,
    {
      accountId: account.id,
      actorUserId,
      action: "account.attachment_kinds",
      target: account.name,
      before: { kinds: before.join(", ") },
      after: { kinds: kinds.join(", ") },
    },
    [db.update(accounts).set({ attachmentKinds: kinds }).where(eq(accounts.id, account.id))],
    now,
  );
  return true;
}
