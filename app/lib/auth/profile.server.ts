import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type Contact, contacts, sessions } from "../../../db/schema";
import type { Config } from "../config";
import { type AttemptFailure, attemptPassword } from "./attempt.server";
import { hashPassword } from "./password";
import { spendAllLinks } from "./portal-auth.server";

export async function updateContactDetails(
  db: Database,
  contact: Contact,
  details: { name: string; notifyOnAgentReply: boolean },
): Promise<void> {
  await db
    .update(contacts)
    .set(details)
    .where(and(eq(contacts.id, contact.id), eq(contacts.accountId, contact.accountId)));
}

/**
 * Changes the password after checking the current one. Every other session of the contact ends;
 * the one making the change stays signed in.
 */
export async function changePassword(
  db: Database,
  config: Config,
  contact: Contact,
  currentSessionId: string,
  input: { current: string; next: string; ip: string },
  now = Date.now(),
): Promise<"changed" | AttemptFailure> {
  // The current password is guessed against the same limits as a sign-in.
  const attempt = await attemptPassword(
    db,
    config,
    {
      ip: input.ip,
      password: input.current,
      principal: { table: "contacts", ...contact },
      address: { scope: contact.accountId, email: contact.signInEmail ?? contact.email },
    },
    now,
  );
  if (!attempt.ok) return attempt;
  const passwordHash = await hashPassword(input.next);
  await db.batch([
    spendAllLinks(db, contact.accountId, contact.id, now),
    db
      .update(contacts)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(and(eq(contacts.id, contact.id), eq(contacts.accountId, contact.accountId))),
    db
      .delete(sessions)
      .where(
        and(
          eq(sessions.accountId, contact.accountId),
          eq(sessions.contactId, contact.id),
          ne(sessions.id, currentSessionId),
        ),
      ),
  ]);
  return "changed";
}
