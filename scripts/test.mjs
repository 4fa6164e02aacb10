// `npm test`: every check, in order, each one required. Stops at the first failing step and says
// which; ends with one line counting all tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = "node_modules/.bin";
const reports = mkdtempSync(path.join(tmpdir(), "portico-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(title, command, args) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(`${BIN}/${command}`, args, {
    stdio: "inherit",
    env: { ...process.env, CI: "true" },
  });
  if (result.status !== 0) {
    console.error(`\n✖ "${title}" failed (exit ${result.status ?? result.signal}).`);
    console.log(`${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
    process.exit(1);
  }
}

function vitest(title, config, name) {
  const report = path.join(reports, `${name}.json`);
  run(title, "vitest", [
    "run",
    "--config",
    config,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ]);
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numTotalTests } =
    JSON.parse(readFileSync(report, "utf8"));
  if (numTotalTests === 0) {
    console.error(`\n✖ "${title}" ran no test.`);
    process.exit(1);
  }
  totals.passed += numPassedTests;
  totals.failed += numFailedTests;
  totals.skipped += numPendingTests + numTodoTests;
}

run("Typecheck (tsc)", "tsc", ["--noEmit"]);
run("Lint and format (biome)", "biome", ["check", "."]);
run("Build (remix vite:build)", "remix", ["vite:build", "--logLevel", "warn"]);
vitest("Unit and integration tests in workerd", "test/vitest.workers.config.ts", "workers");
vitest("Email worker queue consumer in workerd", "test/vitest.email.config.ts", "email");
vitest(
  "Multi-worker and browser tests (Miniflare, Chromium)",
  "test/vitest.node.config.ts",
  "node",
);

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
