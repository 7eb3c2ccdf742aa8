/**
 * Minimal MIME (RFC 2045/2046/2387) reader and writer for MM7 SOAP-with-attachments.
 *
 * Written here rather than pulled from npm because MM7 needs the reader to be tolerant in specific ways seen in
 * real MMSC traffic (missing boundary parameter, LF-only line ends, transport padding after delimiters, a missing
 * closing delimiter, Content-ID with or without <>), and bounded in the ways a public gateway needs (nesting
 * depth, part count, total size), while the writer must be deterministic so identical input gives identical bytes.
 */
import * as nodeCrypto from "node:crypto";
import type { DecodedBodies } from "./decoded-bodies";
import { MimeError } from "./errors";

/** A MIME entity: either a leaf (`body`) or a multipart (`parts`). */
export interface MimeEntity {
  /** Media type, lowercase, without parameters, e.g. "image/jpeg" or "multipart/related". */
  contentType: string;
  /** Content-Type parameters (lowercase names), e.g. { charset: "utf-8" } or { type: "application/smil", start: "<smil>" }.
   * For multiparts the writer supplies `boundary` itself. */
  params?: Record<string, string>;
  /** Content-ID without angle brackets. */
  contentId?: string;
  contentLocation?: string;
  /** Other headers (lowercase names), e.g. content-disposition. Content-Transfer-Encoding is handled for you. */
  headers?: Record<string, string>;
  /** Leaf content, already transfer-decoded. */
  body?: Buffer;
  /** Child entities of a multipart. */
  parts?: MimeEntity[];
}

export interface MimeLimits {
  /** Deepest multipart nesting (the outermost multipart is depth 1). */
  maxDepth?: number;
  /** Total number of parts over the whole tree. */
  maxParts?: number;
  /** Largest input accepted. */
  maxBytes?: number;
}

export const DEFAULT_MIME_LIMITS: Required<MimeLimits> = { maxDepth: 8, maxParts: 512, maxBytes: 32 * 1024 * 1024 };

// ---------------------------------------------------------------------------------------------------------------
// Header values

export interface ParsedContentType {
  mediaType: string;
  params: Record<string, string>;
}

/** Parse "type/subtype; a=b; c="d e"" tolerantly: parameter names lowercased, quotes and escapes removed. */
export function parseContentType(value: string | undefined): ParsedContentType {
  if (!value) return { mediaType: "", params: {} };
  const s = value.trim();
  const semi = s.indexOf(";");
  const mediaType = (semi < 0 ? s : s.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = {};
  if (semi >= 0) parseParams(s.slice(semi + 1), params);
  return { mediaType, params };
}

function parseParams(s: string, params: Record<string, string>): void {
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ";" || s[i] === " " || s[i] === "\t" || s[i] === "\r" || s[i] === "\n")) i++;
    const eq = s.indexOf("=", i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < n && (s[i] === " " || s[i] === "\t")) i++;
    let val = "";
    if (s[i] === '"') {
      i++;
      while (i < n && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < n) i++;
        val += s[i];
        i++;
      }
      i++;
      const next = s.indexOf(";", i);
      i = next < 0 ? n : next;
    } else {
      const next = s.indexOf(";", i);
      val = (next < 0 ? s.slice(i) : s.slice(i, next)).trim();
      i = next < 0 ? n : next;
    }
    if (name && !(name in params)) params[name] = val;
  }
}

/** Strip "cid:" and angle brackets so references and Content-IDs compare equal however each side wrote them. */
export function normalizeContentId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  let s = id.trim();
  if (/^cid:/i.test(s)) s = s.slice(4);
  if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1);
  return s.trim();
}

/** RFC 2045 token characters (what a parameter value may hold without quotes). */
const TOKEN_CHAR = (() => {
  const t = new Uint8Array(128);
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
})();

function needsQuoting(v: string): boolean {
  if (v.length === 0) return true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128 || TOKEN_CHAR[c] === 0) return true;
  }
  return false;
}

export function formatContentType(mediaType: string, params: Record<string, string> = {}): string {
  let out = mediaType;
  for (const k in params) {
    if (!Object.prototype.hasOwnProperty.call(params, k)) continue;
    const v = params[k];
    if (v !== undefined) out += formatParam(k, v);
  }
  return out;
}

