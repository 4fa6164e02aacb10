// Time-based one-time passwords (RFC 6238) as every authenticator app makes them: SHA-1, six
// digits, 30-second steps. The clock is a parameter, so the window and replay rules are testable.
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** 160 bits, the key size RFC 4226 recommends. */
const KEY_BYTES = 20;

export function newTotpKey(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

/** The time step a moment falls in. */
export function totpStep(now: number): number {
  return Math.floor(now / (TOTP_PERIOD_SECONDS * 1000));
}

/** The code an authenticator shows at `now` (tests and the e2e browser compute codes with it). */
export function totpCode(key: Uint8Array, now: number): string {
  return generateHOTP(key, BigInt(totpStep(now)), TOTP_DIGITS);
}

/** What people type: digits, perhaps with spaces (authenticators show "123 456"). */
export function normalizeTotpCode(input: string): string | null {
  const code = input.replace(/\s/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step whose code this is, looking `windowSteps` steps either side of now (clocks drift,
 * people type slowly), or null. Newest first, so a code valid for two steps names the later one.
 */
export function matchingStep(
  key: Uint8Array,
  input: string,
  now: number,
  windowSteps: number,
): number | null {
  const code = normalizeTotpCode(input);
  if (!code) return null;
  const current = totpStep(now);
  for (let step = current + windowSteps; step >= current - windowSteps; step--) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step;
  }
  return null;
}

/** The `otpauth://` link an authenticator app reads from the QR code. */
export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI("Portico", accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}
