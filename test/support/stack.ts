// Both workers as they deploy, in one Miniflare: the app worker's bundle with its static assets,
// the email worker's bundle, one local D1 shared by both and the real queue between them.
// Used by the multi-worker tests and, on a real port, by the browser tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/d1";
import { Miniflare, type WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { hashPassword } from "../../app/lib/auth/password";
import * as schema from "../../db/schema";
import { DEMO_PASSWORD, seedDemoData } from "../../db/seed";
import { TEST_VARS } from "./vars";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const APP_CONFIG = path.join(ROOT, "wrangler.toml");
const EMAIL_CONFIG = path.join(ROOT, "workers/email/wrangler.toml");

export type Stack = {
  mf: Miniflare;
  url: URL;
  /** D1 as both workers see it (a proxy usable from Node). */
  d1: D1Database;
  db: ReturnType<typeof drizzleDb>;
  dispose: () => Promise<void>;
};

export type StackOptions = {
  /** Serve on a real port (browser tests); otherwise use dispatchFetch only. */
  port?: number;
  /** Extra variables for the email worker (e.g. RESEND_BASE_URL of a fake). */
  emailBindings?: Record<string, string>;
  /** Queue consumer settings (retry delays are configurable so tests run fast). */
  queue?: { maxRetries?: number; retryDelay?: number };
  /** Seed the demo data (default); the benchmark seeds its own accounts instead. */
  demo?: boolean;
  /** More workers in the same Miniflare, after the app and email workers. */
  workers?: WorkerOptions[];
};

/**
 * wrangler reads the `.dev.vars` that `npm start` writes beside each config. Whatever it holds, a
 * test reaches Resend only when it asks to (emailBindings), and links carry no local port.
 */
const EMAIL_TEST_DEFAULTS = { RESEND_API_KEY: "", RESEND_BASE_URL: "", LOCAL_PORT: "" };

function drizzleDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/**
 * `wrangler deploy --dry-run`: the exact bundle that would deploy (needs a prior `vite build`);
 * with `entry`, the same configuration around another entry module.
 */
export function bundle(configPath: string, outdir: string, entry?: string): string {
  execFileSync(
    path.join(ROOT, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", ...(entry ? [entry] : []), "-c", configPath, "--outdir", outdir],
    { cwd: ROOT, stdio: "pipe", env: { ...process.env, CI: "true" } },
  );
  const script = readdirSync(outdir).find((file) => file.endsWith(".js"));
  if (!script) throw new Error(`no bundle in ${outdir}`);
  return path.join(outdir, script);
}

export function baseOptions(configPath: string): WorkerOptions {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  return workerOptions as WorkerOptions;
}

let bundles: { app: string; email: string } | undefined;

/** Bundles once per process; every stack reuses them. */
export function workerBundles(): { app: string; email: string } {
  if (!bundles) {
    const dir = mkdtempSync(path.join(tmpdir(), "portico-bundle-"));
    bundles = {
      app: bundle(APP_CONFIG, path.join(dir, "app")),
      email: bundle(EMAIL_CONFIG, path.join(dir, "email")),
    };
  }
  return bundles;
}

async function applyMigrations(d1: D1Database): Promise<void> {
  const { readD1Migrations } = await import("@cloudflare/vitest-pool-workers/config");
  for (const migration of await readD1Migrations(path.join(ROOT, "db/migrations"))) {
    await d1.batch(migration.queries.map((query) => d1.prepare(query)));
  }
}

/** A fresh stack: new database, migrated and seeded with the demo data. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const { app, email } = workerBundles();
  const persist = mkdtempSync(path.join(tmpdir(), "portico-d1-"));
  const appBase = baseOptions(APP_CONFIG);
  const emailBase = baseOptions(EMAIL_CONFIG);
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: options.port ?? 0,
    d1Persist: persist,
    workers: [
      {
        ...appBase,
        name: "portico",
        modulesRoot: path.dirname(app),
        modules: [{ type: "ESModule", path: app }],
        bindings: { ...appBase.bindings, ...TEST_VARS },
        assets: {
          directory: path.join(ROOT, "build/client"),
          routerConfig: { has_user_worker: true },
        },
      },
      {
        ...emailBase,
        name: "portico-email",
        modulesRoot: path.dirname(email),
        modules: [{ type: "ESModule", path: email }],
        bindings: {
          ...emailBase.bindings,
          ...TEST_VARS,
          ...EMAIL_TEST_DEFAULTS,
          ...options.emailBindings,
        },
        queueConsumers: {
          "portico-email": {
            maxBatchSize: 10,
            maxBatchTimeout: 0.05,
            maxRetries: options.queue?.maxRetries ?? 3,
            retryDelay: options.queue?.retryDelay ?? 0,
            deadLetterQueue: "portico-email-dlq",
          },
        },
      },
      ...(options.workers ?? []),
    ],
  });
  const url = await mf.ready;
  const d1 = await mf.getD1Database("DB", "portico");
  await applyMigrations(d1);
  const db = drizzleDb(d1);
  if (options.demo ?? true) {
    await seedDemoData(db as never, {
      systemDomain: TEST_VARS.SYSTEM_DOMAINS,
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
  }
  return {
    mf,
    url,
    d1,
    db,
    dispose: async () => {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the deadline passes; never a fixed sleep. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