/** "; name=value", quoting the value when it is not a token. */
function formatParam(k: string, v: string): string {
  if (typeof v !== "string") {
    // Untyped callers may pass numbers and the like; they keep the formatting they always had.
    return `; ${k}=${needsQuoting(String(v)) ? `"${(v as string).replace(/(["\\])/g, "\\$1")}"` : v}`;
  }
  if (!needsQuoting(v)) return `; ${k}=${v}`;
  if (v.indexOf('"') < 0 && v.indexOf("\\") < 0) return `; ${k}="${v}"`;
  return `; ${k}="${v.replace(/(["\\])/g, "\\$1")}"`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reader

interface ParseState {
  limits: Required<MimeLimits>;
  parts: number;
  decoded?: DecodedBodies;
}

/**
 * Parse a MIME body whose Content-Type header value is given (the HTTP header for the outermost entity).
 * `decoded`: a receiver that meets the same large parts again and again reuses their decoded bodies.
 */
export function parseMime(body: Buffer, contentType: string | undefined, limits: MimeLimits = {}, decoded?: DecodedBodies): MimeEntity {
  const lim = { ...DEFAULT_MIME_LIMITS, ...limits };
  if (body.length > lim.maxBytes) {
    throw new MimeError("BODY_TOO_LARGE", `MIME body of ${body.length} bytes exceeds the limit of ${lim.maxBytes}`);
  }
  const ct = parseContentType(contentType);
  return parseEntityBody(body, ct, {}, { limits: lim, parts: 0, decoded }, 0);
}

function parseEntityBody(
  body: Buffer,
  ct: ParsedContentType,
  headers: Record<string, string>,
  st: ParseState,
  depth: number,
): MimeEntity {
  const entity: MimeEntity = { contentType: ct.mediaType || "text/plain", params: ct.params };
  const cid = headers["content-id"];
  if (cid !== undefined) entity.contentId = normalizeContentId(cid);
  if (headers["content-location"] !== undefined) entity.contentLocation = headers["content-location"].trim();
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k !== "content-type" && k !== "content-id" && k !== "content-location" && k !== "content-transfer-encoding") {
      extra[k] = v;
    }
  }
  if (Object.keys(extra).length) entity.headers = extra;
  if (ct.mediaType.startsWith("multipart/")) {
    if (depth + 1 > st.limits.maxDepth) {
      throw new MimeError("MIME_TOO_DEEP", `multipart nesting deeper than ${st.limits.maxDepth}`);
    }
    const boundary = ct.params.boundary || sniffBoundary(body);
    if (!boundary) throw new MimeError("MISSING_BOUNDARY", "multipart body without a boundary");
    entity.parts = splitMultipart(body, boundary).map((raw) => {
      if (++st.parts > st.limits.maxParts) throw new MimeError("TOO_MANY_PARTS", `more than ${st.limits.maxParts} MIME parts`);
      return parsePart(raw, st, depth + 1);
    });
    delete entity.params!.boundary;
  } else {
    entity.body = decodeTransfer(body, headers["content-transfer-encoding"], st.decoded);
  }
  if (entity.params && !Object.keys(entity.params).length) delete entity.params;
  return entity;
}

/** First line that looks like a delimiter ("--x"), used when a sender forgot the boundary parameter. */
export function sniffBoundary(body: Buffer): string | undefined {
  let i = 0;
  const limit = Math.min(body.length, 4096);
  while (i < limit) {
    while (i < limit && (body[i] === 0x0d || body[i] === 0x0a || body[i] === 0x20 || body[i] === 0x09)) i++;
    let e = body.indexOf(0x0a, i);
    if (e < 0) e = body.length;
    if (body[i] === 0x2d && body[i + 1] === 0x2d) {
      const line = body.toString("latin1", i + 2, e).replace(/\s+$/, "");
      if (line && line.length <= 200) return line;
      return undefined;
    }
    i = e + 1;
  }
  return undefined;
}

