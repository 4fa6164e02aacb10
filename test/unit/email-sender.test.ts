import { describe, expect, it } from "vitest";
import {
  formatMailbox,
  type Mailbox,
  parseMailbox,
  portalSender,
  type SenderSettings,
} from "../../app/lib/email/sender";

const PLATFORM: Mailbox = { name: "Portico", address: "no-reply@portico.dev" };

/** One quoted display name and one address, nothing else: what a strict reader of From sees. */
const SINGLE_MAILBOX = /^"([^"\\\r\n<>]*)" <([^<>\s"]+)>$/;

const account = (settings: Partial<SenderSettings> = {}): SenderSettings => ({
  accountName: "Acme",
  senderName: null,
  supportReplyTo: null,
  ...settings,
});

describe("portalSender: whatever the account stores, From is the platform's address", () => {
  it.each<[string, Partial<SenderSettings>, string, string | null]>([
    ["nothing set: the account's name", {}, '"Acme via Portico" <no-reply@portico.dev>', null],
    [
      "a sender name and a reply-to address",
      { senderName: "Acme Support", supportReplyTo: "Support@Acme.example" },
      '"Acme Support via Portico" <no-reply@portico.dev>',
      "support@acme.example",
    ],
    [
      "a name that is an address in angle brackets",
      { senderName: "Evil <ceo@bank.com>" },
      '"Evil ceo@bank.com via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "a name that closes the quote and adds an address",
      { senderName: 'Acme" <ceo@bank.com>, "x' },
      '"Acme ceo@bank.com , x via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "a name with CR/LF and a header after it",
      { senderName: "Acme\r\nBcc: victim@example.com" },
      '"Acme Bcc: victim@example.com via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "a name with backslashes and control characters",
      { senderName: "Ac\\me\u0000\t\u202eSupport" },
      '"Ac me Support via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "a sender name of only unsafe characters: the account's name",
      { senderName: '<>"\r\n' },
      '"Acme via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "an account name that is unsafe too",
      { accountName: "<ceo@bank.com>", senderName: "" },
      '"ceo@bank.com via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "an endless name is cut short",
      { senderName: "A".repeat(500) },
      `"${"A".repeat(64)} via Portico" <no-reply@portico.dev>`,
      null,
    ],
    [
      "a reply-to with a display name is not a plain address",
      { supportReplyTo: "Acme <support@acme.example>" },
      '"Acme via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "a reply-to that lists two addresses",
      { supportReplyTo: "support@acme.example, ceo@bank.com" },
      '"Acme via Portico" <no-reply@portico.dev>',
      null,
    ],
    [
      "a reply-to with a header after it",
      { supportReplyTo: "support@acme.example\r\nBcc: victim@example.com" },
      '"Acme via Portico" <no-reply@portico.dev>',
      null,
    ],
  ])("%s", (_case, settings, from, replyTo) => {
    const sender = portalSender(PLATFORM, account(settings));
    expect(sender).toEqual({ from, replyTo });
    expect(SINGLE_MAILBOX.exec(sender.from)?.[2]).toBe(PLATFORM.address);
  });

  it("a platform sender without a name shows the account's name alone", () => {
    expect(portalSender({ name: null, address: "no-reply@portico.dev" }, account())).toEqual({
      from: '"Acme" <no-reply@portico.dev>',
      replyTo: null,
    });
  });
});

describe("parseMailbox and formatMailbox", () => {
  it.each<[string, Mailbox | null]>([
    ["Portico <no-reply@portico.dev>", { name: "Portico", address: "no-reply@portico.dev" }],
    [
      '"Portico Mail" <No-Reply@Portico.dev>',
      { name: "Portico Mail", address: "no-reply@portico.dev" },
    ],
    ["no-reply@portico.dev", { name: null, address: "no-reply@portico.dev" }],
    ["Portico", null],
    ["Portico <no-reply@portico.dev>, other@example.com", null],
    ["", null],
  ])("%j", (value, expected) => {
    expect(parseMailbox(value)).toEqual(expected);
  });

  it("quotes a name and drops what would end the quote", () => {
    expect(formatMailbox({ name: 'A "B" \\ C', address: "a@b.example" })).toBe(
      '"A B C" <a@b.example>',
    );
    expect(formatMailbox({ name: null, address: "a@b.example" })).toBe("a@b.example");
  });
});
