// Real-process helpers for the MMSC simulator tests: the simulator started with `tsx mmsc/main.ts`, a tiny VASP
// HTTP server that answers MM7 reports, SubmitReqs built with lib/mms, and Wireshark as the independent decoder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { buildSmil, decodeMm7, encodeMm7, type MimeEntity, type Mm7Message, type Mm7SubmitReq } from "@/lib/mms";
import { freePort } from "../../support/app";
import { startProcess, type Proc } from "../../support/processes";

export const VASP = { vaspId: "postino", vasId: "promo", username: "vasp-user", password: "vasp-secret-1", namespace: "REL-6-MM7-1-4" };

export type Sim = { url: string; proc: Proc; dataDir: string; stop: () => Promise<void>; admin: <T = any>(p: string, init?: { method?: string; body?: unknown }) => Promise<T> };

export async function startSimulator(env: Record<string, string> = {}, dataDir?: string): Promise<Sim> {
  const dir = dataDir ?? mkdtempSync(path.join(process.env.POSTINO_TMP ?? os.tmpdir(), "mmsc-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess("mmsc/main.ts", {
    env: { MMSC_PORT: String(port), MMSC_PUBLIC_URL: url, MMSC_DATA_DIR: dir, LOG_LEVEL: "info", ...env },
    readyPattern: /mmsc ready/,
  });
  const admin = async (p: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${url}/admin${p}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers: { "content-type": "application/json" },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const data = await res.json();
    if (!res.ok) throw new Error(`admin ${p}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
  return { url, proc, dataDir: dir, admin, stop: async () => void (await proc.stop()) };
}

export type Vasp = {
  url: string;
  received: Mm7Message[];
  failNext: number;
  waitFor: (pred: (m: Mm7Message) => boolean, timeoutMs?: number) => Promise<Mm7Message>;
  close: () => Promise<void>;
};

/** The VASP side: decodes each MM7 request with lib/mms and answers the matching Rsp (or 503 while failNext > 0). */
export async function startVasp(): Promise<Vasp> {
  const received: Mm7Message[] = [];
  const v: Vasp = {
    url: "",
    received,
    failNext: 0,
    waitFor: async (pred, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`VASP did not receive the expected request; got ${JSON.stringify(received.map((r) => r.type))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (req.headers.authorization !== `Basic ${Buffer.from("mmsc:report-secret").toString("base64")}`) {
        res.writeHead(401).end();
        return;
      }
      if (v.failNext > 0) {
        v.failNext--;
        res.writeHead(503).end();
        return;
      }
      const msg = decodeMm7(Buffer.concat(chunks), req.headers["content-type"]);
      received.push(msg);
      const type = msg.type === "DeliverReq" ? "DeliverRsp" : msg.type === "ReadReplyReq" ? "ReadReplyRsp" : "DeliveryReportRsp";
      const { contentType, body } = encodeMm7({ type, transactionId: msg.transactionId, status: { code: 1000, text: "Success" } } as Mm7Message, { namespace: VASP.namespace });
      res.writeHead(200, { "content-type": contentType }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  v.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mm7/conn-1`;
  return v;
}

export function registerVasp(sim: Sim, vasp: Vasp, extra: Record<string, unknown> = {}) {
  return sim.admin("/vasps", { body: { ...VASP, deliverUrl: vasp.url, deliverUsername: "mmsc", deliverPassword: "report-secret", ...extra } });
}

export async function testImage(width = 320, height = 240, noise = false): Promise<Buffer> {
  const channels = 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let i = 0; i < raw.length; i++) raw[i] = noise ? (Math.imul(i, 2654435761) >>> 24) & 0xff : (i * 7) & 0xff;
  return sharp(raw, { raw: { width, height, channels } }).jpeg({ quality: 92 }).toBuffer();
}

export function mmsContent(image: Buffer | undefined, text: string): MimeEntity {
  const parts: MimeEntity[] = [];
  if (image) parts.push({ contentType: "image/jpeg", contentId: "img1", contentLocation: "photo.jpg", body: image });
  parts.push({ contentType: "text/plain", params: { charset: "utf-8" }, contentId: "txt1", contentLocation: "text.txt", body: Buffer.from(text) });
  const smil = buildSmil([{ ...(image ? { image: { src: "cid:img1", contentType: "image/jpeg" } } : {}), text: { src: "cid:txt1" } }]);
  return {
    contentType: "multipart/related",
    params: { type: "application/smil", start: "<smil>" },
    parts: [{ contentType: "application/smil", contentId: "smil", contentLocation: "smil.xml", body: Buffer.from(smil) }, ...parts],
  };
}

export function submitReq(to: string, transactionId: string, content: MimeEntity | undefined, extra: Partial<Mm7SubmitReq> = {}): Mm7SubmitReq {
  return {
    type: "SubmitReq",
    transactionId,
    senderIdentification: { vaspId: VASP.vaspId, vasId: VASP.vasId, senderAddress: { kind: "shortCode", value: "12345" } },
    recipients: { to: [{ kind: "number", value: to }] },
    messageClass: "Informational",
    deliveryReport: true,
    readReply: true,
    subject: "Spring sale",
    ...(content ? { content } : {}),
    ...extra,
  };
}

export const basicAuth = (u = VASP.username, p = VASP.password) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

/** POSTs an MM7 message; returns the HTTP status and the decoded answer. */
export async function postMm7(sim: Sim, msg: Mm7Message, auth = basicAuth()): Promise<{ status: number; rsp?: Mm7Message; text: string }> {
  const { contentType, body } = encodeMm7(msg, { namespace: VASP.namespace });
  const res = await fetch(`${sim.url}/mm7`, { method: "POST", headers: { "content-type": contentType, authorization: auth }, body: new Uint8Array(body) });
  const buf = Buffer.from(await res.arrayBuffer());
  let rsp: Mm7Message | undefined;
  try {
    rsp = decodeMm7(buf, res.headers.get("content-type") ?? undefined);
  } catch {
    rsp = undefined;
  }
  return { status: res.status, rsp, text: buf.toString("utf8") };
}

/** Wireshark's own reading of a WAP push we produced (text2pcap -P wsp-cl, as tests/unit/mms do). */
export function tsharkPush(push: Buffer): Record<string, unknown> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mmsc-tshark-"));
  try {
    let hex = "";
    for (let i = 0; i < push.length; i += 16) {
      hex += i.toString(16).padStart(6, "0") + " " + [...push.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, "0")).join(" ") + "\n";
    }
    writeFileSync(path.join(dir, "in.hex"), hex);
    execFileSync("text2pcap", ["-q", "-P", "wsp-cl", path.join(dir, "in.hex"), path.join(dir, "out.pcap")], { stdio: "pipe" });
    const out = execFileSync("tshark", ["-r", path.join(dir, "out.pcap"), "-T", "json", "--no-duplicate-keys"], { stdio: ["ignore", "pipe", "ignore"] }).toString("utf8");
    const layers = (JSON.parse(out) as Array<{ _source: { layers: Record<string, Record<string, unknown>> } }>)[0]._source.layers;
    return { ...layers.wsp, ...layers.mmse };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