/** Split on "--boundary" lines; returns raw part bytes (headers + body). Tolerates LF-only and padding. */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delim = Buffer.from(`--${boundary}`, "latin1");
  const parts: Buffer[] = [];
  let pos = findDelimiter(body, delim, 0);
  if (pos < 0) throw new MimeError("MISSING_BOUNDARY", "multipart body does not contain its boundary");
  for (;;) {
    let after = pos + delim.length;
    if (body[after] === 0x2d && body[after + 1] === 0x2d) break; // close delimiter
    // transport padding, then the line end
    while (after < body.length && (body[after] === 0x20 || body[after] === 0x09)) after++;
    if (body[after] === 0x0d) after++;
    if (body[after] === 0x0a) after++;
    const next = findDelimiter(body, delim, after);
    if (next < 0) {
      // No closing delimiter: the last part runs to the end (seen in truncated captures).
      parts.push(body.subarray(after));
      break;
    }
    let end = next;
    if (end > after && body[end - 1] === 0x0a) end--;
    if (end > after && body[end - 1] === 0x0d) end--;
    parts.push(body.subarray(after, end));
    pos = next;
  }
  return parts;
}

/** A delimiter counts only at the start of the body or of a line. */
function findDelimiter(body: Buffer, delim: Buffer, from: number): number {
  let i = from;
  for (;;) {
    const p = body.indexOf(delim, i);
    if (p < 0) return -1;
    if (p === 0 || body[p - 1] === 0x0a) return p;
    i = p + 1;
  }
}

function parsePart(raw: Buffer, st: ParseState, depth: number): MimeEntity {
  // Header/body separator: first empty line (CRLF CRLF or LF LF). A part that starts with an empty line has no headers.
  let sep = -1;
  let bodyStart = 0;
  if (raw[0] === 0x0a) {
    sep = 0;
    bodyStart = 1;
  } else if (raw[0] === 0x0d && raw[1] === 0x0a) {
    sep = 0;
    bodyStart = 2;
  } else {
    for (let i = raw.indexOf(0x0a); i >= 0 && i < raw.length; i = raw.indexOf(0x0a, i + 1)) {
      if (raw[i + 1] === 0x0a) {
        sep = i;
        bodyStart = i + 2;
        break;
      }
      if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) {
        sep = i;
        bodyStart = i + 3;
        break;
      }
    }
  }
  if (sep < 0) {
    // Headers with no body at all, or a body with no headers; decide by whether the first line looks like a header.
    const firstLine = raw.toString("latin1", 0, Math.min(raw.length, 200));
    if (/^[A-Za-z0-9-]+:/.test(firstLine)) {
      sep = raw.length;
      bodyStart = raw.length;
    } else {
      sep = 0;
      bodyStart = 0;
    }
  }
  const headers = parseHeaderBlock(raw.toString("latin1", 0, sep));
  const ct = parseContentType(headers["content-type"] ?? "text/plain");
  return parseEntityBody(raw.subarray(bodyStart), ct, headers, st, depth);
}

/** RFC 822 header block with folding; names lowercased; first occurrence wins. */
export function parseHeaderBlock(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = block.split(/\r?\n/);
  let cur: string | null = null;
  const flush = () => {
    if (cur === null) return;
    const c = cur.indexOf(":");
    if (c > 0) {
      const k = cur.slice(0, c).trim().toLowerCase();
      if (!(k in out)) out[k] = cur.slice(c + 1).trim();
    }
  };
  for (const line of lines) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && cur !== null) cur += " " + line.trim();
    else {
      flush();
      cur = line;
    }
  }
  flush();
  return out;
}

const decodeBase64 = (body: Buffer) => Buffer.from(body.toString("latin1"), "base64");

/** Undoes a Content-Transfer-Encoding; `reuse` (when given) remembers large decoded parts. Identity encodings return `body`. */
function decodeTransfer(body: Buffer, cte: string | undefined, reuse?: DecodedBodies): Buffer {
  const enc = (cte ?? "").trim().toLowerCase();
  const decode = enc === "base64" ? decodeBase64 : enc === "quoted-printable" ? decodeQuotedPrintable : null;
  if (!decode) return body;
  return reuse ? reuse.decode(body, enc, decode) : decode(body);
}

export function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  let o = 0;
  const hex = (c: number) =>
    c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== 0x3d) {
      out[o++] = c;
      continue;
    }
    // soft line break "=\r\n" or "=\n"
    if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) {
      i += 2;
      continue;
    }
    if (body[i + 1] === 0x0a) {
      i += 1;
      continue;
    }
    const h = hex(body[i + 1] ?? -1);
    const l = hex(body[i + 2] ?? -1);
    if (h >= 0 && l >= 0) {
      out[o++] = (h << 4) | l;
      i += 2;
    } else out[o++] = c; // tolerate a stray "="
  }
  return out.subarray(0, o);
}

