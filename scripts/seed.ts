// Seeds the local D1 database (the one `npm start` serves) with the demo data when it is empty.
// Runs in Node against wrangler's local runtime; the same seed function runs in workerd in tests.
import { getPlatformProxy } from "wrangler";
import { hashPassword } from "../app/lib/auth/password";
import { type Env, readConfig } from "../app/lib/config";
import { createDb } from "../db/client";
import { DEMO_PASSWORD, seedDemoData } from "../db/seed";

// The same state folder `npm start` gives wrangler dev; .dev.vars (written first) holds the hosts.
const { env, dispose } = await getPlatformProxy<Env>({
  configPath: "wrangler.toml",
  persist: { path: ".wrangler/state/v3" },
});
try {
  const config = readConfig(env);
  const seeded = await seedDemoData(createDb(env.DB), {
    systemDomain: config.systemDomains[0] ?? "",
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  console.log(seeded ? "  demo data seeded" : "  database has data: kept as it is");
} finally {
  await dispose();
}
