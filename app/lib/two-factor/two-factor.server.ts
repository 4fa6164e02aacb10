// Two-factor sign-in for dashboard users: set-up, the checks of a code at sign-in, turning it off.
//
//   no row ──set-up page──► secret, enabled_at NULL ──valid code──► enabled (+ 10 recovery codes)
//                              ▲ (the same secret until confirmed)          │
//                              └──────────── password + code ◄─ disable ───┘ (row and codes gone)
//
// Each code is accepted once: the time step it belongs to is written by a conditional update that
// only moves `last_used_step` forward, so a second use of the same code (or an older one) changes no
// row and is refused, even when both requests arrive together.
import { and, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../../db/client";
import {
  recoveryCodes,
  type SecurityEvent,
  securityEvents,
  twoFactorSecrets,
} from "../../../db/schema";
import type { Config } from "../config";
import { newId } from "../db/ids";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery-codes";
import { memberAuditEntries } from "./requirement.server";
import { decryptSecret, encryptSecret } from "./secret.server";
import { matchingStep, newTotpKey } from "./totp";

/** The entry in the user's own security history (their profile lists it). */
export function securityEvent(
  db: Database,
  userId: string,
  event: SecurityEvent,
  now: number,
): BatchItem<"sqlite"> {
  return db.insert(securityEvents).values({ id: newId("sev"), userId, event, createdAt: now });
}

export type TwoFactorStatus = { enabledAt: number | null; recoveryCodesLeft: number };

export async function twoFactorStatus(db: Database, userId: string): Promise<TwoFactorStatus> {
  const [secret, codes] = await db.batch([
    db
      .select({ enabledAt: twoFactorSecrets.enabledAt })
      .from(twoFactorSecrets)
      .where(eq(twoFactorSecrets.userId, userId)),
    db
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))),
  ]);
  return { enabledAt: secret[0]?.enabledAt ?? null, recoveryCodesLeft: codes[0]?.n ?? 0 };
}

/**
 * The secret to show on the set-up page: the pending one when there is one (so a reload or a
 * mistyped code keeps the QR code the user already scanned), otherwise a new one. Null when
 * two-factor is already on.
 */
export async function pendingSecret(
  db: Database,
  config: Config,
  userId: string,
): Promise<Uint8Array | null> {
  const fresh = await encryptSecret(config.twoFactorKey, userId, newTotpKey());
  // Two tabs opening set-up at once keep one secret: the first insert wins, both read it back.
  await db.insert(twoFactorSecrets).values({ userId, secret: fresh }).onConflictDoNothing();
  const row = await db
    .select()
    .from(twoFactorSecrets)
    .where(eq(twoFactorSecrets.userId, userId))
    .get();
  if (!row || row.enabledAt !== null) return null;
  return decryptSecret(config.twoFactorKey, userId, row.secret);
}

/** Statements that run only while the user's two-factor is still off (checked inside the batch). */
const whileOff = (userId: string) =>
  sql`not exists (select 1 from ${twoFactorSecrets} where ${twoFactorSecrets.userId} = ${userId} and ${twoFactorSecrets.enabledAt} is not null)`;

export type EnableResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; error: "twoFactor.codeInvalid" | "twoFactor.alreadyOn" };

/**
 * Turns two-factor on with a code from the pending secret. The recovery codes, the history entry
 * and the switch itself are one batch whose every statement checks that two-factor is still off,
 * so two tabs confirming at once leave exactly one set of codes.
 */
