// `npm run bench` runs every scenario in bench/scenarios/ (`npm run bench -- NAME` runs one), each
// next to the raw floor it is judged against, measured in the same run. Writes bench/results.json
// (metric → value, unit, floor, bar, machine) and the table in docs/benchmarks.md. Data is generated
// by the scenarios into a temporary directory; nothing large is committed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import {
  createDatabaseOn, ensureDependencies, ensureSystemCommands, fail, generatePrismaClient, log, migrate, root,
  startEmbeddedPostgres, startRedis,
} from "./lib/services.mjs";

const resultsFile = path.join(root, "bench/results.json");
// `npm run bench -- --table` rewrites docs/benchmarks.md from bench/results.json without measuring.
if (process.argv.includes("--table")) {
  writeFileSync(path.join(root, "docs/benchmarks.md"), table(JSON.parse(readFileSync(resultsFile, "utf8"))));
  process.exit(0);
}
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const all = readdirSync(path.join(root, "bench/scenarios")).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(", ")}. Available: ${all.join(", ")}`);
  process.exit(2);
}
const scenarios = wanted.length ? wanted : all;

ensureDependencies();
ensureSystemCommands(["redis-server", "ffmpeg", "ffprobe", ...(scenarios.includes("campaigns") ? ["bearerbox", "smsbox", "/usr/lib/kannel/test/fakesmsc"] : [])]);
generatePrismaClient();

const tmp = path.join(root, ".tmp", `bench-${process.pid}-${randomBytes(3).toString("hex")}`);
mkdirSync(tmp, { recursive: true });
const cleanups = [];
const env = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", POSTINO_TMP: tmp, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" };
env.AUTH_SECRET ??= randomBytes(24).toString("hex");
const database = `postino_bench_${process.pid}`;
// BENCH_PG_STATEMENTS=N (embedded PostgreSQL only): each scenario ends by printing its N statements
// that took the most execution time (pg_stat_statements), to see where the database's share goes.
// On a server given by DATABASE_URL the library may not be preloaded, so the option is refused there.
const statementsTop = Number(process.env.BENCH_PG_STATEMENTS ?? 0);
if (statementsTop && process.env.DATABASE_URL) fail("BENCH_PG_STATEMENTS works only with the bench's own PostgreSQL, which it starts with pg_stat_statements loaded: unset DATABASE_URL to use it.");
const pg = process.env.DATABASE_URL
  ? await createDatabaseOn(process.env.DATABASE_URL, database)
  : await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), database, persistent: false, flags: statementsTop ? ["-c", "shared_preload_libraries=pg_stat_statements"] : [] });
cleanups.push(pg.stop);
env.DATABASE_URL = pg.url;
if (!process.env.REDIS_URL) {
  const redis = await startRedis({ dir: path.join(tmp, "redis"), persistent: false });
  cleanups.push(redis.stop);
  env.REDIS_URL = redis.url;
} else {
  env.REDIS_PREFIX = `postino-bench-${process.pid}`;
}
try {
  migrate(env.DATABASE_URL);
} catch (err) {
  for (const stop of cleanups.reverse()) await stop().catch(() => {});
  fail(err.message);
}

const cpus = os.cpus();
const machine = `${cpus[0]?.model?.trim() ?? "cpu"} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
let failed = 0;

for (const name of scenarios) {
  log(`bench: ${name}…`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "bench/run-scenario.ts"), name], {
    cwd: root, env, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 2 ** 20,
  });
  const out = r.stdout.toString();
  const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (r.status !== 0 || !line) {
    failed++;
    console.error(`bench ${name} failed (exit ${r.status}):\n${out.slice(-2000)}`);
    continue;
  }
  const at = new Date().toISOString();
  for (const m of JSON.parse(line.slice("BENCH_RESULT ".length))) {
    results[m.metric] = { scenario: name, value: m.value, unit: m.unit, floor: m.floor ?? null, bar: m.bar ?? null, machine, at };
    const floor = m.floor ? `  (floor: ${m.floor.metric} ${fmt(m.floor.value)} ${m.floor.unit})` : "";
    log(`  ${m.metric}: ${fmt(m.value)} ${m.unit}${m.bar ? `  [bar ${m.bar}]` : ""}${floor}`);
  }
  log(`  ${name} took ${Math.round((Date.now() - t0) / 1000)} s`);
}

