// Tests that write make their own tenants here and leave the demo data as seeded.

import { newId } from "../app/lib/db/ids";
import { defaultConsentSettings, defaultDisplaySettings } from "../app/lib/portals/defaults";
import { chunkedInsert, runBatch } from "../db/batch";
import type { Database } from "../db/client";
import * as s from "../db/schema";

export type AccountFixture = {
  accountId: string;
  domainId: string;
  hostname: string;
  inboxId: string;
  portalIds: string[];
  slugs: string[];
};

export type AccountOptions = {
  name?: string;
  hostname?: string;
  kind?: s.DomainKind;
  status?: s.DomainStatus;
  statusChangedAt?: number;
  language?: string;
  /** Slugs of the portals to create on the domain (default: one, "help"). */
  slugs?: string[];
};

/** An account with one domain, one inbox and its portals. */
export async function createAccount(
  db: Database,
  options: AccountOptions = {},
): Promise<AccountFixture> {
  const accountId = newId("acc");
  const suffix = accountId.slice(-8);
  const name = options.name ?? `Test ${suffix}`;
  const hostname = options.hostname ?? `t-${suffix}.portico-sites.localhost`;
  const domainId = newId("dom");
  const inboxId = newId("inb");
  const slugs = options.slugs ?? ["help"];
  const portalIds = slugs.map(() => newId("prt"));
  const now = Date.now();
  await runBatch(db, [
    ...chunkedInsert(db, s.accounts, [{ id: accountId, name, slug: `t-${suffix}` }]),
    ...chunkedInsert(db, s.domains, [
      {
        id: domainId,
        accountId,
        hostname,
        kind: options.kind ?? "system",
        status: options.status ?? "active",
        primaryLanguage: options.language ?? "en",
        verificationToken: newId("tok"),
        statusChangedAt: options.statusChangedAt ?? now,
      },
    ]),
    ...chunkedInsert(db, s.inboxes, [{ id: inboxId, accountId, name: "Support" }]),
    ...chunkedInsert(
      db,
      s.portals,
      slugs.map((slug, index) => ({
        id: portalIds[index] as string,
        accountId,
        domainId,
        slug,
        name: `${name} ${slug}`,
        defaultInboxId: inboxId,
        displaySettings: defaultDisplaySettings(),
        consentSettings: defaultConsentSettings(),
        updatedAt: now,
      })),
    ),
  ]);
  return { accountId, domainId, hostname, inboxId, portalIds, slugs };
}
