/**
 * Contacts at scale: a 1,000,000-row CSV import (numbers normalised to E.164, deduped in the file
 * and against the table, consent recorded) next to a raw PostgreSQL COPY of the same file into an
 * unlogged table; peak RSS of the process running the import; a three-rule segment count and the contacts table's
 * first page over the million contacts. The file is generated here, in POSTINO_TMP.
 */
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { pipeline } from "node:stream/promises";
import { Readable, type Writable } from "node:stream";
import { createReadStream } from "node:fs";
import { from as copyFrom } from "pg-copy-streams";
import { db, disconnectDb } from "../../lib/db/client.js";
import { closePgPool, pgPool } from "../../lib/db/pg.js";
import { createImport, startImport } from "../../lib/contacts/import/service.js";
import { runImport } from "../../lib/contacts/import/run.js";
import { previewRules } from "../../lib/segments/service.js";
import { compileSegment } from "../../lib/segments/compile.js";
import { listContacts } from "../../lib/contacts/service.js";
import { closeQueues } from "../../lib/queues/index.js";
import { WORKER_NODE_FLAGS } from "../../scripts/launch.mjs";

type Result = { metric: string; value: number; unit: string; floor?: { metric: string; value: number; unit: string }; bar?: string };

const ROWS = Number(process.env.BENCH_CONTACT_ROWS ?? 1_000_000);
const FIRST = ["Anna", "Bruno", "Carla", "Dario", "Elena", "Fabio", "Giulia", "Luca", "Marta", "Nicolò"];
const LAST = ["Rossi", "Bianchi", "Verdi", "Neri", "Ferrari", "Russo", "Romano", "Gallo", "Costa", "Fontana"];

