import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findByEitherEmail } from "../../app/lib/auth/portal-auth.server";
import { createDb } from "../../db/client";
import { createAccount, createContact } from "../factories";

const db = createDb(env.DB);

describe("finding a contact by either address", () => {
  // Ada signs in as shared@…; Bo's (plain) email would be shared@… too. contact_addresses lets one
  // address name one contact per account, so the second of them can never be written and a sign-in
  // address always finds exactly one contact.
  const ada = { email: "ada@shop.example", membershipEmail: "shared@shop.example" };
  const bo = { email: "shared@shop.example", membershipEmail: "bo.portal@shop.example" };

  it.each([
    ["Ada first", [ada, bo]],
    ["Bo first", [bo, ada]],
  ])("refuses the second contact with a shared address (%s)", async (_, order) => {
    const { accountId } = await createAccount(db);
    const [first, second] = order as [typeof ada, typeof bo];
    const { contactId } = await createContact(db, accountId, first);
    await expect(createContact(db, accountId, second)).rejects.toThrow();
    expect((await findByEitherEmail(db, accountId, "shared@shop.example"))?.id).toBe(contactId);
    const onlySecond = second === bo ? bo.membershipEmail : ada.email;
    expect(await findByEitherEmail(db, accountId, onlySecond)).toBeUndefined();
  });

  it("finds a contact by its email and by its membership email", async () => {
    const { accountId } = await createAccount(db);
    const { contactId } = await createContact(db, accountId, ada);
    expect((await findByEitherEmail(db, accountId, "ada@shop.example"))?.id).toBe(contactId);
    expect((await findByEitherEmail(db, accountId, "shared@shop.example"))?.id).toBe(contactId);
  });
});