// ---------------------------------------------------------------------------------------------------------------
// Writer
//
// A multipart is sized exactly first and then filled into one buffer: one latin1 write for each run of header text,
// one native base64 pass per binary part spread into its 76-column lines in place, one copy per 8bit body. The
// earlier shape (a Buffer per header, per delimiter and per wrapped body, joined with Buffer.concat, headers formatted
// through regexes) spent several times the base64 itself and held SubmitReq encoding under the campaign send rate.

export interface MimeBuildOptions {
  /** Same seed + same content => same boundaries. Without it boundaries are random. */
  boundarySeed?: string;
  /** How leaves that are not text are written. Base64 is the safe default for old MMSCs. */
  binaryEncoding?: "base64" | "binary";
}

function isTextual(mediaType: string): boolean {
  return mediaType.startsWith("text/") || mediaType === "application/smil" || mediaType.endsWith("+xml") || mediaType === "application/xml";
}

type StringWrite = (this: Buffer, s: string, offset: number, length: number) => number;
const bufferProto = Buffer.prototype as unknown as { latin1Write?: StringWrite; utf8Write?: StringWrite };
// Buffer#write re-parses its optional arguments on every call, which showed up in profiles with a dozen small
// writes per message; the per-encoding methods it forwards to are used directly where Node has them.
const latin1Write: StringWrite = bufferProto.latin1Write ?? function (this: Buffer, s, offset, length) {
  return this.write(s, offset, length, "latin1");
};
const utf8Write: StringWrite = bufferProto.utf8Write ?? function (this: Buffer, s, offset, length) {
  return this.write(s, offset, length, "utf8");
};

/** Length of base64Lines(data) for data of n bytes. */
function base64LinesLength(n: number): number {
  const chars = 4 * Math.ceil(n / 3);
  return chars + 2 * Math.ceil(chars / 76);
}

/** Write base64 of data in 76-column CRLF lines at target[offset…]; returns the offset after it. */
function writeBase64Lines(data: Buffer, target: Buffer, offset: number): number {
  const b64 = data.toString("base64");
  const chars = b64.length;
  if (chars === 0) return offset;
  // The unwrapped text goes at the tail of the region, then each line moves down to its place. Line k lands at
  // offset+78k and its CRLF ends at offset+78k+78, never past where line k+1 still waits (offset+2·lines+76(k+1)),
  // so a single forward pass of memmoves is safe.
  const src = offset + 2 * Math.ceil(chars / 76);
  latin1Write.call(target, b64, src, chars);
  let o = offset;
  for (let i = 0; i < chars; i += 76) {
    const e = i + 76 < chars ? i + 76 : chars;
    target.copyWithin(o, src + i, src + e);
    o += e - i;
    target[o++] = 0x0d;
    target[o++] = 0x0a;
  }
  return o;
}

// Bodies a caller promises never to change (a campaign's shared image, sent to every recipient): their
// wrapped base64 is computed once and then copied, instead of re-encoded for every message.
// null until the first message that uses the body encodes it.
const frozenLines = new WeakMap<Buffer, Buffer | null>();

/** Marks `data` as never mutated from now on, so its base64 may be encoded once and reused. */
export function freezeBody(data: Buffer): Buffer {
  if (!frozenLines.has(data)) frozenLines.set(data, null);
  return data;
}

/** The wrapped base64 of a frozen body (encoded on first use), or undefined for a body that may still change. */
function frozenLinesOf(data: Buffer): Buffer | undefined {
  if (!frozenLines.has(data)) return undefined;
  let lines = frozenLines.get(data);
  if (!lines) frozenLines.set(data, (lines = base64Lines(data)));
  return lines;
}

function writeBase64LinesOnce(data: Buffer, target: Buffer, offset: number): number {
  const lines = frozenLinesOf(data);
  return lines ? offset + lines.copy(target, offset) : writeBase64Lines(data, target, offset);
}

