// A portal settings page reads its portal once per GET for the frame's and the tab's loaders, and
// afresh on every call of a POST (the loaders after an action must see what it saved).
import { env } from "cloudflare:test";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { describe, expect, it } from "vitest";
import { requirePagePortal } from "../../app/lib/portals/queries.server";
import { createDb } from "../../db/client";
import { createAccount } from "../factories";
import { countingD1 } from "../support/counting-d1";

const db = createDb(env.DB);

async function twoLoaders(method: string, portalId: string, accountId: string) {
  const counter = countingD1(env.DB);
  const context = { db: createDb(counter.d1) } as unknown as AppLoadContext;
  const request = new Request("http://app.localhost/a/x/portals/p/general", { method });
  const args = { request, context, params: { id: portalId } };
  const [frame, tab] = await Promise.all([
    requirePagePortal(args, accountId),
    requirePagePortal(args, accountId),
  ]);
  return { count: counter.count(), ids: [frame.portal.id, tab.portal.id] };
}

describe("requirePagePortal", () => {
  it("reads the portal once for all loaders of a GET", async () => {
    const fixture = await createAccount(db);
    const portalId = fixture.portalIds[0] as string;
    const read = await twoLoaders("GET", portalId, fixture.accountId);
    expect(read).toEqual({ count: 1, ids: [portalId, portalId] });
  });

  it("reads it on every call of a POST", async () => {
    const fixture = await createAccount(db);
    const portalId = fixture.portalIds[0] as string;
    expect((await twoLoaders("POST", portalId, fixture.accountId)).count).toBe(2);
  });

  it("another account's portal is the same 404 as a missing one, cached or not", async () => {
    const mine = await createAccount(db);
    const other = await createAccount(db);
    const foreign = other.portalIds[0] as string;
    for (const id of [foreign, "prt_missing"]) {
      const counter = countingD1(env.DB);
      const context = { db: createDb(counter.d1) } as unknown as AppLoadContext;
      const args = { request: new Request("http://app.localhost/"), context, params: { id } };
      const answer = await requirePagePortal(args, mine.accountId).catch((error) => error);
      expect(answer).toBeInstanceOf(Response);
      expect((answer as Response).status).toBe(404);
    }
  });
});
