// `npm test`: the whole suite on a fresh machine. Brings up private services (never the demo
// data): an embedded PostgreSQL in a temporary directory unless DATABASE_URL is set (then a private
// database on that server), a private redis-server unless REDIS_URL is set (then a private key
// prefix). Then unit, integration and end-to-end tiers, in that order.
//
//   npm test                         all tiers
//   npm test -- --project unit       one tier (unit | integration | e2e)
//   npm test -- tests/integration/x  vitest filters are passed through
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import {
  createDatabaseOn, ensureDependencies, ensureSystemCommands, generatePrismaClient, log, migrate, root,
  startEmbeddedPostgres, startRedis,
} from "./lib/services.mjs";

const argv = process.argv.slice(2);
const projectIdx = argv.indexOf("--project");
const only = projectIdx >= 0 ? argv[projectIdx + 1] : undefined;
const filters = argv.filter((a, i) => i !== projectIdx && i !== projectIdx + 1);
const tiers = only ? [only] : ["types", "unit", "integration", "e2e"];

const started = Date.now();
ensureDependencies();
// tshark checks our PDUs against Wireshark's decoder; chromium drives the e2e tests; ffmpeg transcodes.
ensureSystemCommands(["redis-server", "tshark", "ffmpeg", "ffprobe", ...(tiers.includes("e2e") ? ["chromium"] : [])]);
generatePrismaClient();

const runId = `${process.pid}-${randomBytes(3).toString("hex")}`;
const tmp = path.join(root, ".tmp", `test-${runId}`);
mkdirSync(tmp, { recursive: true });

const cleanups = [];
const cleanup = async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
};
process.on("SIGINT", () => cleanup().then(() => process.exit(130)));

let code = 0;
try {
  const needsServices = tiers.some((t) => t !== "unit" && t !== "types");
  const env = { ...process.env, NEXT_DIST_DIR: ".next-test", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "test", POSTINO_TEST: "1", POSTINO_TMP: tmp, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" };
  env.AUTH_SECRET ??= randomBytes(24).toString("hex");
  if (needsServices) {
    const database = `postino_test_${runId.replace(/-/g, "_")}`;
    const pg = process.env.DATABASE_URL
      ? await createDatabaseOn(process.env.DATABASE_URL, database)
      : await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), database, persistent: false });
    cleanups.push(pg.stop);
    env.DATABASE_URL = pg.url;
    if (process.env.REDIS_URL) {
      env.REDIS_PREFIX = `postino-test-${runId}`;
    } else {
      const redis = await startRedis({ dir: path.join(tmp, "redis"), persistent: false });
      cleanups.push(redis.stop);
      env.REDIS_URL = redis.url;
      // Tests that restart Redis need to know how it was started.
      env.POSTINO_TEST_REDIS_ARGS = JSON.stringify(redis.args);
    }
    // Quiet hours (by default 08:00–21:00 in each recipient's zone) decide when an advertisement may
    // be submitted, so a run started at night would wait for morning. Every process of the run reads
    // the pipeline clock (lib/campaigns/clock.ts) from one file: midday in Europe today, running at
    // real speed from the moment it is written. A test about quiet hours writes a clock of its own.
    if (!env.POSTINO_CLOCK_FILE && !env.POSTINO_FAKE_NOW) {
      env.POSTINO_CLOCK_FILE = path.join(tmp, "clock");
      writeFileSync(env.POSTINO_CLOCK_FILE, `${new Date().toISOString().slice(0, 10)}T11:00:00.000Z`);
    }
    log(`test services: database ${database}, redis ${env.REDIS_URL}`);
    migrate(env.DATABASE_URL);
  }
  for (const tier of tiers) {
    if (tier === "types") {
      log("type-checking the whole project (tsc --noEmit)…");
      const t = spawnSync("npx", ["tsc", "--noEmit", "-p", "."], { cwd: root, env, stdio: "inherit" });
      if (t.status !== 0) { code = t.status ?? 1; break; }
      continue;
    }
    if (tier === "e2e") {
      log("building the web app for end-to-end tests…");
      const b = spawnSync("npx", ["next", "build"], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
      if (b.status !== 0) { code = b.status ?? 1; break; }
    }
    log(`running ${tier} tests…`);
    const r = spawnSync("npx", ["vitest", "run", "--project", tier, ...(filters.length ? ["--passWithNoTests", ...filters] : [])], { cwd: root, env, stdio: "inherit" });
    if (r.status !== 0) { code = r.status ?? 1; break; }
  }
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await cleanup();
}
log(`tests ${code === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(code);
