// `npm run db:reset`: wipes the local D1 database (and queues); the next `npm start` seeds it anew.
import { rmSync } from "node:fs";

rmSync(".wrangler/state", { recursive: true, force: true });
console.log("Local data removed. `npm start` will migrate and seed a fresh database.");
