// `npm start`: build, migrate, seed when empty, then run the app and email workers together.
// One wrangler process with both configs, because only then do the two share a local queue.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { request } from "node:http";

const PORT = Number(process.env.PORT ?? 8787);
const PERSIST_DIR = ".wrangler/state";
const BIN = "node_modules/.bin";
// The variables both workers get locally; the production configuration sets no DEV_MODE.
const DEV_VARS = {
  DASHBOARD_HOST: "app.localhost",
  SYSTEM_DOMAINS: "portico-sites.localhost",
  DEV_MODE: "true",
  // Domain checks answer from the records set on http://app.localhost:{port}/dev/dns.
  DOH_URL: "dev",
  ALLOW_LOCALHOST_DOMAINS: "true",
  // Local development only; production's key is a secret (docs/operations.md).
  TWO_FACTOR_ENCRYPTION_KEY: "bG9jYWwtZGV2ZWxvcG1lbnQtdHdvLWZhY3Rvci1rZXk=",
  // Email links to *.localhost hosts carry the port, so they work from the dev mailbox.
  LOCAL_PORT: String(PORT),
};

function step(title, command, args, env = {}) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(`${BIN}/${command}`, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CI: "true", ...env },
  });
  if (result.status !== 0) {
    console.error(
      `\n✖ "${title}" failed (${command} ${args.join(" ")} exited with ${result.status ?? result.signal}).`,
    );
    process.exit(1);
  }
}

function writeDevVars() {
  // wrangler reads .dev.vars beside each config; RESEND_* pass through when set in the environment.
  const passThrough = ["RESEND_API_KEY", "RESEND_BASE_URL"].filter((name) => process.env[name]);
  const lines = [
    "# Written by `npm start` for local development; changes are overwritten.",
    ...Object.entries(DEV_VARS).map(([key, value]) => `${key}=${value}`),
    ...passThrough.map((name) => `${name}=${process.env[name]}`),
  ];
  for (const file of [".dev.vars", "workers/email/.dev.vars"])
    writeFileSync(file, `${lines.join("\n")}\n`);
  if (!process.env.RESEND_API_KEY) {
    console.log("  no RESEND_API_KEY: emails stay local, in the dev mailbox");
  }
}

function probe(host, path) {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port: PORT, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
    req.end();
  });
}

async function waitUntilServing(child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    if ((await probe(`app.localhost:${PORT}`, "/")) === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

step("Building the app (remix vite:build)", "remix", ["vite:build", "--logLevel", "warn"]);
step("Applying database migrations to the local D1", "wrangler", [
  "d1",
  "migrations",
  "apply",
  "DB",
  "--local",
  "--persist-to",
  PERSIST_DIR,
]);
console.log("\n▸ Writing local settings (.dev.vars)");
writeDevVars();
step("Seeding demo data (only into an empty database)", "tsx", ["scripts/seed.ts"]);

console.log(`\n▸ Starting the app and email workers on port ${PORT}`);
const child = spawn(
  `${BIN}/wrangler`,
  [
    "dev",
    "-c",
    "wrangler.toml",
    "-c",
    "workers/email/wrangler.toml",
    "--port",
    String(PORT),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    PERSIST_DIR,
    // GET /__scheduled runs the app worker's scheduled tasks by hand (README).
    "--test-scheduled",
    "--show-interactive-dev-session=false",
  ],
  { stdio: ["ignore", "inherit", "inherit"], detached: true },
);
const stop = () => {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
};
process.on("SIGINT", () => {
  stop();
  process.exit(130);
});
process.on("SIGTERM", () => {
  stop();
  process.exit(143);
});
child.on("exit", (code) => {
  console.error(`\n✖ wrangler dev stopped (exit ${code}).`);
  process.exit(code ?? 1);
});

if (!(await waitUntilServing(child, 90_000))) {
  console.error("\n✖ The workers did not start serving within 90 s; see wrangler's output above.");
  stop();
  process.exit(1);
}

const url = (host, path) => `http://${host}:${PORT}${path}`;
console.log(`
Portico is running. Stop it with Ctrl+C.

  Dashboard        ${url("app.localhost", "/")}
  Dev mailbox      ${url("app.localhost", "/dev/mailbox")}
  Acme Support     ${url("acme.portico-sites.localhost", "/support")}   (system domain, English)
  Acme portal      ${url("help.acme.localhost", "/portal")}   (custom domain, Dutch)
  Globex Hilfe     ${url("globex.portico-sites.localhost", "/hilfe")}   (system domain, German)
  Scheduled run    curl "${url("127.0.0.1", "/__scheduled?cron=*/5+*+*+*+*")}"

Demo sign-ins (password for all: portico-demo-1)
  Dashboard        owner@acme.example (owner), agent@acme.example (agent), owner@globex.example
  Acme portal      jan.portal@klant.example, eva@klant.example
  Acme Support     sam@solo.example
  Globex Hilfe     max@kunde.example
`);
