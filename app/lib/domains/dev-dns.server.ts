// The local DNS records behind DOH_URL "dev" (DEV_MODE only): /dev/dns sets them, domain checks
// read them through the real DoH resolver, whose fetch is answered here instead of by a network.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { devDnsRecords } from "../../../db/schema";
import { newId } from "../db/ids";
import { type DevRecord, dohReply } from "./dev-dns";
import type { Fetcher } from "./doh";

export const DEV_DOH_URL = "https://dev-dns.invalid/dns-query";

export function listDevRecords(db: Database) {
  return db.select().from(devDnsRecords).orderBy(asc(devDnsRecords.name), asc(devDnsRecords.type));
}

export async function addDevRecord(db: Database, record: DevRecord): Promise<void> {
  await db
    .insert(devDnsRecords)
    .values({ id: newId("dns"), ...record })
    .onConflictDoNothing();
}

export async function deleteDevRecord(db: Database, id: string): Promise<void> {
  await db.delete(devDnsRecords).where(eq(devDnsRecords.id, id));
}

/** A fetch that answers DoH JSON questions from the records in D1. */
export function devDnsFetch(db: Database): Fetcher {
  return async (input) => {
    const url = new URL(input);
    const records = await listDevRecords(db);
    const reply = dohReply(
      records,
      url.searchParams.get("name") ?? "",
      url.searchParams.get("type") ?? "A",
    );
    return new Response(JSON.stringify(reply), {
      headers: { "content-type": "application/dns-json" },
    });
  };
}