export async function enableTwoFactor(
  db: Database,
  config: Config,
  user: { id: string; email: string },
  code: string,
  now = Date.now(),
): Promise<EnableResult> {
  const userId = user.id;
  const row = await db
    .select()
    .from(twoFactorSecrets)
    .where(eq(twoFactorSecrets.userId, userId))
    .get();
  if (!row || row.enabledAt !== null) return { ok: false, error: "twoFactor.alreadyOn" };
  const key = await decryptSecret(config.twoFactorKey, userId, row.secret);
  const step = matchingStep(key, code, now, config.totpWindowSteps);
  if (step === null) return { ok: false, error: "twoFactor.codeInvalid" };

  const codes = newRecoveryCodes();
  // All columns in table order: insert … select names every column of the table.
  const values = codes.map(
    (plain) =>
      sql`(${newId("rec")}, ${userId}, ${hashRecoveryCode(normalizeRecoveryCode(plain) ?? "")}, null, ${now})`,
  );
  const [, , , , enabled] = await db.batch([
    db.delete(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), whileOff(userId))),
    db
      .insert(recoveryCodes)
      .select(sql`select * from (values ${sql.join(values, sql`, `)}) where ${whileOff(userId)}`),
    db
      .insert(securityEvents)
      .select(
        sql`select ${newId("sev")}, ${userId}, 'two_factor_enabled', ${now} where ${whileOff(userId)}`,
      ),
    memberAuditEntries(
      db,
      { userId, email: user.email, action: "member.two_factor_on", onlyIf: whileOff(userId) },
      now,
    ),
    db
      .update(twoFactorSecrets)
      .set({ enabledAt: now, lastUsedStep: step })
      .where(and(eq(twoFactorSecrets.userId, userId), isNull(twoFactorSecrets.enabledAt)))
      .returning({ userId: twoFactorSecrets.userId }),
  ]);
  if (enabled.length === 0) return { ok: false, error: "twoFactor.alreadyOn" };
  return { ok: true, recoveryCodes: codes };
}

/** Whether the user has two-factor on: then sign-in asks for a code after the password. */
export async function hasTwoFactor(db: Database, userId: string): Promise<boolean> {
  const row = await db
    .select({ userId: twoFactorSecrets.userId })
    .from(twoFactorSecrets)
    .where(and(eq(twoFactorSecrets.userId, userId), isNotNull(twoFactorSecrets.enabledAt)))
    .get();
  return row !== undefined;
}

/**
 * Checks an authenticator code and spends its time step. False for a wrong code, a code outside the
 * window, and a code whose step (or a later one) was already used.
 */
export async function verifyTotp(
  db: Database,
  config: Config,
  userId: string,
  code: string,
  now = Date.now(),
): Promise<boolean> {
  const row = await db
    .select()
    .from(twoFactorSecrets)
    .where(and(eq(twoFactorSecrets.userId, userId), isNotNull(twoFactorSecrets.enabledAt)))
    .get();
  if (!row) return false;
  const key = await decryptSecret(config.twoFactorKey, userId, row.secret);
  const step = matchingStep(key, code, now, config.totpWindowSteps);
  if (step === null) return false;
  const spent = await db
    .update(twoFactorSecrets)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(twoFactorSecrets.userId, userId),
        isNotNull(twoFactorSecrets.enabledAt),
        sql`(${twoFactorSecrets.lastUsedStep} is null or ${twoFactorSecrets.lastUsedStep} < ${step})`,
      ),
    )
    .returning({ userId: twoFactorSecrets.userId });
  return spent.length === 1;
}

/** Spends one recovery code of the user; false when it is wrong or already used. */
export async function spendRecoveryCode(
  db: Database,
  userId: string,
  input: string,
  now = Date.now(),
): Promise<boolean> {
  const code = normalizeRecoveryCode(input);
  if (!code) return false;
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  if (spent.length === 0) return false;
  await securityEvent(db, userId, "recovery_code_used", now);
  return true;
}

/** A second factor as typed: an authenticator code, or else a recovery code. */
export async function verifySecondFactor(
  db: Database,
  config: Config,
  userId: string,
  input: string,
  now = Date.now(),
): Promise<boolean> {
  if (/^[\d\s]+$/.test(input)) return verifyTotp(db, config, userId, input, now);
  return spendRecoveryCode(db, userId, input, now);
}

/** Turns two-factor off: the secret and every recovery code go, in one batch. */
export function disableTwoFactorStatements(
  db: Database,
  user: { id: string; email: string },
  now: number,
): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  return [
    memberAuditEntries(
      db,
      { userId: user.id, email: user.email, action: "member.two_factor_off" },
      now,
    ),
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
    db.delete(twoFactorSecrets).where(eq(twoFactorSecrets.userId, user.id)),
    securityEvent(db, user.id, "two_factor_disabled", now),
  ];
}
