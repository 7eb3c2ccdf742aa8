// The MM7 client: one keep-alive undici Pool per carrier connection, reused by every submit of the
// process. It neither throttles nor retries: throttling is shared across workers (lib/campaigns),
// and a resend decision belongs to the ledger, which knows whether this row was already attempted.
import type { Readable } from "node:stream";
import { Pool } from "undici";
import type { CarrierConnection } from "@/lib/db/client";
import { encodeMm7, encodeMm7Chunks, type MimeEntity, type Mm7Address, type Mm7SubmitReq } from "@/lib/mms";
import { classifySubmitAnswer, classifyTransportError, decodeAnswer, retryTableOverrides, type HttpAnswer, type SubmitOutcome } from "./classify";

export type { SubmitOutcome } from "./classify";

export type ConnectionConfig = Pick<
  CarrierConnection,
  "id" | "url" | "username" | "password" | "vaspId" | "vasId" | "namespace" | "mm7Version" | "usePrefix" | "senderAddress" | "senderType" | "timeoutMs" | "retryTable" | "maxMessageBytes" | "maxPerSecond"
>;
export type OutboundPart = { contentId: string; contentType: string; bytes: Buffer; location?: string };
export type OutboundMms = {
  recipient: string;
  subject?: string;
  messageClass: "Advertisement" | "Informational" | "Personal";
  expiry?: Date;
  deliveryReport: boolean;
  readReply: boolean;
  smil?: string;
  parts: OutboundPart[];
  linkedId?: string;
  transactionId: string;
};
export interface Connector {
  submit(msg: OutboundMms): Promise<SubmitOutcome>;
  test(): Promise<{ ok: boolean; detail: string; ms: number }>;
  close(): Promise<void>;
}

/** The config fields that change the wire: a new Pool when any of them changes. */
function fingerprint(c: ConnectionConfig): string {
  return JSON.stringify([c.url, c.username, c.password, c.vaspId, c.vasId, c.namespace, c.mm7Version, c.usePrefix, c.senderAddress, c.senderType, c.timeoutMs, c.retryTable, c.maxMessageBytes, c.maxPerSecond]);
}

type Global = typeof globalThis & { __postinoConnectors?: Map<string, { fp: string; connector: Connector }> };
const g = globalThis as Global;

export function getConnector(conn: ConnectionConfig): Connector {
  g.__postinoConnectors ??= new Map();
  const fp = fingerprint(conn);
  const hit = g.__postinoConnectors.get(conn.id);
  if (hit?.fp === fp) return hit.connector;
  if (hit) void hit.connector.close();
  const connector = new Mm7Connector(conn);
  g.__postinoConnectors.set(conn.id, { fp, connector });
  return connector;
}

export async function closeConnectors(): Promise<void> {
  const all = [...(g.__postinoConnectors?.values() ?? [])];
  g.__postinoConnectors = undefined;
  await Promise.all(all.map((c) => c.connector.close()));
}

export function senderAddressOf(conn: Pick<ConnectionConfig, "senderAddress" | "senderType">): Mm7Address {
  return { kind: conn.senderType === "shortcode" ? "shortCode" : "number", value: conn.senderAddress };
}

/** The MM content: multipart/related with the SMIL as start when there is one, else multipart/mixed. */
export function buildContent(msg: Pick<OutboundMms, "smil" | "parts">): MimeEntity {
  const parts: MimeEntity[] = msg.parts.map((p) => ({
    contentType: p.contentType.toLowerCase(),
    ...(p.contentType.startsWith("text/") ? { params: { charset: "utf-8" } } : {}),
    contentId: p.contentId,
    ...(p.location ? { contentLocation: p.location } : {}),
    body: p.bytes,
  }));
  if (!msg.smil) return { contentType: "multipart/mixed", parts };
  return {
    contentType: "multipart/related",
    params: { type: "application/smil", start: "<smil>" },
    parts: [{ contentType: "application/smil", params: { charset: "utf-8" }, contentId: "smil", contentLocation: "smil.smil", body: Buffer.from(msg.smil, "utf8") }, ...parts],
  };
}

class Mm7Connector implements Connector {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly auth: string | undefined;

  constructor(private readonly conn: ConnectionConfig) {
    const u = new URL(conn.url);
    this.path = (u.pathname || "/") + u.search;
    this.auth = conn.username ? "Basic " + Buffer.from(`${conn.username}:${conn.password ?? ""}`).toString("base64") : undefined;
    this.pool = new Pool(u.origin, {
      // Enough sockets for the configured rate at ~100 ms per exchange, never an unbounded fan-out.
      connections: Math.min(64, Math.max(4, Math.ceil(conn.maxPerSecond / 10))),
      pipelining: 1,
      keepAliveTimeout: 4_000,
      connectTimeout: Math.min(conn.timeoutMs, 10_000),
      headersTimeout: conn.timeoutMs,
      bodyTimeout: conn.timeoutMs,
    });
  }

