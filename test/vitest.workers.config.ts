// Unit and integration tests run inside workerd, against a real local D1 with the migrations applied.
import path from "node:path";
import { defineWorkersConfig, readD1Migrations } from "@cloudflare/vitest-pool-workers/config";
import { hashPassword } from "../app/lib/auth/password";
import { DEMO_PASSWORD } from "../db/seed";
import { TEST_VARS } from "./support/vars";

const root = path.resolve(__dirname, "..");

export default defineWorkersConfig(async () => ({
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    // Limits for a stuck test, not a measure of speed: a busy two-core machine can take seconds
    // for a request that takes milliseconds alone.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["./test/support/workers-setup.ts"],
    root,
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: [
            "@remix-run/cloudflare",
            "@remix-run/server-runtime",
            "@remix-run/react",
            "@remix-run/router",
            "react",
            "react-dom",
            "react-dom/server",
            "react/jsx-runtime",
            "react-router",
            "react-router-dom",
          ],
        },
      },
    },
    poolOptions: {
      workers: {
        main: path.join(root, "workers/app.ts"),
        wrangler: { configPath: path.join(root, "wrangler.toml") },
        miniflare: {
          bindings: {
            ...TEST_VARS,
            TEST_MIGRATIONS: await readD1Migrations(path.join(root, "db/migrations")),
            // Hashed once here, in Node: the seed stores it for every demo sign-in.
            TEST_DEMO_PASSWORD_HASH: await hashPassword(DEMO_PASSWORD),
          },
        },
      },
    },
  },
}));
