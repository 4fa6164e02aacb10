// The email worker's queue consumer, tested inside workerd: the worker's own wrangler config, D1 with
// the migrations applied, and Resend faked behind fetchMock (test/fakes/resend-fetch-mock.ts).
import path from "node:path";
import { defineWorkersConfig, readD1Migrations } from "@cloudflare/vitest-pool-workers/config";
import { hashPassword } from "../app/lib/auth/password";
import { DEMO_PASSWORD } from "../db/seed";
import { TEST_VARS } from "./support/vars";

const root = path.resolve(__dirname, "..");

export default defineWorkersConfig(async () => ({
  test: {
    include: ["test/email/**/*.test.ts"],
    setupFiles: ["./test/support/workers-setup.ts"],
    root,
    poolOptions: {
      workers: {
        main: path.join(root, "workers/email/index.ts"),
        wrangler: { configPath: path.join(root, "workers/email/wrangler.toml") },
        miniflare: {
          bindings: {
            ...TEST_VARS,
            TEST_MIGRATIONS: await readD1Migrations(path.join(root, "db/migrations")),
            TEST_DEMO_PASSWORD_HASH: await hashPassword(DEMO_PASSWORD),
          },
        },
      },
    },
  },
}));
