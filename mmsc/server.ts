// The simulator's HTTP surface on one port: /mm7 (VASPs), /mms (handsets, MM1 over HTTP), /view (legacy web view),
// /admin (tests and the dashboard). Plain node:http: the MM7 path has to take thousands of 100 KB requests a second.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decodePdu } from "@/lib/mms";
import { childLogger } from "@/lib/log";
import { handleAdmin } from "./admin";
import type { MmscConfig } from "./config";
import { leaves, loadEntity } from "./content";
import { Engine } from "./engine";
import { Faults } from "./faults";
import { handleMm7, type Held } from "./mm7-handler";
import { ProfileBook } from "./profiles";
import { webViewHtml } from "./render";
import { BlobStore } from "./store/blobs";
import { Ledger } from "./store/ledger";
import path from "node:path";
import { VaspRegistry } from "./vasps";

const log = childLogger("mmsc");

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

function text(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

export type Mmsc = { url: string; engine: Engine; close: () => Promise<void> };

export async function startMmsc(cfg: MmscConfig): Promise<Mmsc> {
  const ledger = new Ledger(path.join(cfg.dataDir, "ledger.ndjson"), cfg.MMSC_COMMIT_MS);
  const blobs = new BlobStore(path.join(cfg.dataDir, "blobs"));
  const engine = new Engine(cfg, ledger, blobs, new VaspRegistry(), new ProfileBook(cfg.MMSC_PROFILES), new Faults(cfg.MMSC_FAULTS));
  const held: Held = new Set();

  const server: Server = createServer((req, res) => {
    void route(req, res).catch((err) => {
      log.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), path: req.url }, "request failed");
      if (!res.headersSent) text(res, 500, "Internal error\n");
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.requestTimeout = 0; // the "timeout" fault must be able to hold a request forever

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://mmsc");
    const p = url.pathname;
    const body = req.method === "GET" || req.method === "HEAD" ? Buffer.alloc(0) : await readBody(req, cfg.MMSC_MAX_BODY_BYTES);
    if (body === null) return text(res, 413, "Request body too large\n");
    if (p === "/mm7" || p.startsWith("/mm7/")) {
      if (req.method !== "POST") return text(res, 405, "MM7 requests are POSTed\n");
      return handleMm7(engine, req, res, body, held);
    }
    if (p.startsWith("/admin/")) return handleAdmin(engine, req, res, url, body);
    if (p === "/health") return text(res, 200, "ok\n");
    // MM1: the handset GETs the Content-Location of its notification…
    let m = /^\/mms\/([\w-]+)\.(\d+)$/.exec(p);
    if (m && req.method === "GET") {
      const got = await engine.retrieve(m[1], Number(m[2]));
      if (!got) return text(res, 404, "Message not found or expired\n");
      if ("rejected" in got) return text(res, 406, `${got.rejected}\n`);
      res.writeHead(200, { "content-type": "application/vnd.wap.mms-message", "content-length": got.pdu.length });
      res.end(got.pdu);
      return;
    }
    // …and POSTs m-notifyresp-ind / m-acknowledge-ind (and m-read-rec-ind) back.
    if (p === "/mms" && req.method === "POST") return handleMm1Post(body, res);
    m = /^\/view\/([\w-]+)(?:\/parts\/(\d+))?$/.exec(p);
    if (m && req.method === "GET") {
      const msg = engine.messages.get(m[1]);
      if (!msg || msg.cancelled) return text(res, 404, "This message is no longer available.\n");
      if (m[2] === undefined) return text(res, 200, await webViewHtml(engine, msg), "text/html; charset=utf-8");
      const leaf = leaves(await loadEntity(engine.blobs, msg.content))[Number(m[2])];
      if (!leaf) return text(res, 404, "No such part\n");
      // Sender-supplied content: media inline, anything else as a download, never as a page of this origin.
      const inline = /^(image|audio|video)\/|^text\/plain$/.test(leaf.contentType) && !leaf.contentType.includes("svg");
      res.writeHead(200, {
        "content-type": inline ? leaf.contentType : "application/octet-stream",
        "content-length": leaf.body?.length ?? 0,
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox; default-src 'none'",
        ...(inline ? {} : { "content-disposition": "attachment" }),
      });
      res.end(leaf.body);
      return;
    }
    return text(res, 404, "Not found\n");
  }

  function handleMm1Post(body: Buffer, res: ServerResponse): void {
    let pdu;
    try {
      pdu = decodePdu(body);
    } catch (err) {
      return text(res, 400, `Not an MMS PDU: ${(err as Error).message}\n`);
    }
    const [id, idx] = (pdu.transactionId ?? "").split(".");
    if (pdu.type === "m-notifyresp-ind" || pdu.type === "m-acknowledge-ind") {
      const status = pdu.type === "m-acknowledge-ind" ? "Retrieved" : pdu.status;
      if (status !== "Retrieved" && status !== "Deferred" && status !== "Rejected" && status !== "Unrecognised") {
        return text(res, 400, `Unsupported X-Mms-Status ${status}\n`);
      }
      const ok = engine.acknowledge(id, Number(idx), status);
      res.writeHead(ok ? 204 : 404);
      res.end();
      return;
    }
    if (pdu.type === "m-read-rec-ind" && pdu.messageId && pdu.from) {
      const msg = engine.messages.get(pdu.messageId);
      const who = pdu.from.replace(/\/TYPE=.*$/i, "");
      const i = msg ? msg.rcpts.findIndex((r) => r.to === who) : -1;
      const ok = i >= 0 && engine.read(pdu.messageId, i);
      res.writeHead(ok ? 204 : 404);
      res.end();
      return;
    }
    return text(res, 400, `Unexpected PDU ${pdu.type}\n`);
  }

  await engine.start();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.MMSC_PORT, cfg.MMSC_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (!cfg.MMSC_PUBLIC_URL) cfg.publicUrl = `http://localhost:${port}`;

  return {
    url: cfg.publicUrl,
    engine,
    close: async () => {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await engine.stop();
    },
  };
}