/** Encode base64 with 76-column CRLF lines (RFC 2045). */
export function base64Lines(data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(base64LinesLength(data.length));
  writeBase64Lines(data, out, 0);
  return out;
}

// One-shot hashing (Node ≥ 20.12) skips the Hash object that createHash builds and tears down for every boundary.
const sha256Hex: (s: string) => string =
  typeof (nodeCrypto.hash as unknown) === "function"
    ? (s) => nodeCrypto.hash("sha256", s, "hex")
    : (s) => nodeCrypto.createHash("sha256").update(s).digest("hex");

export function makeBoundary(seed: string | undefined, path: string, attempt = 0): string {
  const token = seed === undefined ? nodeCrypto.randomBytes(12).toString("hex") : sha256Hex(`${seed}\u0000${path}\u0000${attempt}`).slice(0, 24);
  return `----=_Part_${token}`;
}

/** Key under which the writer also takes a leaf body as a JS string, UTF-8 encoded straight into the output (a
 * symbol, so no property of a caller's own entities can be mistaken for it). */
export const UTF8_TEXT: unique symbol = Symbol("utf8Text");
export type WritableEntity = Omit<MimeEntity, "parts"> & { [UTF8_TEXT]?: string; parts?: WritableEntity[] };

/** One part of a planned multipart: its delimiter line and header block, then exactly one kind of body. */
interface PartPlan {
  head: string;
  raw: Buffer | undefined;
  b64: Buffer | undefined;
  text: string | undefined;
  nested: MultipartPlan | undefined;
  /** Encoded body length in bytes. */
  bytes: number;
}

interface MultipartPlan {
  contentType: string;
  boundary: string;
  parts: PartPlan[];
  close: string;
  /** Exact byte length of the multipart body. */
  size: number;
}

/** Serialise one entity: returns its own Content-Type header value and its body (without the entity's headers). */
export function buildMime(entity: MimeEntity, options: MimeBuildOptions = {}, path = "0"): { contentType: string; body: Buffer } {
  if (entity.parts) {
    const { contentType, body } = buildMultipart(entity, options, path);
    return { contentType, body };
  }
  return { contentType: formatContentType(entity.contentType, entity.params ?? {}), body: leafBody(entity) };
}

/**
 * Build a multipart entity into one buffer; also returns the boundary so callers need not parse it back out.
 *
 * Boundaries are chosen against the raw leaf bodies up front. Nested multiparts and string bodies only exist as
 * bytes once written, so they are checked in the output afterwards; in the (96-bit-unlikely) case one of them holds
 * its parent's delimiter, the whole entity is rebuilt part by part, which finds the same boundaries the format has
 * always had.
 */
export function buildMultipart(entity: WritableEntity, options: MimeBuildOptions, path: string): { contentType: string; body: Buffer; boundary: string } {
  const { contentType, chunks, boundary } = buildMultipartChunks(entity, options, path, false);
  return { contentType, body: chunks[0]!, boundary };
}

/**
 * The same bytes as buildMultipart, as a list of buffers to be written one after another. With `share`, the wrapped
 * base64 of frozen bodies is referenced, not copied, so a message that shares a 100 KB picture with a campaign
 * allocates only its own few KB (per-message buffers of a message's full size were most of a dispatch worker's
 * garbage collection); without it, or with nothing frozen, the body is one chunk.
 */
export function buildMultipartChunks(entity: WritableEntity, options: MimeBuildOptions, path: string, share = true): { contentType: string; chunks: Buffer[]; length: number; boundary: string } {
  const plan = planMultipart(entity, options, path);
  const shared = share ? sharedBytes(plan) : 0;
  const own = plan.size - shared;
  const out = Buffer.allocUnsafe(own);
  const cuts: Cuts | undefined = shared ? { chunks: [], from: 0 } : undefined;
  const end = writeMultipart(plan, out, 0, cuts);
  if (end < 0) {
    const { contentType, body, boundary } = buildMultipartPartByPart(entity, options, path);
    return { contentType, chunks: [body], length: body.length, boundary };
  }
  if (end !== own) throw new MimeError("MIME_BUILD_SIZE", `MIME writer sized ${own} bytes but wrote ${end}`);
  const chunks = cuts ? cuts.chunks : [out];
  if (cuts && end > cuts.from) chunks.push(out.subarray(cuts.from, end));
  return { contentType: plan.contentType, chunks, length: plan.size, boundary: plan.boundary };
}

