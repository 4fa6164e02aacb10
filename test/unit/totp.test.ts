import { env } from "cloudflare:test";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../app/lib/config";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  normalizeRecoveryCode,
} from "../../app/lib/two-factor/recovery-codes";
import { decryptSecret, encryptSecret } from "../../app/lib/two-factor/secret.server";
import {
  matchingStep,
  newTotpKey,
  normalizeTotpCode,
  totpCode,
  totpKeyUri,
  totpStep,
} from "../../app/lib/two-factor/totp";

const STEP_MS = 30_000;
// The middle of a time step, so "one step earlier" is unambiguous.
const NOW = 1_900_000_000_000 - (1_900_000_000_000 % STEP_MS) + 15_000;
const key = newTotpKey();
const codeAt = (stepOffset: number) => generateHOTP(key, BigInt(totpStep(NOW) + stepOffset), 6);

describe("which time step a code belongs to", () => {
  it.each([
    // offset of the code's step, window, expected
    [0, 0, 0],
    [0, 1, 0],
    [-1, 1, -1],
    [1, 1, 1],
    [-2, 1, null],
    [2, 1, null],
    [-1, 0, null],
    [1, 0, null],
    [-2, 2, -2],
    [-3, 2, null],
  ])("a code from step %i with a window of %i gives %s", (offset, window, expected) => {
    const step = matchingStep(key, codeAt(offset), NOW, window);
    expect(step === null ? null : step - totpStep(NOW)).toBe(expected);
  });

  it("accepts what an authenticator shows, spaces included, and nothing else", () => {
    const code = totpCode(key, NOW);
    expect(matchingStep(key, `${code.slice(0, 3)} ${code.slice(3)}`, NOW, 0)).toBe(totpStep(NOW));
    expect(normalizeTotpCode("12345")).toBeNull();
    expect(normalizeTotpCode("1234567")).toBeNull();
    expect(normalizeTotpCode("12a456")).toBeNull();
    expect(matchingStep(key, "", NOW, 1)).toBeNull();
    // Another key's code for the same moment is not this key's.
    expect(matchingStep(newTotpKey(), codeAt(0), NOW, 1)).toBeNull();
  });

  it("names the app, the user and the parameters in the key URI", () => {
    const uri = new URL(totpKeyUri("ann@team.example", key));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("issuer")).toBe("Portico");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(decodeURIComponent(uri.pathname)).toContain("ann@team.example");
  });
});

describe("recovery codes", () => {
  it("are ten different codes, each typed back in any case and grouping", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      const typed = ` ${code.toUpperCase().replace("-", " ")} `;
      expect(normalizeRecoveryCode(typed)).toBe(code.replace("-", ""));
    }
    expect(normalizeRecoveryCode("123456")).toBeNull();
    expect(hashRecoveryCode("abcdefghij")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode("abcdefghij")).not.toBe(hashRecoveryCode("abcdefghik"));
  });
});

describe("the secret at rest", () => {
  const rawKey = readConfig(env).twoFactorKey;

  it("decrypts for its user only, and never reads as the plain key", async () => {
    const sealed = await encryptSecret(rawKey, "usr_a", key);
    expect(sealed).not.toContain(Buffer.from(key).toString("base64"));
    expect(await decryptSecret(rawKey, "usr_a", sealed)).toEqual(key);
    await expect(decryptSecret(rawKey, "usr_b", sealed)).rejects.toThrow();
    const otherKey = crypto.getRandomValues(new Uint8Array(32));
    await expect(decryptSecret(otherKey, "usr_a", sealed)).rejects.toThrow();
    // Each encryption has its own IV: the same secret never looks the same twice.
    expect(await encryptSecret(rawKey, "usr_a", key)).not.toBe(sealed);
  });

  it.each([undefined, "", "c2hvcnQ=", "not base64 at all!"])(
    "refuses to start with the key %j",
    (value) => {
      expect(() => readConfig({ ...env, TWO_FACTOR_ENCRYPTION_KEY: value })).toThrow(
        /TWO_FACTOR_ENCRYPTION_KEY/,
      );
    },
  );
});
