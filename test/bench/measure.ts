// The benchmark's stack and its machine-independent counts, shared by `npm run bench` and the
// budgets test: D1 round trips and rows per request (through the metered worker), query plans,
// bundle and client-asset sizes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { WorkerOptions } from "miniflare";
import { hashPassword } from "../../app/lib/auth/password";
import {
  APP_CONFIG,
  baseOptions,
  bundle,
  type Stack,
  startStack,
  workerBundles,
} from "../support/stack";
import { TEST_VARS } from "../support/vars";
import type { MeteredResponse } from "./metered-worker";
import { FLOOR_HOST, mismatch, type Scenario, scenarios } from "./scenarios";
import { BENCH_PASSWORD, type BenchAccount, seedBenchAccount } from "./seed";

const ROOT = path.resolve(import.meta.dirname, "../..");
const METERED = "portico-metered";

export type BenchStack = {
  stack: Stack;
  accounts: BenchAccount[];
  scenarios: Scenario[];
  /** Session cookie (`name=value`) per account id. */
  cookies: Map<string, string>;
  appBundle: string;
};

/** The app and email workers, a trivial worker on FLOOR_HOST and the metered app, on a fresh D1. */
export async function startBenchStack(
  sizes: number[],
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<BenchStack> {
  const log = options.log ?? (() => {});
  log("bundling the workers (wrangler deploy --dry-run)");
  const { app } = workerBundles();
  const metered = bundle(
    APP_CONFIG,
    mkdtempSync(path.join(tmpdir(), "portico-metered-")),
    path.join(ROOT, "test/bench/metered-worker.ts"),
  );
  const appBase = baseOptions(APP_CONFIG);
  const workers: WorkerOptions[] = [
    {
      name: "bench-floor",
      modules: true,
      script: `export default { fetch: () => new Response("ok") };`,
      routes: [`${FLOOR_HOST}/*`],
      compatibilityDate: appBase.compatibilityDate,
    },
    {
      ...appBase,
      name: METERED,
      modulesRoot: path.dirname(metered),
      modules: [{ type: "ESModule", path: metered }],
      bindings: { ...appBase.bindings, ...TEST_VARS },
      // The real app worker consumes the app's queues; a queue has one consumer.
      queueConsumers: undefined,
    },
  ];
  log("starting Miniflare");
  const stack = await startStack({ port: options.port, demo: false, workers });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const accounts: BenchAccount[] = [];
  for (const size of sizes) {
    log(`seeding an account with ${size.toLocaleString("en")} tickets`);
    accounts.push(await seedBenchAccount(stack.d1, String(size), size, passwordHash));
  }
  const cookies = new Map<string, string>();
  for (const account of accounts) {
    const answer = await meteredFetch(stack, {
      host: account.host,
      path: `/${account.slug}/sign-in`,
      method: "POST",
      form: { email: account.email, password: BENCH_PASSWORD },
    });
    const setCookie = answer.headers.find(([name]) => name === "set-cookie")?.[1];
    if (answer.status !== 302 || !setCookie) {
      throw new Error(`sign-in on ${account.host} answered ${answer.status}`);
    }
    cookies.set(account.accountId, setCookie.split(";")[0] ?? "");
  }
  return { stack, accounts, scenarios: scenarios(accounts), cookies, appBundle: app };
}

export type Request_ = {
  host: string;
  path: string;
  method: "GET" | "POST";
  form?: Record<string, string>;
  cookie?: string;
};

/** The headers a browser on the page's own origin sends. */
export function requestHeaders(request: Request_): Record<string, string> {
  const headers: Record<string, string> = { Host: request.host };
  if (request.cookie) headers.Cookie = request.cookie;
  if (request.method === "POST") {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Sec-Fetch-Site"] = "same-origin";
  }
  return headers;
}

export function formBody(form: Record<string, string> | undefined): string | undefined {
  return form ? new URLSearchParams(form).toString() : undefined;
}

export function requestOf(bench: BenchStack, scenario: Scenario): Request_ {
  return {
    host: scenario.host,
    path: scenario.path,
    method: scenario.method,
    form: scenario.form,
    cookie: scenario.signedIn ? bench.cookies.get(scenario.signedIn.accountId) : undefined,
  };
}

async function meteredFetch(stack: Stack, request: Request_): Promise<MeteredResponse> {
  const worker = await stack.mf.getWorker(METERED);
  const response = await worker.fetch(`http://${request.host}${request.path}`, {
    method: request.method,
    headers: requestHeaders(request),
    body: formBody(request.form),
    redirect: "manual",
  });
  return (await response.json()) as MeteredResponse;
}

/** What one request to the scenario costs in D1 and on the wire, on a warm tenant cache. */
export type Counts = {
  /** Calls to D1 (a batch is one). */
  roundTrips: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  /** The response body, raw and gzip. */
  bytes: number;
  gzipBytes: number;
  /** Each round trip's SQL, in order. */
  trips: { sql: string[]; params: unknown[][]; rowsRead: number; rowsWritten: number }[];
};

/** Requests the scenario through the metered worker twice (the first warms its tenant cache). */
export async function measureCounts(bench: BenchStack, scenario: Scenario): Promise<Counts> {
  const request = requestOf(bench, scenario);
  let answer: MeteredResponse | undefined;
  for (let i = 0; i < 2; i++) {
    answer = await meteredFetch(bench.stack, request);
    const problem = mismatch(scenario, answer.status, new Headers(answer.headers), answer.body);
    if (problem) throw new Error(`metered ${problem}`);
  }
  if (!answer) throw new Error("no answer");
  return {
    roundTrips: answer.trips.length,
    statements: answer.trips.reduce((sum, trip) => sum + trip.statements.length, 0),
    rowsRead: answer.trips.reduce((sum, trip) => sum + trip.rowsRead, 0),
    rowsWritten: answer.trips.reduce((sum, trip) => sum + trip.rowsWritten, 0),
    bytes: Buffer.byteLength(answer.body),
    gzipBytes: gzipSync(answer.body).length,
    trips: answer.trips.map((trip) => ({
      sql: trip.statements.map((s) => s.sql.replace(/\s+/g, " ").trim()),
      params: trip.statements.map((s) => s.params),
      rowsRead: trip.rowsRead,
      rowsWritten: trip.rowsWritten,
    })),
  };
}

/** The body of a scenario's page as the unmetered app would serve it (for its asset references). */
export async function pageBody(bench: BenchStack, scenario: Scenario): Promise<string> {
  return (await meteredFetch(bench.stack, requestOf(bench, scenario))).body;
}

export type Plan = { sql: string; plan: string[]; fullScans: string[] };

const SCANNED = ["tickets", "ticket_messages"];

/** Names a statement gives the scanned tables: the tables themselves and their aliases. */
function namesOf(sql: string): Set<string> {
  const names = new Set(SCANNED);
  for (const match of sql.matchAll(/\b(tickets|ticket_messages)\s+(?:as\s+)?([a-z_]\w*)/gi)) {
    const alias = match[2]?.toLowerCase() ?? "";
    if (
      ![
        "where",
        "on",
        "left",
        "inner",
        "join",
        "group",
        "order",
        "limit",
        "union",
        "set",
        "values",
      ].includes(alias)
    ) {
      names.add(alias);
    }
  }
  return names;
}

/** EXPLAIN QUERY PLAN of each read of tickets or messages; a SCAN of either is a full scan. */
export async function queryPlans(bench: BenchStack, counts: Counts): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const trip of counts.trips) {
    for (const [index, sql] of trip.sql.entries()) {
      if (!/^(select|with)\b/i.test(sql) || !/\b(tickets|ticket_messages)\b/i.test(sql)) continue;
      const { results } = await bench.stack.d1
        .prepare(`explain query plan ${sql}`)
        .bind(...((trip.params[index] ?? []) as unknown[]))
        .all<{ detail: string }>();
      const plan = results.map((row) => row.detail);
      const names = namesOf(sql);
      const fullScans = plan.filter((line) => {
        const scanned = /^SCAN (?:TABLE )?(\w+)/.exec(line)?.[1]?.toLowerCase();
        return scanned !== undefined && names.has(scanned);
      });
      plans.push({ sql, plan, fullScans });
    }
  }
  return plans;
}

export type Size = { raw: number; gzip: number };

function sizeOf(content: Buffer): Size {
  return { raw: content.length, gzip: gzipSync(content).length };
}

export function fileSize(file: string): Size {
  return sizeOf(readFileSync(file));
}

/** Client JS and CSS a page references (script, modulepreload, stylesheet and inline imports). */
export function clientAssets(html: string): { js: Size; css: Size; files: string[] } {
  const files = [...new Set(html.match(/\/assets\/[\w.\-/]+\.(?:js|css)/g) ?? [])].sort();
  const total = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const file of files) {
    const size = fileSize(path.join(ROOT, "build/client", file));
    const kind = file.endsWith(".css") ? total.css : total.js;
    kind.raw += size.raw;
    kind.gzip += size.gzip;
  }
  return { ...total, files };
}
