// Recovery codes: ten per user, each used once. They are random (50 bits each), so a fast hash is
// enough to keep them unreadable in the database; what an attacker could try online is limited by
// the sign-in lockout.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

export const RECOVERY_CODE_COUNT = 10;

/** `abcde-fghij`: ten base32 characters, grouped to be copied by hand. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(7))).slice(
      0,
      10,
    );
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The form a code is compared in: lower case, without the dash or spaces people add. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, "");
  return /^[a-z2-7]{10}$/.test(code) ? code : null;
}

export function hashRecoveryCode(normalized: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalized)));
}
