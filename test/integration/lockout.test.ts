import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "../../app/lib/auth/password";
import { type SignInResult, signInContact } from "../../app/lib/auth/portal-auth.server";
import { readConfig } from "../../app/lib/config";
import { lookupSite } from "../../app/lib/tenancy/resolve.server";
import { createDb } from "../../db/client";
import { createAccount, createContact } from "../factories";

// Counts the password verifications while still doing them.
vi.mock("../../app/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../app/lib/auth/password")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

const db = createDb(env.DB);
const PASSWORD = "correct horse battery";
const THRESHOLD = 5;
const config = { ...readConfig(env), lockoutThreshold: THRESHOLD };
const T0 = 1_900_000_000_000;

let passwordHash: string;
beforeAll(async () => {
  // A cheap hash keeps the test fast; the unknown address still pays for the full dummy hash.
  passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1, keyLength: 32 });
});

/** A fresh account with one contact who may sign in; `attempt` signs in as any address. */
async function portalWithContact(settings = config) {
  const fixture = await createAccount(db);
  const { email } = await createContact(db, fixture.accountId, {
    passwordHash,
    withTicket: { inboxId: fixture.inboxId },
  });
  const site = await lookupSite(db, fixture.hostname);
  if (!site?.portals[0]) throw new Error("fixture site missing");
  const ref = {
    account: site.account,
    portal: site.portals[0],
    host: fixture.hostname,
    ip: "203.0.113.5",
  };
  const attempt = (address: string, password: string, now: number) =>
    signInContact(db, settings, ref, { email: address, password }, now);
  return { email, attempt };
}

/** What an attacker sees of an answer, with the lock's end relative to the attempt. */
function seen(result: SignInResult, now: number) {
  if (result.ok) return "signed in";
  return "retryAt" in result ? `${result.error} +${result.retryAt - now}` : result.error;
}

describe("the lockout counts first", () => {
  it("30 parallel guesses get exactly the threshold of verifications; the rest are locked", async () => {
    const { email, attempt } = await portalWithContact();
    vi.mocked(verifyPassword).mockClear();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => attempt(email, "wrong-password", T0)),
    );
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(THRESHOLD);
    const errors = results.map((result) => (result.ok ? "signed in" : result.error));
    expect(errors.filter((error) => error === "signIn.invalid")).toHaveLength(THRESHOLD - 1);
    expect(errors.filter((error) => error === "signIn.locked")).toHaveLength(31 - THRESHOLD);
    // The right password waits for the lock to end, and is not even verified.
    vi.mocked(verifyPassword).mockClear();
    expect(seen(await attempt(email, PASSWORD, T0 + 1), T0 + 1)).toBe(
      `signIn.locked +${config.lockoutMs - 1}`,
    );
    expect(vi.mocked(verifyPassword)).not.toHaveBeenCalled();
  });

  it("an unknown address answers exactly like a known one, in parallel too", async () => {
    // A lower threshold: each verification of an unknown address costs a full scrypt.
    const threshold = 3;
    const { email, attempt } = await portalWithContact({ ...config, lockoutThreshold: threshold });
    const unknown = "nobody-here@customer.example";
    const burst = async (address: string) => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => attempt(address, "wrong-password", T0)),
      );
      return results.map((result) => seen(result, T0)).sort();
    };
    vi.mocked(verifyPassword).mockClear();
    const known = await burst(email);
    const stranger = await burst(unknown);
    expect(stranger).toEqual(known);
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(2 * threshold);
    // And after the lock, both start counting again alike.
    const later = T0 + config.lockoutMs;
    expect(seen(await attempt(unknown, "wrong-password", later), later)).toBe("signIn.invalid");
    expect(seen(await attempt(email, "wrong-password", later), later)).toBe("signIn.invalid");
  }, 30_000);

  it("a lock that has ended forgets the old failures: one guess per lock period locks no one out", async () => {
    const { email, attempt } = await portalWithContact();
    for (let i = 0; i < THRESHOLD; i++) await attempt(email, "wrong-password", T0);
    expect(seen(await attempt(email, PASSWORD, T0), T0)).toBe(`signIn.locked +${config.lockoutMs}`);
    // The attacker's next guess, right after the lock ends, is one failure, not a new lock.
    const ended = T0 + config.lockoutMs;
    expect(seen(await attempt(email, "wrong-password", ended), ended)).toBe("signIn.invalid");
    expect(seen(await attempt(email, PASSWORD, ended + 1), ended + 1)).toBe("signed in");
  });

  it("a successful sign-in clears the failures", async () => {
    const { email, attempt } = await portalWithContact();
    for (let i = 1; i < THRESHOLD; i++) await attempt(email, "wrong-password", T0);
    expect(seen(await attempt(email, PASSWORD, T0), T0)).toBe("signed in");
    for (let i = 1; i < THRESHOLD; i++) {
      expect(seen(await attempt(email, "wrong-password", T0), T0)).toBe("signIn.invalid");
    }
    expect(seen(await attempt(email, "wrong-password", T0), T0)).toBe(
      `signIn.locked +${config.lockoutMs}`,
    );
  });
});
