import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A random id with a readable prefix (`tkt_…`), made in the app so a batch can refer to it. */
export function newId(prefix: string): string {
  return `${prefix}_${encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(12)))}`;
}

/**
 * A fresh key for one rendering of a form that writes something once (a ticket, a message):
 * submitting it twice — a double click, a retried request — carries the same key, and the write's
 * UNIQUE index turns the second into nothing.
 */
export function newFormKey(): string {
  return newId("frm");
}