  /** POSTs the body's chunks in order under one Content-Length (never chunked transfer coding, which older MMSCs refuse). */
  private async post(parts: Buffer[], length: number, contentType: string): Promise<HttpAnswer> {
    const headers: Record<string, string> = { "content-type": contentType, soapaction: '""' };
    if (this.auth) headers.authorization = this.auth;
    if (parts.length !== 1) headers["content-length"] = String(length);
    // undici takes any iterable as a body (documented; its typings list only Readable); with a content-length it
    // writes the parts straight to the socket.
    const body = parts.length === 1 ? parts[0] : (parts as unknown as Readable);
    const res = await this.pool.request({ method: "POST", path: this.path, headers, body });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      size += c.length;
      // An MM7 answer is a few hundred bytes; do not buffer a misconfigured URL's HTML page forever.
      if (size <= 1024 * 1024) chunks.push(c as Buffer);
    }
    return { statusCode: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) };
  }

  async submit(msg: OutboundMms): Promise<SubmitOutcome> {
    const contentBytes = msg.parts.reduce((n, p) => n + p.bytes.length, 0) + (msg.smil ? Buffer.byteLength(msg.smil) : 0);
    if (contentBytes > this.conn.maxMessageBytes) {
      return { kind: "permanent", reason: `message is ${contentBytes} bytes, over this connection's limit of ${this.conn.maxMessageBytes}` };
    }
    const req: Mm7SubmitReq = {
      type: "SubmitReq",
      transactionId: msg.transactionId,
      senderIdentification: { vaspId: this.conn.vaspId, ...(this.conn.vasId ? { vasId: this.conn.vasId } : {}), senderAddress: senderAddressOf(this.conn) },
      recipients: { to: [{ kind: "number", value: msg.recipient }] },
      ...(msg.linkedId ? { linkedId: msg.linkedId } : {}),
      messageClass: msg.messageClass,
      timeStamp: new Date(),
      ...(msg.expiry ? { expiryDate: msg.expiry } : {}),
      deliveryReport: msg.deliveryReport,
      readReply: msg.readReply,
      ...(msg.subject ? { subject: msg.subject } : {}),
      content: buildContent(msg),
    };
    let encoded;
    try {
      encoded = encodeMm7Chunks(req, { namespace: this.conn.namespace, mm7Version: this.conn.mm7Version, prefix: this.conn.usePrefix, boundarySeed: msg.transactionId });
    } catch (e) {
      return { kind: "permanent", reason: `message could not be encoded: ${e instanceof Error ? e.message : String(e)}` };
    }
    let answer: HttpAnswer;
    try {
      answer = await this.post(encoded.chunks, encoded.length, encoded.contentType);
    } catch (e) {
      return classifyTransportError(e);
    }
    return classifySubmitAnswer(answer, retryTableOverrides(this.conn.retryTable));
  }

  /** A CancelReq for a MessageID that cannot exist: harmless on every MMSC, and any MM7 answer proves the path and credentials. */
  async test(): Promise<{ ok: boolean; detail: string; ms: number }> {
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    const encoded = encodeMm7(
      { type: "CancelReq", transactionId: `postino-test-${Date.now()}`, senderIdentification: { vaspId: this.conn.vaspId, ...(this.conn.vasId ? { vasId: this.conn.vasId } : {}) }, messageId: "postino-connection-test" },
      { namespace: this.conn.namespace, mm7Version: this.conn.mm7Version, prefix: this.conn.usePrefix },
    );
    let answer: HttpAnswer;
    try {
      answer = await this.post([encoded.body], encoded.body.length, encoded.contentType);
    } catch (e) {
      const o = classifyTransportError(e);
      const reason = "reason" in o ? o.reason : o.kind;
      return { ok: false, detail: o.kind === "retry" ? reason : `no answer: ${reason}`, ms: ms() };
    }
    if (answer.statusCode === 401 || answer.statusCode === 403) return { ok: false, detail: `credentials refused (HTTP ${answer.statusCode})`, ms: ms() };
    const m = decodeAnswer(answer);
    if (!m) return { ok: false, detail: `reachable, but the answer is not MM7 (HTTP ${answer.statusCode})`, ms: ms() };
    const code = "status" in m && m.status ? m.status.code : undefined;
    if (code === 4001) return { ok: false, detail: "reachable, but the MMSC refused our VASP identification (MM7 4001)", ms: ms() };
    return { ok: true, detail: `reachable, credentials accepted (${m.type}${code !== undefined ? ` ${code}` : ""})`, ms: ms() };
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => {});
  }
}
