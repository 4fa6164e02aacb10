// Tests that run in Node and drive whole workers: the multi-worker tests (Miniflare API) and the
// browser tests (Playwright + Debian chromium). Both need `remix vite:build` first (npm test does it).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/multiworker/**/*.test.ts", "test/e2e/**/*.test.ts", "test/bench/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Miniflare per file is plenty for two cores.
    fileParallelism: false,
  },
});
