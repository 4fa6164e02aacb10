// The app worker: resolve the tenant once, then hand the request to Remix with the result.
import { createRequestHandler } from "@remix-run/cloudflare";
import * as build from "#remix-build";
import { hasFormBody, isMutating, isSameOrigin } from "../app/lib/auth/csrf";
import { type Env, readConfig } from "../app/lib/config";
import { createNonce, withSecurityHeaders } from "../app/lib/security/headers";
import { TtlCache } from "../app/lib/tenancy/cache";
import { notFoundPage } from "../app/lib/tenancy/not-found";
import { resolveRequest, type Site } from "../app/lib/tenancy/resolve.server";
import { createDb } from "../db/client";

const handleRemixRequest = createRequestHandler(build);

// One per isolate; its TTL comes from the configuration on first use.
let siteCache: TtlCache<Site | null> | undefined;

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const config = readConfig(env);
    siteCache ??= new TtlCache<Site | null>(config.tenantCacheTtlMs);
    const cache = siteCache;
    const db = createDb(env.DB);
    const nonce = createNonce();

    // Cross-origin writes are refused before anything else runs (app/lib/auth/csrf.ts).
    if (isMutating(request) && !isSameOrigin(request)) {
      await request.body?.cancel();
      return withSecurityHeaders(new Response("Forbidden", { status: 403 }), nonce);
    }
    if (isMutating(request) && !hasFormBody(request)) {
      await request.body?.cancel();
      return withSecurityHeaders(new Response("Unsupported Media Type", { status: 415 }), nonce);
    }
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
} satisfies ExportedHandler<Env>;