for (const fn of cleanups.reverse()) await fn().catch(() => {});
rmSync(tmp, { recursive: true, force: true });

writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(root, "docs/benchmarks.md"), table(results));
log(`wrote bench/results.json and docs/benchmarks.md${failed ? ` — ${failed} scenario(s) FAILED` : ""}`);
process.exit(failed ? 1 : 0);

function fmt(v) {
  return typeof v === "number" ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(3)).toString()) : String(v);
}

function table(res) {
  const rows = Object.entries(res).sort(([a, x], [b, y]) => (x.scenario + a).localeCompare(y.scenario + b));
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (one scenario: `npm run bench -- NAME`). Every figure is measured next to the raw",
    "floor it is judged against, in the same run on the same machine; the bar is what the issue asks for.",
    "Data is generated by each scenario (`bench/scenarios/`), never committed. `BENCH_SCALE` (e.g. 0.02) shrinks",
    "the campaign scenario's N for quick runs; N is part of each metric's name. The rows of 2026-12-02 were measured",
    "at full scale with nothing else running (load average under 2 when each run began, one scenario at a time). On",
    "this VM the same code and its same-run floors move by up to 40 % between runs (the plain JPEG encode floor read",
    "300–424 images/s that day), so compare a figure with its floor. The test and bench PostgreSQL is a disposable",
    "cluster with fsync and full-page writes off; the floors run on it too.",
    "",
    "Dispatch rates depend on N and on the MMSC simulator, which shares the two cores (handsets fetching, reports",
    "going back). The campaign scenario dispatches 1,000,000 messages since 2026-12-03 15:00 (200,000 before). At",
    "1M the simulator first held every message (3.4 GB of heap, 0.88 ms of its CPU a message, 984 msg/s); it now",
    "forgets settled messages beyond MMSC_KEEP_MESSAGES (0.62 ms a message, 1,181 msg/s on the same machine). The",
    "launch → delivered figure waits for every report (up to 20 minutes), so the next run starts on a quiet machine.",
    "The bench logs the CPU per message of each process for every run; compare dispatch figures of the same N.",
    "",
    "Machines differ between sessions, and so do machines of one kind: the AMD EPYC × 2 of the rows measured on",
    "2026-12-03 after 13:30 measured about half the floors of the AMD EPYC × 2 of the morning (bare 1M INSERT … SELECT",
    "22–25 s against 9.6 s, loopback POST 11,497–16,671 against 26,008 req/s, BullMQ 7,043–7,953 against 14,207",
    "jobs/s); an Intel Xeon × 2 measured between the two. The AMD EPYC × 2 of the evening (kernel …-v1252, rows",
    "after 16:00) had proportions of its own: bare 1M INSERT … SELECT 19.6 s, loopback POST 6,646 req/s, BullMQ",
    "6,415 jobs/s, Kannel 6,407 SMS/s. The kernel release in the machine column tells these machines apart. Rows",
    "from different machines are not comparable.",
    "",
    "| scenario | metric | value | bar | floor (same run) | machine | measured |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(([metric, r]) => `| ${r.scenario} | ${metric} | ${fmt(r.value)} ${r.unit} | ${r.bar ?? ""} | ${r.floor ? `${r.floor.metric}: ${fmt(r.floor.value)} ${r.floor.unit}` : ""} | ${r.machine} | ${r.at.slice(0, 16).replace("T", " ")} |`),
    "",
  ];
  return lines.join("\n");
}
