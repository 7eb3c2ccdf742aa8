/**
 * Minimal MIME (RFC 2045/2046/2387) reader and writer for MM7 SOAP-with-attachments.
 *
 * Written here rather than pulled from npm because MM7 needs the reader to be tolerant in specific ways seen in
 * real MMSC traffic (missing boundary parameter, LF-only line ends, transport padding after delimiters, a missing
 * closing delimiter, Content-ID with or without <>), and bounded in the ways a public gateway needs (nesting
 * depth, part count, total size), while the writer must be deterministic so identical input gives identical bytes.
 */
import { createHash, randomBytes } from "node:crypto";
import { MimeError } from "./errors.js";

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

function needsQuoting(v: string): boolean {
  return !/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(v);
}

export function formatContentType(mediaType: string, params: Record<string, string> = {}): string {
  let out = mediaType;
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out += `; ${k}=${needsQuoting(v) ? `"${v.replace(/(["\\])/g, "\\$1")}"` : v}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reader

interface ParseState {
  limits: Required<MimeLimits>;
  parts: number;
}

/** Parse a MIME body whose Content-Type header value is given (the HTTP header for the outermost entity). */
export function parseMime(body: Buffer, contentType: string | undefined, limits: MimeLimits = {}): MimeEntity {
  const lim = { ...DEFAULT_MIME_LIMITS, ...limits };
  if (body.length > lim.maxBytes) {
    throw new MimeError("BODY_TOO_LARGE", `MIME body of ${body.length} bytes exceeds the limit of ${lim.maxBytes}`);
  }
  const ct = parseContentType(contentType);
  return parseEntityBody(body, ct, {}, { limits: lim, parts: 0 }, 0);
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
    entity.body = decodeTransfer(body, headers["content-transfer-encoding"]);
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

function decodeTransfer(body: Buffer, cte: string | undefined): Buffer {
  const enc = (cte ?? "").trim().toLowerCase();
  if (enc === "base64") return Buffer.from(body.toString("latin1"), "base64");
  if (enc === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
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

export interface MimeBuildOptions {
  /** Same seed + same content => same boundaries. Without it boundaries are random. */
  boundarySeed?: string;
  /** How leaves that are not text are written. Base64 is the safe default for old MMSCs. */
  binaryEncoding?: "base64" | "binary";
}

function isTextual(mediaType: string): boolean {
  return mediaType.startsWith("text/") || mediaType === "application/smil" || mediaType.endsWith("+xml") || mediaType === "application/xml";
}

/** Encode base64 with 76-column CRLF lines (RFC 2045) without building an intermediate string per line. */
export function base64Lines(data: Buffer): Buffer {
  // One native base64 pass, then line breaks via string slices and a single latin1 write: per-line Buffer
  // operations (copy, subarray, write) cost more than the base64 itself and dominated SubmitReq encoding.
  const b64 = data.toString("base64");
  let s = "";
  for (let i = 0; i < b64.length; i += 76) s += b64.slice(i, i + 76) + "\r\n";
  return Buffer.from(s, "latin1");
}

export function makeBoundary(seed: string | undefined, path: string, attempt = 0): string {
  const token = seed === undefined
    ? randomBytes(12).toString("hex")
    : createHash("sha256").update(`${seed}\u0000${path}\u0000${attempt}`).digest("hex").slice(0, 24);
  return `----=_Part_${token}`;
}

/** Serialise one entity: returns its own Content-Type header value and its body (without the entity's headers). */
export function buildMime(entity: MimeEntity, options: MimeBuildOptions = {}, path = "0"): { contentType: string; body: Buffer } {
  if (entity.parts) {
    const chunks: Buffer[] = [];
    const built = entity.parts.map((p, i) => {
      const b = buildMime(p, options, `${path}.${i}`);
      return { entity: p, contentType: b.contentType, encodedBody: encodedBodyOf(p, b.body, options) };
    });
    for (const b of built) {
      chunks.push(partHeaders(b.entity, b.contentType, options));
      chunks.push(b.encodedBody);
    }
    let attempt = 0;
    let boundary = makeBoundary(options.boundarySeed, path, attempt);
    // A boundary that occurs inside content would cut it; with 96 random bits this loop essentially never repeats.
    while (built.some((b) => b.encodedBody.includes(`--${boundary}`, 0, "latin1"))) {
      boundary = makeBoundary(options.boundarySeed, path, ++attempt);
    }
    const delim = Buffer.from(`--${boundary}\r\n`, "latin1");
    const mid = Buffer.from(`\r\n--${boundary}\r\n`, "latin1");
    const close = Buffer.from(`\r\n--${boundary}--\r\n`, "latin1");
    const out: Buffer[] = [];
    for (let i = 0; i < built.length; i++) {
      out.push(i === 0 ? delim : mid, chunks[i * 2], chunks[i * 2 + 1]);
    }
    out.push(built.length ? close : Buffer.from(`--${boundary}--\r\n`, "latin1"));
    const params = { ...(entity.params ?? {}), boundary };
    return { contentType: formatContentType(entity.contentType, params), body: Buffer.concat(out) };
  }
  // Bodies may arrive as plain Uint8Array (structuredClone, worker messages); Buffer methods are needed below.
  const body = entity.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(entity.body) ? entity.body : Buffer.from(entity.body as Uint8Array);
  return { contentType: formatContentType(entity.contentType, entity.params ?? {}), body };
}

/** Headers block (ending with the blank line) plus the transfer-encoded body for one part. */
function partHeaders(entity: MimeEntity, contentType: string, options: MimeBuildOptions): Buffer {
  let h = `Content-Type: ${contentType}\r\n`;
  if (entity.contentId !== undefined) h += `Content-ID: <${normalizeContentId(entity.contentId)}>\r\n`;
  if (entity.contentLocation !== undefined) h += `Content-Location: ${entity.contentLocation}\r\n`;
  for (const [k, v] of Object.entries(entity.headers ?? {})) {
    if (k === "content-transfer-encoding") continue;
    h += `${k.replace(/(^|-)([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase())}: ${v}\r\n`;
  }
  const cte = transferEncodingFor(entity, options);
  if (cte) h += `Content-Transfer-Encoding: ${cte}\r\n`;
  return Buffer.from(h + "\r\n", "latin1");
}

function transferEncodingFor(entity: MimeEntity, options: MimeBuildOptions): string | undefined {
  if (entity.parts) return undefined;
  if (isTextual(entity.contentType)) return "8bit";
  return (options.binaryEncoding ?? "base64") === "base64" ? "base64" : "binary";
}

function encodedBodyOf(entity: MimeEntity, body: Buffer, options: MimeBuildOptions): Buffer {
  return transferEncodingFor(entity, options) === "base64" ? base64Lines(body) : body;
}
