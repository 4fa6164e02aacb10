// Who a portal email is from. It always leaves from the platform's own address, so no tenant can
// send as anyone else (or as another tenant); the account shows only in the display name, and
// replies go to the account's support address. Tenant text reaches the header only cleaned and
// quoted, so a name can add no address and no header.

/** A display name and an address, e.g. the EMAIL_FROM setting `Portico <no-reply@portico.dev>`. */
export type Mailbox = { name: string | null; address: string };

/** What the account stores about its emails (accounts.sender_name, accounts.support_reply_to). */
export type SenderSettings = {
  accountName: string;
  senderName: string | null;
  supportReplyTo: string | null;
};

export type Sender = { from: string; replyTo: string | null };

const MAX_NAME_LENGTH = 64;
const MAX_ADDRESS_LENGTH = 254;
/** One plain address: no display name, no list, no comments, nothing a header could split on. */
const ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;
/**
 * Control characters (CR and LF among them), invisible format characters (direction overrides),
 * Unicode line breaks, and the characters that end a quoted string or open an address.
 */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>"\\]/gu;

/** A plain address, lower-cased, or null when the value is anything else. */
export function plainAddress(value: string | null | undefined): string | null {
  const address = value?.trim().toLowerCase() ?? "";
  return address.length <= MAX_ADDRESS_LENGTH && ADDRESS.test(address) ? address : null;
}

/** A display name safe to quote: unsafe characters dropped, whitespace collapsed, length capped. */
export function cleanDisplayName(value: string | null | undefined): string | null {
  const cleaned = (value ?? "").replace(UNSAFE_IN_NAME, " ").replace(/\s+/g, " ").trim();
  const capped = [...cleaned].slice(0, MAX_NAME_LENGTH).join("").trim();
  return capped === "" ? null : capped;
}

/** `"Name" <address>`, or the bare address without a name. Whatever the name holds, it stays one quoted string. */
export function formatMailbox(mailbox: Mailbox): string {
  const name = (mailbox.name ?? "").replace(UNSAFE_IN_NAME, " ").replace(/\s+/g, " ").trim();
  return name ? `"${name}" <${mailbox.address}>` : mailbox.address;
}

/** Reads `Name <address>` or `address`; null when it is neither. */
export function parseMailbox(value: string): Mailbox | null {
  const match = /^\s*(?:"?([^"<>]*?)"?\s*<([^<>]+)>|([^<>]+))\s*$/.exec(value);
  const address = plainAddress(match?.[2] ?? match?.[3]);
  if (!match || !address) return null;
  return { name: cleanDisplayName(match[1]), address };
}

/**
 * From and Reply-To for an account's portal emails: the platform's address under the account's
 * name ("Acme Support via Portico"), and the account's support address when it is a plain one.
 */
export function portalSender(platform: Mailbox, account: SenderSettings): Sender {
  const tenant = cleanDisplayName(account.senderName) ?? cleanDisplayName(account.accountName);
  const name =
    tenant && platform.name ? `${tenant} via ${platform.name}` : (tenant ?? platform.name);
  return {
    from: formatMailbox({ name, address: platform.address }),
    replyTo: plainAddress(account.supportReplyTo),
  };
}
