import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { contacts, sessions } from "../../../db/schema";
import { hashPassword, verifyPassword } from "./password";
import type { Contact } from "./sessions.server";

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
  contact: Contact,
  currentSessionId: string,
  input: { current: string; next: string },
): Promise<"changed" | "wrong-password"> {
  if (!contact.passwordHash || !(await verifyPassword(input.current, contact.passwordHash))) {
    return "wrong-password";
  }
  const passwordHash = await hashPassword(input.next);
  await db.batch([
    db
      .update(contacts)
      .set({ passwordHash })
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
