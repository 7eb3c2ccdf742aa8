// The carrier-facing MM7 edge: plain node:http, stateless (any number of instances behind a
// balancer). Per request: authenticate, bound the body, decode, store durably (group commit), answer.
import http from "node:http";
import { childLogger } from "@/lib/log";
import { decodeMm7, Mm7ParseError, parseContentType, type Mm7Message } from "@/lib/mms";
import { deliverPayload, reportPayload } from "@/lib/inbound/payload";
import { authenticate, type GatewayConnection } from "./auth";
import { GroupCommit, type EventRow } from "./group-commit";
import { faultAnswer, okAnswer } from "./soap";

const log = childLogger("gateway");

export type GatewayOptions = {
  /** Largest multipart body (MO messages with media). */
  maxDeliverBytes?: number;
  /** Largest plain text/xml body (reports). */
  maxReportBytes?: number;
  windowMs?: number;
  maxBatchRows?: number;
  storePart?: (key: string, bytes: Buffer, contentType: string) => Promise<void>;
  onCommitted?: (rows: EventRow[]) => void;
};

const KIND = { DeliveryReportReq: "delivery_report", ReadReplyReq: "read_reply", DeliverReq: "deliver" } as const;

function send(res: http.ServerResponse, status: number, contentType: string, body: Buffer | string, extra: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...extra });
  res.end(body);
}

class TooLarge extends Error {}

/**
 * 413 once the rest of the body has been read and discarded (up to a cap), so the client sees the answer rather
 * than a broken pipe; a client that keeps streaming past the cap is cut off.
 */
function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number) {
  let discarded = 0;
  const answer = () => send(res, 413, "text/plain", `body over ${limit} bytes`, { connection: "close" });
  if (req.readableEnded) return answer();
  req.on("data", (c: Buffer) => {
    discarded += c.length;
    if (discarded > 16 * 1024 * 1024) req.destroy();
  });
  req.once("end", answer);
  req.resume();
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new TooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function createGateway(opts: GatewayOptions = {}) {
  const maxDeliver = opts.maxDeliverBytes ?? 5 * 1024 * 1024;
  const maxReport = opts.maxReportBytes ?? 64 * 1024;
  const commit = new GroupCommit({ windowMs: opts.windowMs ?? 2, maxRows: opts.maxBatchRows ?? 500, onCommitted: opts.onCommitted });
  const storePart = opts.storePart ?? (async () => { throw new Error("no storage configured"); });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (req.method === "GET" && (url === "/health" || url === "/healthz")) return send(res, 200, "text/plain", "ok");
    const m = /^\/mm7\/([^/?#]+)\/?(?:\?.*)?$/.exec(url);
    if (!m) return send(res, 404, "text/plain", "not found");
    if (req.method !== "POST") return send(res, 405, "text/plain", "POST only", { allow: "POST" });

    const conn = await authenticate(decodeURIComponent(m[1]), req.headers.authorization);
    if (!conn) {
      // Do not read an unauthenticated body; close so the client cannot keep streaming into us.
      return send(res, 401, "text/plain", "unauthorized", { "www-authenticate": 'Basic realm="postino-mm7"', connection: "close" });
    }
    const multipart = parseContentType(req.headers["content-type"]).mediaType.startsWith("multipart/");
    const limit = multipart ? maxDeliver : maxReport;
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return tooLarge(req, res, limit);
    let body: Buffer;
    try {
      body = await readBody(req, limit);
    } catch (e) {
      if (e instanceof TooLarge) return tooLarge(req, res, limit);
      throw e;
    }

    let msg: Mm7Message;
    try {
      msg = decodeMm7(body, req.headers["content-type"], { maxBodyBytes: limit });
    } catch (e) {
      const code = e instanceof Mm7ParseError ? e.code : "INTERNAL";
      log.warn({ connectionId: conn.id, code }, "refused malformed MM7 request");
      const a = faultAnswer(2007, "Message format corrupt", conn);
      return send(res, a.status, a.contentType, a.body);
    }
    if (msg.type !== "DeliveryReportReq" && msg.type !== "ReadReplyReq" && msg.type !== "DeliverReq") {
      const a = faultAnswer(4003, `Unsupported operation ${msg.type}`, conn, msg.transactionId);
      return send(res, a.status, a.contentType, a.body);
    }
    if (msg.type === "DeliverReq" && !msg.sender?.value) {
      const a = faultAnswer(2002, "DeliverReq without Sender", conn, msg.transactionId);
      return send(res, a.status, a.contentType, a.body);
    }
    const payload = msg.type === "DeliverReq" ? await deliverPayload(msg, storePart) : reportPayload(msg);
    await commit.add({ connectionId: conn.id, kind: KIND[msg.type], payload });
    const a = okAnswer(msg, conn);
    send(res, a.status, a.contentType, a.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      // Storage or database down: a 5xx the MMSC will retry, never a false acknowledgement.
      log.error({ err: e instanceof Error ? e.message : String(e) }, "gateway request failed");
      if (!res.headersSent) {
        const a = faultAnswer(3000, "Temporarily unable to store the request", null);
        send(res, 503, a.contentType, a.body, { "retry-after": "5" });
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;

  return {
    server,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await commit.drain();
    },
  };
}
