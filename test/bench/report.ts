// The benchmark's report: results.json (everything), results.md (the tables a person reads) and
// results.svg (throughput of each scenario as a multiple of the same run's baseline).
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { LoadResult } from "./load";
import type { Counts, Plan, Size } from "./measure";

export type LoadCell = LoadResult & {
  scenario: string;
  connections: number;
  round: number;
  /** Answers whose status was not the scenario's. */
  unexpected: number;
};

export type Results = {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverage: number[] };
  settings: Record<string, unknown>;
  scenarios: {
    name: string;
    label: string;
    kind: string;
    host: string;
    path: string;
    method: string;
  }[];
  load: {
    scenario: string;
    connections: number;
    requestsPerSecond: number;
    p50: number;
    p99: number;
    /** Requests/s as a multiple of the unknown host's 404 in the same round. */
    ratio: number;
    /** Requests/s as a multiple of the trivial worker in the same round. */
    ratioToFloor: number;
    unexpected: number;
  }[];
  cells: LoadCell[];
  counts: Record<string, Counts>;
  queryPlans: Record<string, Plan[]>;
  bundle: { app: Size };
  clientAssets: Record<string, { js: Size; css: Size; files: string[] }>;
  passwordHash: { medianMs: number; runsMs: number[] };
};

const HERE = import.meta.dirname;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

export type Goal = { goal: string; actual: string; met: boolean };

/** The goals the issue sets, judged on this run's figures. */
export function goals(results: Results): Goal[] {
  const lists = results.scenarios.filter((s) => s.name.startsWith("list-")).map((s) => s.name);
  const tickets = (name: string) => Number(name.slice("list-".length));
  const smallest = lists.reduce((a, b) => (tickets(b) < tickets(a) ? b : a), lists[0] ?? "");
  const largest = lists.reduce((a, b) => (tickets(b) > tickets(a) ? b : a), lists[0] ?? "");
  const row = (name: string, c: number) =>
    results.load.find((r) => r.scenario === name && r.connections === c);
  const out: Goal[] = [];
  for (const name of lists) {
    const ratio = row(name, 32)?.ratio ?? Number.NaN;
    out.push({
      goal: `${name} ≥ 0.30× baseline req/s at c=32`,
      actual: `${fixed(ratio)}×`,
      met: ratio >= 0.3,
    });
  }
  for (const c of [1, 32]) {
    const growth = (row(largest, c)?.p50 ?? Number.NaN) / (row(smallest, c)?.p50 ?? Number.NaN);
    out.push({
      goal: `p50 ${largest} ÷ p50 ${smallest} ≤ 1.3 at c=${c}`,
      actual: fixed(growth),
      met: growth <= 1.3,
    });
  }
  const signedIn = ["search", "detail", ...lists];
  const trips = Math.max(...signedIn.map((name) => results.counts[name]?.roundTrips ?? Number.NaN));
  out.push({
    goal: "≤ 2 D1 round trips per signed-in portal page (never > 3)",
    actual: `${trips} at most`,
    met: trips <= 2,
  });
  const rows = (name: string) => results.counts[name]?.rowsRead ?? Number.NaN;
  const growth = rows(largest) - rows(smallest);
  out.push({
    goal: `rows read by a list page independent of size (${largest} − ${smallest} ≤ 100)`,
    actual: `${rows(smallest)} → ${rows(largest)}`,
    met: growth <= 100,
  });
  const scans = Object.values(results.queryPlans)
    .flat()
    .flatMap((plan) => plan.fullScans);
  out.push({
    goal: "no full scan of tickets or messages (list, search, detail)",
    actual: `${scans.length}`,
    met: scans.length === 0,
  });
  out.push({
    goal: "app worker ≤ 1 MiB gzip",
    actual: kb(results.bundle.app.gzip),
    met: results.bundle.app.gzip <= 1024 * 1024,
  });
  const js = Math.max(...Object.values(results.clientAssets).map((a) => a.js.gzip));
  out.push({
    goal: "client JS per portal page ≤ 100 KB (100 000 bytes) gzip",
    actual: `${js} bytes at most`,
    met: js <= 100_000,
  });
  return out;
}

