// Single-use links (registration, reset, invites), the same for portal contacts and dashboard users:
// how long one lives and how it is spent. Spending is one conditional update, so of two parallel
// uses exactly one wins.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { oneTimeTokens } from "../../../db/schema";

export const LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** The statement that spends a link, for a batch that must change something else with it. */
export function spendLinkStatement(db: Database, tokenId: string, now: number) {
  return db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.id, tokenId),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .returning({ id: oneTimeTokens.id });
}

/** Spends a link: of two parallel uses, exactly one gets true. */
export async function spendLink(db: Database, tokenId: string, now: number): Promise<boolean> {
  const spent = await spendLinkStatement(db, tokenId, now);
  return spent.length === 1;
}
