// `npm run bench`: builds the production bundle, runs it in the local Workers runtime through
// Miniflare's API on a real port, seeds its own accounts into a fresh D1, checks every scenario
// answers with the page it means, records the machine-independent counts, then drives load from a
// second process in interleaved rounds and writes results.json, results.md and results.svg here.
//
// Settings (environment): BENCH_SECONDS per measurement (3), BENCH_ROUNDS (3), BENCH_WARMUP_SECONDS
// (1), BENCH_CONCURRENCY ("1,32"), BENCH_SIZES ("1000,10000,100000"), BENCH_BUILD=0 skips the build.
import { execFileSync, fork } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { hashPassword } from "../../app/lib/auth/password";
import type { LoadJob, LoadResult } from "./load";
import {
  type BenchStack,
  type Counts,
  clientAssets,
  fileSize,
  formBody,
  measureCounts,
  type Plan,
  pageBody,
  queryPlans,
  requestHeaders,
  requestOf,
  startBenchStack,
} from "./measure";
import { type LoadCell, type Results, writeReports } from "./report";
import { mismatch, type Scenario } from "./scenarios";

const ROOT = path.resolve(import.meta.dirname, "../..");

function setting(name: string, fallback: string): string {
  return process.env[name] || fallback;
}
const numbers = (value: string) => value.split(",").map((part) => Number(part.trim()));

const settings = {
  seconds: Number(setting("BENCH_SECONDS", "3")),
  rounds: Number(setting("BENCH_ROUNDS", "3")),
  warmupSeconds: Number(setting("BENCH_WARMUP_SECONDS", "1")),
  concurrency: numbers(setting("BENCH_CONCURRENCY", "1,32")),
  sizes: numbers(setting("BENCH_SIZES", "1000,10000,100000")),
};