function markdown(results: Results): string {
  const label = (name: string) => results.scenarios.find((s) => s.name === name)?.label ?? name;
  const lines: string[] = [];
  lines.push(`# Benchmark results`, "");
  lines.push(
    `${results.generatedAt} · ${results.machine.cpus} × ${results.machine.cpuModel} · Node ${results.machine.node} · ` +
      `load average at the end ${results.machine.loadAverage.map((v) => v.toFixed(1)).join(" ")} · settings ${JSON.stringify(results.settings)}`,
    "",
    "Medians over the rounds. **× baseline** is requests/s divided by the same worker's cheapest answer (an unknown host's 404) " +
      "in the same round; **× floor** divides by a trivial worker in the same runtime. Absolute figures depend on the machine; the ratios are the point.",
    "",
  );
  lines.push(
    "## Load",
    "",
    "| scenario | c | req/s | p50 ms | p99 ms | × baseline | × floor |",
    "|---|---:|---:|---:|---:|---:|---:|",
  );
  for (const row of results.load) {
    const flag = row.unexpected ? ` (${row.unexpected} unexpected answers)` : "";
    lines.push(
      `| ${label(row.scenario)}${flag} | ${row.connections} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50} | ${row.p99} | ${fixed(row.ratio)} | ${fixed(row.ratioToFloor)} |`,
    );
  }
  lines.push("", "## Per request (machine-independent, warm tenant cache)", "");
  lines.push(
    "| scenario | D1 round trips | statements | rows read | rows written | body | body gzip |",
    "|---|---:|---:|---:|---:|---:|---:|",
  );
  for (const [name, c] of Object.entries(results.counts)) {
    lines.push(
      `| ${label(name)} | ${c.roundTrips} | ${c.statements} | ${c.rowsRead} | ${c.rowsWritten} | ${kb(c.bytes)} | ${kb(c.gzipBytes)} |`,
    );
  }
  lines.push(
    "",
    "## Sizes",
    "",
    `App worker bundle: ${kb(results.bundle.app.raw)} raw, ${kb(results.bundle.app.gzip)} gzip.`,
    "",
  );
  lines.push("| portal page | client JS gzip | CSS gzip | files |", "|---|---:|---:|---:|");
  for (const [name, a] of Object.entries(results.clientAssets)) {
    lines.push(`| ${label(name)} | ${a.js.gzip} bytes | ${a.css.gzip} bytes | ${a.files.length} |`);
  }
  lines.push(
    "",
    `Password hash (scrypt, in Node, informative): median ${results.passwordHash.medianMs.toFixed(0)} ms over ${results.passwordHash.runsMs.length} runs.`,
  );
  lines.push("", "## Query plans", "");
  for (const [name, plans] of Object.entries(results.queryPlans)) {
    for (const plan of plans) {
      lines.push(
        `- **${name}**${plan.fullScans.length ? " — FULL SCAN" : ""}: \`${plan.plan.join(" · ")}\``,
      );
    }
  }
  lines.push("", "## Goals", "", "| goal | this run | met |", "|---|---|---|");
  for (const goal of goals(results))
    lines.push(`| ${goal.goal} | ${goal.actual} | ${goal.met ? "yes" : "**no**"} |`);
  return `${lines.join("\n")}\n`;
}

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** Horizontal bars: each scenario's requests/s as a multiple of the baseline, per concurrency. */
function svg(results: Results): string {
  const concurrencies = [...new Set(results.load.map((r) => r.connections))];
  const names = results.scenarios.map((s) => s.name);
  const colors = ["#64748b", "#1d4ed8", "#059669", "#b45309"];
  const max = Math.max(1.2, ...results.load.map((r) => (Number.isFinite(r.ratio) ? r.ratio : 0)));
  const left = 300;
  const width = 820;
  const plot = width - left - 70;
  const bar = 14;
  const group = concurrencies.length * bar + 12;
  const top = 56;
  const height = top + names.length * group + 40;
  const x = (ratio: number) => left + (ratio / max) * plot;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-labelledby="title">`,
    `<title id="title">Benchmark: requests/s of each scenario as a multiple of the baseline</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="22" font-size="15" font-weight="600">Requests/s as a multiple of the same worker's 404 (baseline = 1)</text>`,
    `<text x="16" y="40" fill="#475569">${xml(results.generatedAt)} · ${results.machine.cpus} CPUs · medians of ${xml(String(results.settings.rounds))} interleaved rounds</text>`,
  );
  for (const [i, c] of concurrencies.entries()) {
    parts.push(
      `<rect x="${left + i * 110}" y="${height - 22}" width="12" height="12" fill="${colors[i % colors.length]}"/>`,
      `<text x="${left + i * 110 + 18}" y="${height - 12}">concurrency ${c}</text>`,
    );
  }
  for (const mark of [0.3, 1]) {
    parts.push(
      `<line x1="${x(mark)}" y1="${top - 6}" x2="${x(mark)}" y2="${height - 32}" stroke="${mark === 1 ? "#0f172a" : "#dc2626"}" stroke-dasharray="4 3"/>`,
      `<text x="${x(mark) + 3}" y="${top - 8}" fill="${mark === 1 ? "#0f172a" : "#dc2626"}">${mark === 1 ? "baseline" : "0.30× goal (list)"}</text>`,
    );
  }
  for (const [n, name] of names.entries()) {
    const y = top + n * group;
    const label = results.scenarios.find((s) => s.name === name)?.label ?? name;
    parts.push(`<text x="${left - 8}" y="${y + group / 2}" text-anchor="end">${xml(label)}</text>`);
    for (const [i, c] of concurrencies.entries()) {
      const row = results.load.find((r) => r.scenario === name && r.connections === c);
      const ratio = row && Number.isFinite(row.ratio) ? row.ratio : 0;
      const by = y + i * bar;
      parts.push(
        `<rect x="${left}" y="${by}" width="${Math.max(1, x(ratio) - left)}" height="${bar - 2}" fill="${colors[i % colors.length]}"/>`,
        `<text x="${x(ratio) + 4}" y="${by + bar - 4}" fill="#0f172a">${fixed(ratio)}× · ${row ? row.requestsPerSecond.toFixed(0) : "–"}/s</text>`,
      );
    }
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

export function writeReports(results: Results): string[] {
  const files = {
    json: path.join(HERE, "results.json"),
    md: path.join(HERE, "results.md"),
    svg: path.join(HERE, "results.svg"),
  };
  writeFileSync(files.json, `${JSON.stringify({ ...results, goals: goals(results) }, null, 2)}\n`);
  writeFileSync(files.md, markdown(results));
  writeFileSync(files.svg, svg(results));
  return Object.values(files);
}
