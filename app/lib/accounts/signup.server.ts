// Sign-up: a new account with its owner, in one D1 batch —
//
//   account ─┬─ owner (a new user, or the signed-in one) ── owner membership
//            ├─ system domain {slug}.{first system domain}, active, in the chosen language
//            ├─ inbox "Support"
//            ├─ (a new user) verification link + its queued email-log row
//            └─ audit entry account.create
//
// The slug comes from the account's name. Which slugs are taken is read first only to guess a
// free one; the UNIQUE indexes on accounts.slug and the live hostname decide, and the loser of a
// race (two sign-ups for "Acme" at once) asks again and takes the next suffix. An address that is
// registered already loses the same way on users.email, so nothing at all is written for it.
import { eq, like, or } from "drizzle-orm";
import { runBatch } from "../../../db/batch";
import type { Database } from "../../../db/client";
import { accounts, domains, inboxes, memberships, type User, users } from "../../../db/schema";
import { auditEntry } from "../audit/audit.server";
import { normalizeEmail } from "../auth/addresses";
import { countEmailRequest } from "../auth/email-request.server";
import { hashPassword } from "../auth/password";
import { createDashboardSession } from "../auth/sessions.server";
import type { Config } from "../config";
import { uniqueViolation } from "../db/errors";
import { newId } from "../db/ids";
import type { EmailProducer } from "../email/enqueue.server";
import type { EmailMessage } from "../email/messages";
import type { Language } from "../i18n";
import { agentJoins } from "../team/agents.server";
import { canonicalHost } from "../tenancy/host";
import { accountSlugBase, nextFreeSlug } from "./slug";
import { sendQueued, verificationEmail } from "./verification.server";

/** How often a sign-up asks again after losing its slug to a parallel one. */
const SLUG_ATTEMPTS = 5;

export type NewAccount = { accountName: string; language: Language };
export type NewOwner = { name: string; email: string; password: string };

type Refused =
  | { ok: false; error: "signUp.emailTaken" }
  | { ok: false; error: "emailRequest.rateLimited"; retryAt: number };

export type SignUpResult =
  | { ok: true; account: { id: string; slug: string }; session: { token: string } }
  | Refused;

export type AddAccountResult = { ok: true; account: { id: string; slug: string } } | Refused;

type Owner =
  | { kind: "new"; user: typeof users.$inferInsert & { id: string; email: string } }
  | { kind: "existing"; user: Pick<User, "id" | "name"> };

/** Slugs that may clash with `base`: itself and its suffixed forms. */
async function takenSlugs(db: Database, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: accounts.slug })
    .from(accounts)
    .where(or(eq(accounts.slug, base), like(accounts.slug, `${base}-%`)));
  return new Set(rows.map((row) => row.slug));
}

/**
 * Writes the account and everything it starts with. Null when a new owner's address turned out
 * to be registered (by a parallel sign-up): then nothing was written.
 */
async function insertAccount(
  db: Database,
  config: Config,
  owner: Owner,
  input: NewAccount,
  now: number,
): Promise<{ id: string; slug: string; verification: EmailMessage | null } | null> {
  const systemDomain = config.systemDomains[0];
  if (!systemDomain) throw new Error("no system domain configured");
  const base = accountSlugBase(input.accountName);
  const lost = new Set<string>();
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    const taken = await takenSlugs(db, base);
    for (const slug of lost) taken.add(slug);
    const slug = nextFreeSlug(base, taken);
    const hostname = canonicalHost(`${slug}.${systemDomain}`);
    if (!hostname) throw new Error(`not a hostname: ${slug}.${systemDomain}`);
    const accountId = newId("acc");
    const verification =
      owner.kind === "new" ? verificationEmail(db, accountId, owner.user, now) : null;
    try {
      await runBatch(db, [
        db
          .insert(accounts)
          .values({ id: accountId, name: input.accountName, slug, createdAt: now }),
        ...(owner.kind === "new" ? [db.insert(users).values(owner.user)] : []),
        db
          .insert(memberships)
          .values({ accountId, userId: owner.user.id, role: "owner", createdAt: now }),
        agentJoins(db, { accountId, userId: owner.user.id, displayName: owner.user.name, now }),
        db.insert(domains).values({
          id: newId("dom"),
          accountId,
          hostname,
          kind: "system",
          status: "active",
          primaryLanguage: input.language,
          // Nothing to prove through DNS: a system domain is Portico's own.
          verificationToken: "system",
          statusChangedAt: now,
          createdAt: now,
        }),
        db.insert(inboxes).values({ id: newId("inb"), accountId, name: "Support", createdAt: now }),
        ...(verification?.statements ?? []),
        auditEntry(
          db,
          {
            accountId,
            actorUserId: owner.user.id,
            action: "account.create",
            target: input.accountName,
            after: { name: input.accountName, slug, hostname, language: input.language },
          },
          now,
        ),
      ]);
      return { id: accountId, slug, verification: verification?.message ?? null };
    } catch (error) {
      const columns = uniqueViolation(error);
      if (columns.includes("users.email")) return null;
      if (columns.includes("accounts.slug") || columns.includes("domains.hostname")) {
        lost.add(slug);
        continue;
      }
      throw error;
    }
  }
  throw new Error(`no free slug for "${base}" after ${SLUG_ATTEMPTS} attempts`);
}

/** Whether an address belongs to a user already. */
async function registered(db: Database, email: string): Promise<boolean> {
  const row = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  return row !== undefined;
}

/**
 * Sign-up for someone new: their user, owner of a new account, signed in, with a verification
 * email on its way. It sends an email to a typed address, so it counts as an email request (per
 * client IP and per address) and cannot be used to flood an inbox or to create accounts in bulk.
 */
export async function signUp(
  producer: EmailProducer,
  config: Config,
  input: NewAccount & NewOwner & { ip: string },
  now = Date.now(),
): Promise<SignUpResult> {
  const { db } = producer;
  const email = normalizeEmail(input.email);
  const counted = await countEmailRequest(db, config, { ip: input.ip, scope: "users", email }, now);
  if (!counted.allowed)
    return { ok: false, error: "emailRequest.rateLimited", retryAt: counted.retryAt };
  if (await registered(db, email)) return { ok: false, error: "signUp.emailTaken" };
  const user = {
    id: newId("usr"),
    email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
  };
  const account = await insertAccount(db, config, { kind: "new", user }, input, now);
  if (!account) return { ok: false, error: "signUp.emailTaken" };
  if (account.verification) await sendQueued(producer, account.verification);
  const session = await createDashboardSession(
    db,
    { userId: user.id, host: config.dashboardHost },
    now,
  );
  return { ok: true, account: { id: account.id, slug: account.slug }, session };
}

/** Another account for a signed-in user, who owns it. Counted like a sign-up. */
export async function addAccount(
  db: Database,
  config: Config,
  user: Pick<User, "id" | "email" | "name">,
  input: NewAccount & { ip: string },
  now = Date.now(),
): Promise<AddAccountResult> {
  const counted = await countEmailRequest(
    db,
    config,
    { ip: input.ip, scope: "users", email: user.email },
    now,
  );
  if (!counted.allowed)
    return { ok: false, error: "emailRequest.rateLimited", retryAt: counted.retryAt };
  const account = await insertAccount(db, config, { kind: "existing", user }, input, now);
  if (!account) throw new Error("an existing owner cannot clash on users.email");
  return { ok: true, account: { id: account.id, slug: account.slug } };
}
