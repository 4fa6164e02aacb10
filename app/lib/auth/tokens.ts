// Tokens for sessions and single-use links, in Lucia's design: `{id}.{secret}`. The id finds the
// row; only the secret's SHA-256 is stored and it is compared in constant time, so neither a
// database leak nor a timing side channel yields a usable session or link.

import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

function randomBase32(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function digest(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export type NewToken = { id: string; secretHash: string; token: string };

/** A new token: `token` goes to the cookie or link, `id` and `secretHash` to D1. */
export function newToken(): NewToken {
  const id = randomBase32(15);
  const secret = randomBase32(20);
  return { id, secretHash: encodeHexLowerCase(digest(secret)), token: `${id}.${secret}` };
}

/** Splits a token from a cookie or URL; anything malformed is no token at all. */
export function parseToken(
  value: string | null | undefined,
): { id: string; secret: string } | null {
  if (typeof value !== "string") return null;
  const match = /^([a-z2-7]{24})\.([a-z2-7]{32})$/.exec(value);
  return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(secretHash)) return false;
  return constantTimeEqual(digest(secret), decodeHex(secretHash));
}