/** Where the own-bytes buffer was last cut, and the chunks so far. */
interface Cuts {
  chunks: Buffer[];
  from: number;
}

/** Bytes of the plan that are frozen base64, referenced rather than written. */
function sharedBytes(plan: MultipartPlan): number {
  let n = 0;
  for (const pp of plan.parts) {
    if (pp.nested !== undefined) n += sharedBytes(pp.nested);
    else if (pp.b64 !== undefined && frozenLines.has(pp.b64)) n += pp.bytes;
  }
  return n;
}

function planMultipart(entity: WritableEntity, options: MimeBuildOptions, path: string): MultipartPlan {
  const children = entity.parts!;
  const n = children.length;
  const parts: PartPlan[] = new Array(n);
  const headers: string[] = new Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const p = children[i];
    const pp: PartPlan = { head: "", raw: undefined, b64: undefined, text: undefined, nested: undefined, bytes: 0 };
    let contentType: string;
    let cte: string | undefined;
    if (p.parts) {
      pp.nested = planMultipart(p, options, `${path}.${i}`);
      contentType = pp.nested.contentType;
      pp.bytes = pp.nested.size;
    } else {
      contentType = formatContentType(p.contentType, p.params ?? {});
      cte = transferEncodingFor(p, options);
      if (cte === "base64") {
        pp.b64 = leafBody(p);
        pp.bytes = base64LinesLength(pp.b64.length);
      } else if (p[UTF8_TEXT] !== undefined) {
        pp.text = p[UTF8_TEXT];
        pp.bytes = Buffer.byteLength(pp.text, "utf8");
      } else {
        pp.raw = leafBody(p);
        pp.bytes = pp.raw.length;
      }
    }
    headers[i] = partHeaders(p, contentType, cte);
    size += headers[i].length + pp.bytes;
    parts[i] = pp;
  }
  let attempt = 0;
  let boundary = makeBoundary(options.boundarySeed, path, attempt);
  // A boundary that occurs inside content would cut it; with 96 random bits this loop essentially never repeats.
  // Base64 text has no "-" so cannot hold a delimiter; nested and string bodies are checked once written.
  for (let needle = `--${boundary}`; parts.some((b) => b.raw !== undefined && b.raw.includes(needle, 0, "latin1")); needle = `--${boundary}`) {
    boundary = makeBoundary(options.boundarySeed, path, ++attempt);
  }
  // Delimiters: "--B\r\n" before the first part, "\r\n--B\r\n" between parts, "\r\n--B--\r\n" after the last
  // (just "--B--\r\n" when there are no parts).
  for (let i = 0; i < n; i++) {
    parts[i].head = (i === 0 ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`) + headers[i];
    size += parts[i].head.length - headers[i].length;
  }
  const close = n === 0 ? `--${boundary}--\r\n` : `\r\n--${boundary}--\r\n`;
  size += close.length;
  return { contentType: multipartContentType(entity, boundary), boundary, parts, close, size };
}

/**
 * Writes the planned multipart at out[o…]; returns the end offset, or -1 if a nested or string body holds a delimiter.
 * With `cuts`, frozen base64 is not written but becomes a chunk of its own between cuts of `out`.
 */
function writeMultipart(plan: MultipartPlan, out: Buffer, o: number, cuts?: Cuts): number {
  let needle: Buffer | undefined;
  for (const pp of plan.parts) {
    o += latin1Write.call(out, pp.head, o, pp.head.length);
    if (pp.raw !== undefined) o += pp.raw.copy(out, o);
    else if (pp.b64 !== undefined) {
      const lines = cuts && frozenLinesOf(pp.b64);
      if (lines) {
        if (o > cuts.from) cuts.chunks.push(out.subarray(cuts.from, o));
        cuts.chunks.push(lines);
        cuts.from = o;
      } else o = writeBase64LinesOnce(pp.b64, out, o);
    } else {
      const start = o;
      if (pp.nested !== undefined) {
        // Base64 holds no "-", so the delimiter check below is not fooled by a frozen body left out of `out`.
        o = writeMultipart(pp.nested, out, o, cuts);
        if (o < 0) return -1;
      } else o += utf8Write.call(out, pp.text!, o, pp.bytes);
      needle ??= Buffer.from(`--${plan.boundary}`, "latin1");
      if (out.subarray(start, o).includes(needle)) return -1;
    }
  }
  return o + latin1Write.call(out, plan.close, o, plan.close.length);
}

/** The straightforward writer: every part built to bytes first, boundary checked against each. */
function buildMultipartPartByPart(entity: WritableEntity, options: MimeBuildOptions, path: string): { contentType: string; body: Buffer; boundary: string } {
  const built = entity.parts!.map((p, i) => {
    if (p.parts) {
      const b = buildMultipartPartByPart(p, options, `${path}.${i}`);
      return { headers: partHeaders(p, b.contentType, undefined), encoded: b.body };
    }
    const cte = transferEncodingFor(p, options);
    const body = p[UTF8_TEXT] !== undefined ? Buffer.from(p[UTF8_TEXT], "utf8") : leafBody(p);
    return { headers: partHeaders(p, formatContentType(p.contentType, p.params ?? {}), cte), encoded: cte === "base64" ? base64Lines(body) : body };
  });
  let attempt = 0;
  let boundary = makeBoundary(options.boundarySeed, path, attempt);
  while (built.some((b) => b.encoded.includes(`--${boundary}`, 0, "latin1"))) {
    boundary = makeBoundary(options.boundarySeed, path, ++attempt);
  }
  const chunks: Buffer[] = [];
  built.forEach((b, i) => chunks.push(Buffer.from(`${i === 0 ? "" : "\r\n"}--${boundary}\r\n${b.headers}`, "latin1"), b.encoded));
  chunks.push(Buffer.from(`${built.length ? "\r\n" : ""}--${boundary}--\r\n`, "latin1"));
  const contentType = multipartContentType(entity, boundary);
  return { contentType, body: Buffer.concat(chunks), boundary };
}

/** Content-Type of a multipart: its params with boundary set, in the place of a caller-supplied one, else last. */
function multipartContentType(entity: WritableEntity, boundary: string): string {
  const params = entity.params;
  if (params !== undefined && Object.prototype.hasOwnProperty.call(params, "boundary")) {
    return formatContentType(entity.contentType, { ...params, boundary });
  }
  // makeBoundary output always holds "=" (so is quoted) and never a quote or backslash.
  return `${formatContentType(entity.contentType, params ?? {})}; boundary="${boundary}"`;
}

function leafBody(entity: MimeEntity): Buffer {
  // Bodies may arrive as plain Uint8Array (structuredClone, worker messages); Buffer methods are needed.
  return entity.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(entity.body) ? entity.body : Buffer.from(entity.body as Uint8Array);
}

/** "content-disposition" → "Content-Disposition": a letter at the start or after "-" is uppercased. */
const headerNameCache = new Map<string, string>();
function headerName(k: string): string {
  let out = headerNameCache.get(k);
  if (out !== undefined) return out;
  out = "";
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    out += (i === 0 || k.charCodeAt(i - 1) === 0x2d) && c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 32) : k[i];
  }
  if (headerNameCache.size < 256) headerNameCache.set(k, out);
  return out;
}

/** Header block text of one part, ending with the blank line. */
function partHeaders(entity: MimeEntity, contentType: string, cte: string | undefined): string {
  let h = `Content-Type: ${contentType}\r\n`;
  if (entity.contentId !== undefined) h += `Content-ID: <${normalizeContentId(entity.contentId)}>\r\n`;
  if (entity.contentLocation !== undefined) h += `Content-Location: ${entity.contentLocation}\r\n`;
  const extra = entity.headers;
  if (extra !== undefined) {
    for (const k in extra) {
      if (!Object.prototype.hasOwnProperty.call(extra, k) || k === "content-transfer-encoding") continue;
      h += `${headerName(k)}: ${extra[k]}\r\n`;
    }
  }
  if (cte) h += `Content-Transfer-Encoding: ${cte}\r\n`;
  return h + "\r\n";
}

function transferEncodingFor(entity: MimeEntity, options: MimeBuildOptions): string | undefined {
  if (entity.parts) return undefined;
  if (isTextual(entity.contentType)) return "8bit";
  return (options.binaryEncoding ?? "base64") === "base64" ? "base64" : "binary";
}
