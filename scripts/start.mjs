// `npm start`: everything Postino needs, on one machine, from a fresh clone.
// Dependencies → PostgreSQL (embedded under .data/ unless DATABASE_URL) → Redis (private
// redis-server under .data/ unless REDIS_URL) → migrations → demo data → build → web, workers,
// inbound gateway and MMSC simulator. Ctrl-C stops everything; a second run reuses .data/.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { WORKER_NODE_FLAGS } from "./launch.mjs";
import {
  ensureDependencies, ensureSystemCommands, fail, freePort, generatePrismaClient, log, migrate, root,
  startEmbeddedPostgres, startRedis,
} from "./lib/services.mjs";

const dataDir = path.join(root, ".data");
mkdirSync(dataDir, { recursive: true });

ensureDependencies();
// Media probing and video transcoding need ffmpeg/ffprobe (audio and video uploads are refused without them).
if (process.getuid?.() === 0) ensureSystemCommands(["ffmpeg", "ffprobe"]);
else if (spawnSync("sh", ["-c", "command -v ffprobe"]).status !== 0) log("ffmpeg is not installed: audio and video uploads will be refused (sudo apt-get install -y ffmpeg).");
generatePrismaClient();

// Secrets that must survive restarts (sessions stay valid) are generated once and kept in .data/.
function persistentSecret(name) {
  const file = path.join(dataDir, `${name}.secret`);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const stops = [];
const children = [];
let shuttingDown = false;

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  log("stopping…");
  await Promise.all(children.map(({ child }) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => { clearTimeout(t); resolve(); });
    child.kill("SIGTERM");
  })));
  for (const stop of stops.reverse()) await stop().catch(() => {});
  log("stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

if (!env.DATABASE_URL) {
  log("starting the embedded PostgreSQL (.data/postgres)…");
  const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, "postgres"), database: "postino" });
  stops.push(pg.stop);
  env.DATABASE_URL = pg.url;
}
if (!env.REDIS_URL) {
  log("starting a private Redis (.data/redis, append-only)…");
  const redis = await startRedis({ dir: path.join(dataDir, "redis") });
  stops.push(redis.stop);
  env.REDIS_URL = redis.url;
}

const webPort = Number(env.PORT ?? 3000);
env.PORT = String(webPort);
env.APP_URL ??= `http://localhost:${webPort}`;
env.AUTH_SECRET ??= persistentSecret("auth");
// On your own machine the demo user operates the platform (opens /admin/queues); set it for a real deployment.
env.PLATFORM_ADMIN_EMAILS ??= process.env.DEMO_EMAIL ?? "demo@postino.local";
env.GATEWAY_PORT ??= String(await freePortNear(3100));
env.GATEWAY_URL ??= `http://127.0.0.1:${env.GATEWAY_PORT}`;
env.MMSC_PORT ??= String(await freePortNear(3200));
env.MMSC_URL ??= `http://127.0.0.1:${env.MMSC_PORT}`;
env.MMSC_PUBLIC_URL ??= env.MMSC_URL;
env.MMSC_DATA_DIR ??= path.join(dataDir, "mmsc");
env.STORAGE_CACHE_DIR ??= path.join(dataDir, "cache");

async function freePortNear(preferred) {
  const net = await import("node:net");
  const ok = await new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(preferred, "127.0.0.1", () => s.close(() => resolve(true)));
  });
  return ok ? preferred : freePort();
}

log("applying database migrations…");
try {
  migrate(env.DATABASE_URL);
} catch (err) {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  fail(err.message);
}

// The web app is rebuilt only when a source file is newer than the last build.
function newestSource(dirs) {
  let newest = 0;
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "generated") continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  for (const f of ["package-lock.json", "next.config.ts", "prisma/schema.prisma"]) if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}
const buildId = path.join(root, ".next/BUILD_ID");
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSource(["app", "components", "lib", "public"])) {
  log("building the web app (first start takes a minute)…");
  const b = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
  if (b.status !== 0) { await shutdown(1); fail("the web app did not build"); }
}

const colors = { web: 32, workers: 33, gateway: 35, mmsc: 34 };
function startChild(name, args, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...env, POSTINO_SERVICE: name, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `\x1b[${colors[name] ?? 37}m${name.padEnd(7)}\x1b[0m | `;
  const pipe = (stream, out) => {
    let buf = "";
    stream.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) { out.write(prefix + buf.slice(0, i) + "\n"); buf = buf.slice(i + 1); }
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    if (!shuttingDown) { log(`${name} exited (${code ?? signal}); stopping everything`); void shutdown(1); }
  });
  children.push({ name, child });
  return child;
}

const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
if (existsSync(path.join(root, "mmsc/main.ts"))) startChild("mmsc", ["scripts/launch.mjs", "mmsc/main.ts"]);
await waitForHttp(env.MMSC_URL, existsSync(path.join(root, "mmsc/main.ts")));

// Services run as bundles in plain node (scripts/launch.mjs): one process each, so a worker's heap flags apply to it.
startChild("workers", [...WORKER_NODE_FLAGS, "scripts/launch.mjs", "workers/main.ts"]);
if (existsSync(path.join(root, "gateway/main.ts"))) startChild("gateway", ["scripts/launch.mjs", "gateway/main.ts"]);

log("loading demo data (only the first time)…");
// Asynchronous, so the other processes' output keeps flowing while the demo campaign is sent.
const demo = await new Promise((resolve) => {
  const seed = spawn(process.execPath, [tsx, "prisma/seed.ts"], { cwd: root, env: { ...env, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  seed.stdout.on("data", (d) => (out += d));
  seed.on("exit", async (code) => {
    if (code !== 0) { await shutdown(1); fail("loading the demo data failed"); }
    resolve(out.trim().split("\n").pop() ?? "");
  });
});

startChild("web", [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(webPort)], { NODE_ENV: "production" });
await waitForHttp(`${env.APP_URL}/sign-in`, true);

let login = {};
try { login = JSON.parse(demo); } catch {}
process.stdout.write(`
  \x1b[1mPostino is running.\x1b[0m

  Open          ${env.APP_URL}
  Demo login    ${login.email ?? "demo@postino.local"}  /  ${login.password ?? "postino-demo"}
  Queues        ${env.APP_URL}/admin/queues   (platform operators: PLATFORM_ADMIN_EMAILS)
  Health        ${env.APP_URL}/api/health
  MMSC (sim.)   ${env.MMSC_URL}
  Gateway       ${env.GATEWAY_URL}/mm7/<connection id>

  Data lives in .data/ (kept between runs). Ctrl-C stops everything.

`);

async function waitForHttp(url, required) {
  if (!required) return;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (shuttingDown) return;
    try { await fetch(url); return; } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  log(`${url} did not answer within 2 minutes`);
  await shutdown(1);
}
