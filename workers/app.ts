// The app worker: resolve the tenant once, then hand the request to Remix with the result. Its cron
// (wrangler.toml) runs the scheduled tasks: purges, the sweep for stuck emails, the sweep of
// attachments never attached to a message and the re-check of custom domains' DNS. Its queue handler imports contacts, a chunk of rows per
// message (app/lib/imports).
import { createRequestHandler } from "@remix-run/cloudflare";
import * as build from "#remix-build";
import { uploadBodyLimit } from "../app/lib/attachments/upload.server";
import { isMutating } from "../app/lib/auth/csrf";
import { type Env, readConfig } from "../app/lib/config";
import { customHostnamesFor } from "../app/lib/domains/cloudflare.server";
import { resolverFor } from "../app/lib/domains/resolver.server";
import { type ImportChunk, importChunk } from "../app/lib/imports/imports.server";
import { readScheduledConfig, type ScheduledEnv } from "../app/lib/scheduled/config";
import { runScheduledTasks } from "../app/lib/scheduled/run.server";
import { createNonce, withSecurityHeaders } from "../app/lib/security/headers";
import { acceptWrite } from "../app/lib/security/writes";
import { HostCache } from "../app/lib/tenancy/cache";
import { notFoundPage } from "../app/lib/tenancy/not-found";
import { resolveRequest, type Site, type SiteCache } from "../app/lib/tenancy/resolve.server";
import { createDb } from "../db/client";

const handleRemixRequest = createRequestHandler(build);

// One per isolate; its TTL comes from the configuration on first use.
let siteCache: SiteCache | undefined;

// Made once per object and kept for the isolate's life: the runtime hands every request the same
// env and D1 binding, so the configuration is parsed and Drizzle learns the schema once, not per
// request. Keyed by the object (not a global), so an env of its own gets its own.
function perObject<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
const configOf = perObject(readConfig);
const dbOf = perObject(createDb);

export default {
  async fetch(incoming, env, ctx): Promise<Response> {
    const config = configOf(env);
    siteCache ??= new HostCache<Site>(config.tenantCacheTtlMs);
    const cache = siteCache;
    const db = dbOf(env.DB);
    const nonce = createNonce();

    // Cross-origin, non-form and oversize writes are refused before anything else runs.
    const accepted = isMutating(incoming)
      ? await acceptWrite(incoming, uploadBodyLimit(config.attachments))
      : incoming;
    if (accepted instanceof Response) return withSecurityHeaders(accepted, nonce);
    const request = accepted;
    const resolution = await resolveRequest(request, { db, config, cache, now: Date.now });
    let response: Response;
    if (resolution.kind === "not_found") {
      response = notFoundPage();
    } else if (resolution.kind === "redirect") {
      response = new Response(null, { status: 302, headers: { Location: resolution.location } });
    } else {
      const tenant =
        resolution.kind === "portal"
          ? { account: resolution.account, domain: resolution.domain, portal: resolution.portal }
          : { account: null, domain: null, portal: null };
      response = await handleRemixRequest(request, {
        env,
        config,
        db,
        cspNonce: nonce,
        surface: resolution.kind,
        ...tenant,
        forgetHost: (hostname) => cache.delete(hostname),
        waitUntil: (promise) => ctx.waitUntil(promise),
      });
    }
    return withSecurityHeaders(response, nonce, { request, config });
  },

  async scheduled(controller, env: Env & ScheduledEnv): Promise<void> {
    const config = configOf(env);
    const db = createDb(env.DB);
    await runScheduledTasks({
      db,
      queue: env.EMAIL_QUEUE,
      config: readScheduledConfig(env),
      now: controller.scheduledTime,
      dns: {
        resolver: resolverFor(config, db),
        cnameTarget: config.cnameTarget,
        hostnames: customHostnamesFor(config),
      },
      forgetHost: (hostname) => siteCache?.delete(hostname),
      attachments: env.ATTACHMENTS,
    });
  },

  async queue(batch: MessageBatch<ImportChunk>, env: Env): Promise<void> {
    const db = dbOf(env.DB);
    for (const message of batch.messages) {
      try {
        await importChunk(db, message.body);
        message.ack();
      } catch (error) {
        // Nothing of the chunk landed (one batch); the queue brings it back.
        console.error("import chunk failed", message.body, error);
        message.retry();
      }
    }
  },
} satisfies ExportedHandler<Env, ImportChunk>;