/** Deterministic pseudo-random rows: 70 % written +39 …, 30 % national; ~1 % repeats; ~0.5 % junk. */
async function generate(file: string) {
  const out = createWriteStream(file);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  async function* lines() {
    yield "phone,first_name,last_name,district,tags\n";
    let buf = "";
    for (let i = 0; i < ROWS; i++) {
      const n = i % 100 === 99 ? i - 50 : i; // a repeat of an earlier row
      const national = `3${20 + (n % 70)}${String(1_000_000 + ((n * 7919) % 9_000_000)).padStart(7, "0")}`;
      const phone = i % 200 === 13 ? "not a number" : i % 10 < 7 ? `+39 ${national.slice(0, 3)} ${national.slice(3)}` : national;
      const r = rnd();
      const tags = r < 0.1 ? "volunteer" : r < 0.15 ? "donor;volunteer" : "";
      buf += `${phone},${FIRST[n % 10]},${LAST[(n >> 3) % 10]},D${1 + (n % 20)},${tags}\n`;
      if (buf.length > 1 << 16) { yield buf; buf = ""; }
    }
    yield buf;
  }
  await pipeline(Readable.from(lines()), out);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(n: number, fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const hwm = async () => Number(/VmHWM:\s+(\d+) kB/.exec(await readFile("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024;

/** Child side: runs one import and prints its wall time and peak RSS. */
if (process.env.CONTACTS_BENCH_IMPORT_JOB) {
  const rssBefore = await hwm();
  const peak: Record<string, number> = {};
  const before = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
  let ticks = 0;
  const sampler = process.env.BENCH_MEM ? setInterval(() => {
    const now = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
    for (const [k, v] of Object.entries(now)) peak[k] = Math.max(peak[k] ?? 0, v);
    if (++ticks % 10 === 0) console.error(`MiB at ${ticks / 10} s: ${JSON.stringify(now)}`);
  }, 100) : null;
  const t = performance.now();
  await runImport(process.env.CONTACTS_BENCH_IMPORT_JOB);
  if (sampler) {
    clearInterval(sampler);
    const status = await readFile("/proc/self/status", "utf8");
    console.error(`peak MiB: ${JSON.stringify(peak)} before: ${JSON.stringify(before)}; ${status.split("\n").filter((l) => /^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem)/.test(l)).map((l) => l.replace(/\s+/g, " ")).join(", ")}`);
  }
  const ms = performance.now() - t;
  process.stdout.write(`IMPORT_RESULT ${JSON.stringify({ ms, rssBefore, peakRss: await hwm() })}\n`);
  await closePgPool();
  await disconnectDb();
  process.exit(0);
}

async function importInChild(jobId: string): Promise<{ ms: number; rssBefore: number; peakRss: number }> {
  const out = await new Promise<string>((resolve, reject) => {
    // With a worker process's node flags: in the product the import runs in one.
    // BENCH_CPU_PROF=dir: the importing process writes a V8 CPU profile there (node 20 refuses --cpu-prof in NODE_OPTIONS).
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
    const p = spawn(process.execPath, [...WORKER_NODE_FLAGS, ...prof, "--import", "tsx", fileURLToPath(import.meta.url)], { env: { ...process.env, CONTACTS_BENCH_IMPORT_JOB: jobId }, stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    p.stdout.on("data", (d: Buffer) => (text += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`import child exited with ${code}`))));
  });
  // The child's own log lines (stage timings at LOG_LEVEL=info) are passed on rather than lost.
  for (const l of out.split("\n")) if (l && !l.startsWith("IMPORT_RESULT ")) console.error(l);
  const line = out.split("\n").find((l) => l.startsWith("IMPORT_RESULT "));
  if (!line) throw new Error(`import child printed no result: ${out.slice(-500)}`);
  return JSON.parse(line.slice("IMPORT_RESULT ".length));
}

export async function run(): Promise<Result[]> {
  const dir = path.join(process.env.POSTINO_TMP ?? os.tmpdir(), `contacts-bench-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "contacts.csv");
  await generate(file);

  // Floor: raw COPY of the same file into an unlogged table, no parsing, no checks.
  const client = await pgPool().connect();
  await client.query("DROP TABLE IF EXISTS bench_raw_copy; CREATE UNLOGGED TABLE bench_raw_copy (phone text, first_name text, last_name text, district text, tags text)");
  const t0 = performance.now();
  await pipeline(createReadStream(file), client.query(copyFrom("COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)")) as unknown as Writable);
  const copyMs = performance.now() - t0;
  await client.query("DROP TABLE bench_raw_copy");
  client.release();

  const userId = randomUUID();
  await db.user.create({ data: { id: userId, name: "Bench", email: `${userId}@bench.test` } });
  const workspace = await db.workspace.create({ data: { id: randomUUID(), name: "Bench contacts", slug: `bench-${userId}` } });
  await db.member.create({ data: { id: randomUUID(), workspaceId: workspace.id, userId, role: "owner" } });

  // The upload arrives whole (the route's body); the worker then streams it back from storage.
  const created = await createImport(workspace.id, userId, { fileName: "contacts.csv", bytes: await readFile(file) });
  await startImport(workspace.id, created.job.id, {
    mapping: [{ column: 0, target: "phone" }, { column: 1, target: "firstName" }, { column: 2, target: "lastName" }, { column: 3, target: "attribute", attribute: "district" }, { column: 4, target: "tags" }],
    defaultCountry: "IT", duplicates: "update", consent: { detail: "bench signup form", date: "2025-01-01" }, tags: [],
  });
  // The import runs in its own process, as in the worker, so its peak RSS is the pipeline's alone
  // (not this process's upload buffer); the kernel's high-water mark (VmHWM) catches every spike.
  const child = await importInChild(created.job.id);
  const importMs = child.ms;
  console.error(`import child: ${JSON.stringify(child)}`);
  const job = await db.importJob.findUniqueOrThrow({ where: { id: created.job.id } });
  console.error(`import: ${JSON.stringify({ rowsRead: job.rowsRead, imported: job.imported, updated: job.updated, skipped: job.skipped, invalid: job.invalid })}`);
  await pgPool().query("ANALYZE contact");

  const rules = {
    kind: "group" as const, combinator: "and" as const, children: [
      { kind: "attribute" as const, key: "district", type: "text" as const, op: "equals", value: "D7" },
      { kind: "tag" as const, op: "has" as const, value: "volunteer" },
      { kind: "consent" as const, op: "not_in" as const, value: ["unsubscribed" as const] },
    ],
  };
  const segMs = await timeIt(15, () => previewRules(workspace.id, rules));
  const { sql, params } = compileSegment(workspace.id, rules);
  const plan = (await pgPool().query(`EXPLAIN SELECT count(*) FROM (${sql}) s`, params)).rows.map((r) => r["QUERY PLAN"]).join(" | ");
  console.error(`segment plan: ${plan}`);
  const pageMs = await timeIt(15, () => listContacts(workspace.id, {}, { limit: 50 }));
  const searchMs = await timeIt(5, () => listContacts(workspace.id, { q: "Nicolò" }, { limit: 50 }));

  await db.workspace.delete({ where: { id: workspace.id } });
  await rm(dir, { recursive: true, force: true });
  await closeQueues();
  await closePgPool();
  await disconnectDb();

  const mb = (b: number) => Math.round(b / 2 ** 20);
  return [
    { metric: "contacts.import_1m_rows", value: Math.round(importMs), unit: "ms", floor: { metric: "raw COPY of the same file into an unlogged table", value: Math.round(copyMs), unit: "ms" }, bar: "≤ 15,000 ms" },
    { metric: "contacts.import_rows_per_s", value: Math.round((job.rowsRead * 1000) / importMs), unit: "rows/s", floor: { metric: "raw COPY rows/s", value: Math.round((ROWS * 1000) / copyMs), unit: "rows/s" } },
    { metric: "contacts.import_peak_rss", value: mb(child.peakRss), unit: "MiB", floor: { metric: "RSS of the importing process before it starts (runtime, Prisma, pg loaded)", value: mb(child.rssBefore), unit: "MiB" }, bar: "< 250 MiB, flat whatever the file size" },
    { metric: "contacts.segment_count_3_rules_1m", value: Math.round(segMs), unit: "ms", bar: "≤ 150 ms median" },
    { metric: "contacts.table_first_page_1m", value: Math.round(pageMs * 10) / 10, unit: "ms", bar: "≤ 100 ms" },
    { metric: "contacts.table_search_name_1m", value: Math.round(searchMs), unit: "ms" },
  ];
}
