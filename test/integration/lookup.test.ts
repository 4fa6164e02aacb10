import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findByEitherEmail } from "../../app/lib/auth/portal-auth.server";
import { createDb } from "../../db/client";
import { createAccount, createContact } from "../factories";

const db = createDb(env.DB);

describe("finding a contact by either address", () => {
  // Ada signs in as shared@…; Bo's (plain) email is shared@…, Bo signs in with a membership email.
  const ada = { email: "ada@shop.example", membershipEmail: "shared@shop.example" };
  const bo = { email: "shared@shop.example", membershipEmail: "bo.portal@shop.example" };

  it.each([
    ["Ada first", [ada, bo]],
    ["Bo first", [bo, ada]],
  ])("prefers the contact who signs in with the address (%s)", async (_, order) => {
    const { accountId } = await createAccount(db);
    const ids = new Map<string, string>();
    for (const contact of order) {
      ids.set(contact.email, (await createContact(db, accountId, contact)).contactId);
    }
    for (let i = 0; i < 5; i++) {
      const found = await findByEitherEmail(db, accountId, "shared@shop.example");
      expect(found?.id).toBe(ids.get(ada.email));
    }
    expect((await findByEitherEmail(db, accountId, "bo.portal@shop.example"))?.id).toBe(
      ids.get(bo.email),
    );
  });
});