const started = performance.now();
function log(line: string) {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${seconds} s] ${line}`);
}

/** One request over a real socket, the way the load generator sends it. */
function request(
  port: number,
  job: { path: string; method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      // A fresh connection each time: a kept-alive socket the runtime has closed would hang up.
      {
        host: "127.0.0.1",
        port,
        path: job.path,
        method: job.method,
        headers: job.headers,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (typeof value === "string") headers.set(name, value);
          }
          resolve({
            status: incoming.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(job.body);
  });
}

function jobOf(bench: BenchStack, scenario: Scenario) {
  const req = requestOf(bench, scenario);
  return {
    path: req.path,
    method: req.method,
    headers: requestHeaders(req),
    body: formBody(req.form),
  };
}

function loadProcess() {
  const child = fork(path.join(import.meta.dirname, "load.ts"), {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  return {
    run(job: LoadJob): Promise<LoadResult> {
      return new Promise((resolve, reject) => {
        child.once("message", (message: { ok: boolean; result?: LoadResult; error?: string }) =>
          message.ok && message.result ? resolve(message.result) : reject(new Error(message.error)),
        );
        child.send(job);
      });
    },
    stop: () => child.kill(),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main() {
  if (setting("BENCH_BUILD", "1") !== "0") {
    log("building the production bundle (remix vite:build)");
    execFileSync(
      path.join(ROOT, "node_modules/.bin/remix"),
      ["vite:build", "--logLevel", "error"],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
  }
  const bench = await startBenchStack(settings.sizes, { log });
  const port = Number(bench.stack.url.port);
  const loader = loadProcess();
  try {
    log(`serving on 127.0.0.1:${port}; checking every scenario answers with its page`);
    for (const scenario of bench.scenarios) {
      const answer = await request(port, jobOf(bench, scenario));
      const problem = mismatch(scenario, answer.status, answer.headers, answer.body);
      if (problem) throw new Error(problem);
    }

    log("counting D1 round trips and rows per request (metered worker, warm tenant cache)");
    const counts: Record<string, Counts> = {};
    const plans: Record<string, Plan[]> = {};
    for (const scenario of bench.scenarios) {
      if (scenario.kind === "floor") continue;
      counts[scenario.name] = await measureCounts(bench, scenario);
      const c = counts[scenario.name];
      if (c) {
        log(
          `  ${scenario.name}: ${c.roundTrips} round trips, ${c.rowsRead} rows read, ${c.rowsWritten} written`,
        );
        if (
          scenario.name.startsWith("list-") ||
          scenario.name === "search" ||
          scenario.name === "detail"
        ) {
          plans[scenario.name] = await queryPlans(bench, c);
        }
      }
    }
    const assets: Results["clientAssets"] = {};
    for (const scenario of bench.scenarios.filter((s) => s.page)) {
      assets[scenario.name] = clientAssets(await pageBody(bench, scenario));
    }
    const hashRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await hashPassword("a benchmark password");
      hashRuns.push(performance.now() - start);
    }

    const url = `http://127.0.0.1:${port}`;
    const cells: LoadCell[] = [];
    const total = settings.rounds * settings.concurrency.length * bench.scenarios.length;
    // autocannon stops at the deadline with requests still in flight, and the runtime finishes them
    // anyway; one more request of the same kind waits for that backlog, so the next measurement
    // starts on an idle runtime.
    const measure = async (scenario: Scenario, connections: number, seconds: number) => {
      const job = jobOf(bench, scenario);
      const result = await loader.run({ ...job, url: url + job.path, connections, seconds });
      const start = performance.now();
      await request(port, job);
      return { result, drainMs: performance.now() - start };
    };
    log(`warming up: ${settings.warmupSeconds} s per scenario`);
    for (const scenario of bench.scenarios) await measure(scenario, 8, settings.warmupSeconds);
    let done = 0;
    for (let round = 0; round < settings.rounds; round++) {
      for (const connections of settings.concurrency) {
        // Each round starts at another scenario, so no scenario always follows the same one.
        const order = bench.scenarios.map(
          (_, i) => bench.scenarios[(i + round) % bench.scenarios.length] as Scenario,
        );
        for (const scenario of order) {
          const { result, drainMs } = await measure(scenario, connections, settings.seconds);
          done += 1;
          const unexpected = result.requests - (result.statuses[String(scenario.status)] ?? 0);
          cells.push({ scenario: scenario.name, connections, round, ...result, unexpected });
          log(
            `  ${String(done).padStart(3)}/${total} round ${round + 1} c=${connections} ${scenario.name.padEnd(12)} ` +
              `${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms` +
              (drainMs > 1000 ? `  (backlog drained in ${(drainMs / 1000).toFixed(1)} s)` : "") +
              (unexpected
                ? `  ${unexpected} unexpected answers ${JSON.stringify(result.statuses)}`
                : ""),
          );
        }
      }
    }

    const results: Results = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        node: process.version,
        loadAverage: os.loadavg(),
      },
      settings,
      scenarios: bench.scenarios.map((s) => ({
        name: s.name,
        label: s.label,
        kind: s.kind,
        host: s.host,
        path: s.path,
        method: s.method,
      })),
      load: summarize(bench.scenarios, cells),
      cells,
      counts,
      queryPlans: plans,
      bundle: { app: fileSize(bench.appBundle) },
      clientAssets: assets,
      passwordHash: { medianMs: median(hashRuns), runsMs: hashRuns },
    };
    const files = writeReports(results);
    execFileSync(path.join(ROOT, "node_modules/.bin/biome"), ["format", "--write", ...files], {
      cwd: ROOT,
      stdio: "ignore",
    });
    log(`wrote ${files.map((file) => path.relative(ROOT, file)).join(", ")}`);
  } finally {
    loader.stop();
    await bench.stack.dispose();
  }
}

/** Medians over rounds; ratios are taken within each round against that round's baseline. */
function summarize(scenarios: Scenario[], cells: LoadCell[]): Results["load"] {
  const rows: Results["load"] = [];
  for (const connections of settings.concurrency) {
    const at = (name: string, round: number) =>
      cells.find((c) => c.scenario === name && c.connections === connections && c.round === round);
    for (const scenario of scenarios) {
      const mine = cells.filter(
        (c) => c.scenario === scenario.name && c.connections === connections,
      );
      const ratios = mine.map(
        (c) => c.requestsPerSecond / (at("not-found", c.round)?.requestsPerSecond || Number.NaN),
      );
      const floorRatios = mine.map(
        (c) => c.requestsPerSecond / (at("floor", c.round)?.requestsPerSecond || Number.NaN),
      );
      rows.push({
        scenario: scenario.name,
        connections,
        requestsPerSecond: median(mine.map((c) => c.requestsPerSecond)),
        p50: median(mine.map((c) => c.p50)),
        p99: median(mine.map((c) => c.p99)),
        ratio: median(ratios),
        ratioToFloor: median(floorRatios),
        unexpected: mine.reduce((sum, c) => sum + c.unexpected, 0),
      });
    }
  }
  return rows;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
