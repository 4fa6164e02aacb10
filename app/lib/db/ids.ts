import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A random id with a readable prefix (`tkt_…`), made in the app so a batch can refer to it. */
export function newId(prefix: string): string {
  return `${prefix}_${encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(12)))}`;
}
