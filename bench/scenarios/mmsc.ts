/**
 * MMSC simulator intake: SubmitReq/s carrying a 100 KB JPEG, accepted and durably stored (ledger fsync before the
 * SubmitRsp) by the simulator process, next to a bare node:http server that only reads the same requests and answers
 * a fixed SubmitRsp. Load comes from a separate process (undici Pool, 64 requests in flight), so the two servers
 * share the machine the same way. This file is also that load generator and that bare server (argv roles).
 */
import { freePort, start, stop } from "../lib/processes";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { Pool } from "undici";
import { buildSmil, encodeMm7, type MimeEntity } from "../../lib/mms/index.js";

type Result = { metric: string; value: number; unit: string; floor?: { metric: string; value: number; unit: string }; bar?: string };

const SELF = fileURLToPath(import.meta.url);
const IN_FLIGHT = 64;
const DURATION_MS = Number(process.env.MMSC_BENCH_MS ?? 8000);

async function image100k(): Promise<Buffer> {
  // Noise compresses badly, so a JPEG of ~100 KB needs only a modest size; adjust quality to land near 100 KB.
  const w = 300, h = 220;
  const raw = Buffer.alloc(w * h * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    raw[i] = x >>> 24;
  }
  let q = 95;
  for (;;) {
    const jpg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: q }).toBuffer();
    if (jpg.length <= 105 * 1024 || q <= 40) return jpg;
    q -= 5;
  }
}

/** Distinct requests (transaction ids, recipients) over the same creative, built once. */
async function buildRequests(count: number): Promise<Array<{ contentType: string; body: Buffer }>> {
  const img = await image100k();
  const smil = buildSmil([{ image: { src: "cid:img", contentType: "image/jpeg" }, text: { src: "cid:txt" } }]);
  const content: MimeEntity = {
    contentType: "multipart/related",
    params: { type: "application/smil", start: "<smil>" },
    parts: [
      { contentType: "application/smil", contentId: "smil", body: Buffer.from(smil) },
      { contentType: "image/jpeg", contentId: "img", contentLocation: "photo.jpg", body: img },
      { contentType: "text/plain", params: { charset: "utf-8" }, contentId: "txt", body: Buffer.from("Spring sale: 20% off everything today.") },
    ],
  };
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(
      encodeMm7(
        {
          type: "SubmitReq",
          transactionId: `bench${i}-a1`,
          senderIdentification: { vaspId: "bench", senderAddress: { kind: "shortCode", value: "12345" } },
          recipients: { to: [{ kind: "number", value: `+1555${String(1_000_000 + i).slice(1)}0` }] },
          messageClass: "Advertisement",
          deliveryReport: false,
          subject: "Spring sale",
          content,
        },
        { namespace: "REL-6-MM7-1-4", boundarySeed: `b${i}` },
      ),
    );
  }
  return out;
}

// ───────────── role: load generator (its own process) ─────────────
async function loadRole(url: string): Promise<void> {
  const reqs = await buildRequests(256);
  const u = new URL(url);
  const pool = new Pool(u.origin, { connections: IN_FLIGHT, pipelining: 1, keepAliveTimeout: 30_000 });
  const auth = `Basic ${Buffer.from("bench:bench-pass").toString("base64")}`;
  let ok = 0, failed = 0, i = 0;
  let counting = false;
  const warmupEnd = Date.now() + 1000;
  const end = warmupEnd + DURATION_MS;
  let tStart = 0;
  async function worker(): Promise<void> {
    while (Date.now() < end) {
      const r = reqs[i++ % reqs.length];
      try {
        const res = await pool.request({ method: "POST", path: u.pathname, headers: { "content-type": r.contentType, authorization: auth }, body: r.body });
        const text = await res.body.text();
        const good = res.statusCode === 200 && text.includes("1000");
        if (Date.now() >= warmupEnd) {
          if (!counting) { counting = true; tStart = Date.now(); }
          good ? ok++ : failed++;
        }
      } catch {
        if (Date.now() >= warmupEnd) failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const secs = (Date.now() - tStart) / 1000;
  await pool.close();
  process.stdout.write(`LOAD_RESULT ${JSON.stringify({ ok, failed, perSecond: ok / secs })}\n`);
}

// ───────────── role: bare node:http server (the floor) ─────────────
function bareRole(port: number): void {
  const rsp = encodeMm7({ type: "SubmitRsp", transactionId: "x", status: { code: 1000, text: "Success" }, messageId: "m1" }, { namespace: "REL-6-MM7-1-4" });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      Buffer.concat(chunks);
      res.writeHead(200, { "content-type": rsp.contentType, "content-length": rsp.body.length });
      res.end(rsp.body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => process.stdout.write("bare ready\n"));
}

// ───────────── orchestration ─────────────

async function load(url: string): Promise<{ ok: number; failed: number; perSecond: number }> {
  const { child, out } = await start([SELF, "--load", url], {}, /LOAD_RESULT/);
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  const line = out().split("\n").find((l) => l.startsWith("LOAD_RESULT "))!;
  return JSON.parse(line.slice("LOAD_RESULT ".length));
}

export async function run(): Promise<Result[]> {
  const dataDir = mkdtempSync(path.join(process.env.POSTINO_TMP ?? os.tmpdir(), "mmsc-bench-"));
  try {
    const barePort = await freePort();
    const bare = await start([SELF, "--bare", String(barePort)], {}, /bare ready/);
    const floor = await load(`http://127.0.0.1:${barePort}/mm7`);
    await stop(bare.child);

    const port = await freePort();
    const vasps = [{ vaspId: "bench", username: "bench", password: "bench-pass" }];
    const sim = await start(["mmsc/main.ts"], { MMSC_PORT: String(port), MMSC_DATA_DIR: dataDir, MMSC_VASPS: JSON.stringify(vasps), LOG_LEVEL: "info", MMSC_AUTO_FETCH_MS: process.env.MMSC_BENCH_AUTO_FETCH ?? "off" }, /mmsc ready/);
    const r = await load(`http://127.0.0.1:${port}/mm7`);
    const stats = (await (await fetch(`http://127.0.0.1:${port}/admin/ledger/stats?byRecipient=0`)).json()) as { accepted: number; blobs: number };
    await stop(sim.child);
    if (r.failed > 0) throw new Error(`${r.failed} SubmitReq were not accepted`);
    process.stderr.write(`mmsc bench: ${stats.accepted} accepted, ${stats.blobs} blobs stored\n`);
    return [
      {
        metric: "mmsc.submit_100kb_per_s",
        value: Math.round(r.perSecond),
        unit: "SubmitReq/s",
        floor: { metric: "bare node:http read+ack of the same requests", value: Math.round(floor.perSecond), unit: "req/s" },
        bar: "≥ 3,000/s (accepted, fsynced to the ledger, 100 KB image stored once; handsets idle)",
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const role = process.argv[2];
if (role === "--load") await loadRole(process.argv[3]);
else if (role === "--bare") bareRole(Number(process.argv[3]));
