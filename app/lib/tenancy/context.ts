import type { Database } from "../../../db/client";
import type { Account, Domain, Portal } from "../../../db/schema";
import type { Config, Env } from "../config";

/** What every loader and action gets from the worker entry, resolved once per request. */
export type PorticoContext = {
  env: Env;
  config: Config;
  db: Database;
  /** The nonce of this response's Content-Security-Policy. */
  cspNonce: string;
  surface: "dashboard" | "portal";
  account: Account | null;
  domain: Domain | null;
  portal: Portal | null;
  /** Clears this isolate's cached view of a hostname after a change to its domain or portals. */
  forgetHost: (hostname: string) => void;
  waitUntil: (promise: Promise<unknown>) => void;
};

declare module "@remix-run/cloudflare" {
  interface AppLoadContext extends PorticoContext {}
}
