import type { Database } from "../../../db/client";
import type { Config } from "../config";
import { DEV_DOH_URL, devDnsFetch } from "./dev-dns.server";
import { type DnsResolver, dohResolver } from "./doh";

/** The resolver the configuration names: a DoH endpoint, or the local records in development. */
export function resolverFor(config: Pick<Config, "dohUrl">, db: Database): DnsResolver {
  return config.dohUrl === "dev"
    ? dohResolver({ url: DEV_DOH_URL, fetch: devDnsFetch(db) })
    : dohResolver({ url: config.dohUrl });
}
