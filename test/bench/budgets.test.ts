// The benchmark's machine-independent counts, held to test/bench/budgets.json: D1 round trips and
// rows per request, query plans, the app worker's size and each portal page's client JS. Each
// budget is what the code reaches today; where that misses the goal, the failure message names
// the goal. No timing is measured here (npm run bench does that).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BenchStack,
  type Counts,
  clientAssets,
  fileSize,
  measureCounts,
  pageBody,
  queryPlans,
  startBenchStack,
} from "./measure";
import type { Scenario } from "./scenarios";

type Budget<T> = { goal: string; budget: T };
type Budgets = {
  d1RoundTrips: Budget<Record<string, number>>;
  rowsWrittenOnReads: Budget<number>;
  listRowsRead: Budget<Record<string, number>>;
  fullScans: Budget<number>;
  appBundleGzipBytes: Budget<number>;
  clientJsGzipBytes: Budget<Record<string, number>>;
};

const budgets = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "budgets.json"), "utf8"),
) as Budgets;
/** The list runs at two sizes; rows read by a page should not grow with the account. */
const SIZES = Object.keys(budgets.listRowsRead.budget).map(Number);
/** `list-2000` and `list-20000` share the budget of `list`. */
const family = (name: string) => name.replace(/-\d+$/, "");

let bench: BenchStack;
const counts = new Map<string, Counts>();

beforeAll(async () => {
  bench = await startBenchStack(SIZES);
  for (const scenario of bench.scenarios) {
    if (scenario.kind !== "floor") counts.set(scenario.name, await measureCounts(bench, scenario));
  }
});

afterAll(async () => {
  await bench?.stack.dispose();
});

function measured(scenario: Scenario): Counts {
  const found = counts.get(scenario.name);
  if (!found) throw new Error(`no counts for ${scenario.name}`);
  return found;
}

describe("D1 per request, warm tenant cache", () => {
  it("round trips stay within budget", () => {
    for (const scenario of bench.scenarios.filter((s) => s.kind !== "floor")) {
      const budget = budgets.d1RoundTrips.budget[family(scenario.name)];
      const { roundTrips, trips } = measured(scenario);
      expect(budget, `${scenario.name} has no budget`).toBeTypeOf("number");
      expect(
        roundTrips,
        `${scenario.name}: ${roundTrips} D1 round trips (${trips.map((t) => t.sql.join(" + ").slice(0, 60)).join(" | ")}); ` +
          `budget ${budget}; goal: ${budgets.d1RoundTrips.goal}`,
      ).toBeLessThanOrEqual(budget as number);
    }
  });

  it("reading a page writes nothing", () => {
    for (const scenario of bench.scenarios.filter(
      (s) => s.kind !== "floor" && s.method === "GET",
    )) {
      const { rowsWritten } = measured(scenario);
      expect(
        rowsWritten,
        `${scenario.name} wrote ${rowsWritten} rows; goal: ${budgets.rowsWrittenOnReads.goal}`,
      ).toBeLessThanOrEqual(budgets.rowsWrittenOnReads.budget);
    }
  });

  it("rows read by a list page stay within budget at each size", () => {
    for (const size of SIZES) {
      const { rowsRead } = counts.get(`list-${size}`) ?? { rowsRead: Number.NaN };
      const budget = budgets.listRowsRead.budget[String(size)] as number;
      expect(
        rowsRead,
        `list at ${size} tickets read ${rowsRead} rows; budget ${budget}; goal: ${budgets.listRowsRead.goal}`,
      ).toBeLessThanOrEqual(budget);
    }
  });

  it("list, search and detail never scan tickets or messages in full", async () => {
    const scans: string[] = [];
    for (const scenario of bench.scenarios.filter((s) =>
      ["list", "search", "detail"].includes(family(s.name)),
    )) {
      for (const plan of await queryPlans(bench, measured(scenario))) {
        scans.push(...plan.fullScans.map((line) => `${scenario.name}: ${line} in ${plan.sql}`));
      }
    }
    expect(
      scans.length,
      `${scans.join("\n")}\ngoal: ${budgets.fullScans.goal}`,
    ).toBeLessThanOrEqual(budgets.fullScans.budget);
  });
});

describe("sizes", () => {
  it("the app worker's bundle stays within budget (gzip)", () => {
    const { gzip } = fileSize(bench.appBundle);
    expect(
      gzip,
      `app worker ${gzip} bytes gzip; budget ${budgets.appBundleGzipBytes.budget}; goal: ${budgets.appBundleGzipBytes.goal}`,
    ).toBeLessThanOrEqual(budgets.appBundleGzipBytes.budget);
  });

  it("each portal page's client JS stays within budget (gzip)", async () => {
    for (const scenario of bench.scenarios.filter((s) => s.page)) {
      const { js, files } = clientAssets(await pageBody(bench, scenario));
      const budget = budgets.clientJsGzipBytes.budget[family(scenario.name)];
      expect(files.length, `${scenario.name} references no client JS`).toBeGreaterThan(0);
      expect(budget, `${scenario.name} has no budget`).toBeTypeOf("number");
      expect(
        js.gzip,
        `${scenario.name}: ${js.gzip} bytes of client JS gzip; budget ${budget}; goal: ${budgets.clientJsGzipBytes.goal}`,
      ).toBeLessThanOrEqual(budget as number);
    }
  });
});
