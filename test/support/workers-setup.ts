// Runs in workerd before each test file: migrations, then the demo data. Each test file's storage
// is isolated, so what one file writes never reaches another, and the demo data stays as seeded.
import { applyD1Migrations, env } from "cloudflare:test";
import { createDb } from "../../db/client";
import { seedDemoData } from "../../db/seed";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await seedDemoData(createDb(env.DB), {
  systemDomain: env.SYSTEM_DOMAINS.split(",")[0] ?? "",
  passwordHash: env.TEST_DEMO_PASSWORD_HASH,
});
