/**
 * WSP Content-Type values (with typed parameters) and the WSP multipart body (uintvar entry count, then
 * headers-length / data-length / content-type / headers / data per entry).
 */
import { PduEncodeError } from "../errors";
import type { PduContentDisposition, PduContentType, PduPart } from "./types";
import { WspReader, WspWriter, charsetToMib, decodeUtf8 } from "./wsp-encoding";
import { CHARSETS, contentTypeCode, contentTypeName } from "./wsp-tables";

export const MAX_MULTIPART_DEPTH = 4;
export const MAX_PARTS = 512;

/** Well-known parameter codes -> name (WSP Table 38). */
const PARAM_NAMES: Record<number, string> = {
  0x00: "q",
  0x01: "charset",
  0x02: "level",
  0x03: "type",
  0x05: "name",
  0x06: "filename",
  0x07: "differences",
  0x08: "padding",
  0x09: "type",
  0x0a: "start",
  0x0b: "start-info",
  0x0c: "comment",
  0x0d: "domain",
  0x0e: "max-age",
  0x0f: "path",
  0x10: "secure",
  0x11: "sec",
  0x12: "mac",
  0x13: "creation-date",
  0x14: "modification-date",
  0x15: "read-date",
  0x16: "size",
  0x17: "name",
  0x18: "filename",
  0x19: "start",
  0x1a: "start-info",
  0x1b: "comment",
  0x1c: "domain",
  0x1d: "path",
};

function readParams(r: WspReader, params: Record<string, string>): void {
  while (r.remaining > 0) {
    const b = r.peek();
    let name: string;
    let value: string;
    if (b >= 0x80) {
      const code = r.integerValue();
      name = PARAM_NAMES[code] ?? `param-${code}`;
      switch (code) {
        case 0x01: {
          // Well-known-charset: Any-charset (0x80) | Integer-value; some senders use a text name.
          const c = r.peek();
          if (c === 0x80) {
            r.pos++;
            value = "*";
          } else if (c >= 0x20 && c < 0x80) value = r.textString().toLowerCase();
          else {
            const mib = r.integerValue();
            value = CHARSETS[mib] ?? String(mib);
          }
          break;
        }
        case 0x03:
        case 0x08:
        case 0x0e:
        case 0x11:
        case 0x16:
          value = String(r.integerValue());
          break;
        case 0x13:
        case 0x14:
        case 0x15:
          value = String(r.longInteger());
          break;
        case 0x09: {
          const c = r.peek();
          value = c >= 0x80 ? contentTypeName(r.shortInteger()) : r.textString();
          break;
        }
        case 0x10:
          r.byte();
          value = "";
          break;
        case 0x02: {
          const c = r.peek();
          value = c >= 0x80 ? String(r.shortInteger()) : r.textString();
          break;
        }
        default:
          value = r.peek() >= 0x80 || r.peek() < 0x20 ? r.skipValue().toString("hex") : r.quotedOrText();
      }
    } else if (b >= 0x20) {
      name = r.textString().toLowerCase();
      // Untyped-value: Integer-value | Text-value
      const c = r.remaining > 0 ? r.peek() : 0;
      if (r.remaining === 0) value = "";
      else if (c >= 0x80 || c <= 30) value = String(r.integerValue());
      else if (c === 0) {
        r.pos++;
        value = "";
      } else value = r.quotedOrText();
    } else {
      // Not a parameter: stop rather than misread the rest.
      r.fail("BAD_PARAMETER", `unexpected 0x${b.toString(16)} in content-type parameters`);
    }
    if (!(name in params)) params[name] = value;
  }
}

export function readContentType(r: WspReader): PduContentType {
  const b = r.peek();
  if (b >= 0x80) return { mediaType: contentTypeName(r.shortInteger()), params: {} };
  if (b >= 0x20) return { mediaType: r.textString(), params: {} };
  const len = r.valueLength();
  return r.within(len, () => {
    const c = r.peek();
    let mediaType: string;
    if (c >= 0x80) mediaType = contentTypeName(r.shortInteger());
    else if (c <= 30) mediaType = contentTypeName(r.longInteger());
    else mediaType = r.textString();
    const params: Record<string, string> = {};
    readParams(r, params);
    return { mediaType, params };
  });
}

function writeParam(w: WspWriter, name: string, value: string): void {
  switch (name) {
    case "charset":
      if (value === "*") w.byte(0x81).byte(0x80);
      else w.byte(0x81).integerValue(charsetToMib(value));
      return;
    case "type": {
      if (/^\d+$/.test(value)) {
        w.byte(0x83).integerValue(Number(value));
        return;
      }
      // Constrained-encoding keeps the multipart "type" short when it is a well-known type.
      const code = contentTypeCode(value);
      w.byte(0x89);
      if (code !== undefined && code < 128) w.shortInteger(code);
      else w.textString(value);
      return;
    }
    case "start":
      w.byte(0x8a).textString(value);
      return;
    case "start-info":
      w.byte(0x8b).textString(value);
      return;
    case "name":
      w.byte(0x85).textString(value);
      return;
    case "filename":
      w.byte(0x86).textString(value);
      return;
    case "level":
      if (/^\d+$/.test(value) && Number(value) < 128) w.byte(0x82).shortInteger(Number(value));
      else w.byte(0x82).textString(value);
      return;
    case "padding":
    case "max-age":
    case "size":
      w.byte(0x80 | (name === "padding" ? 0x08 : name === "max-age" ? 0x0e : 0x16)).integerValue(Number(value));
      return;
    default:
      w.textString(name);
      if (value === "") w.byte(0);
      else w.textString(value);
  }
}

export function writeContentType(w: WspWriter, ct: PduContentType): void {
  if (!ct || typeof ct.mediaType !== "string" || !ct.mediaType) {
    throw new PduEncodeError("BAD_CONTENT_TYPE", "content type must have a mediaType");
  }
  const code = contentTypeCode(ct.mediaType);
  const params = Object.entries(ct.params ?? {}).filter(([, v]) => v !== undefined);
  if (!params.length) {
    if (code !== undefined && code < 128) w.shortInteger(code);
    else w.textString(ct.mediaType);
    return;
  }
  w.withLength((x) => {
    if (code !== undefined && code < 128) x.shortInteger(code);
    else if (code !== undefined) x.longInteger(code);
    else x.textString(ct.mediaType);
    for (const [k, v] of params) writeParam(x, k.toLowerCase(), String(v));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Multipart

export function isMultipart(mediaType: string): boolean {
  const t = mediaType.toLowerCase();
  return t.startsWith("application/vnd.wap.multipart.") || t.startsWith("multipart/");
}

const DISPOSITIONS: Record<number, string> = { 0x80: "form-data", 0x81: "attachment", 0x82: "inline" };

function readDisposition(r: WspReader): PduContentDisposition {
  const len = r.valueLength();
  return r.within(len, () => {
    const b = r.peek();
    const disposition = b >= 0x80 ? (DISPOSITIONS[r.byte()] ?? `disposition-${b}`) : r.textString();
    const params: Record<string, string> = {};
    readParams(r, params);
    return { disposition, params };
  });
}

function readPartHeaders(r: WspReader, part: PduPart): void {
  while (r.remaining > 0) {
    const b = r.peek();
    if (b >= 0x80) {
      r.pos++;
      const code = b & 0x7f;
      if (code === 0x0e) part.contentLocation = r.textString();
      else if (code === 0x40) {
        const id = r.quotedOrText();
        part.contentId = id.startsWith("<") && id.endsWith(">") ? id.slice(1, -1) : id;
      } else if (code === 0x2e || code === 0x45) {
        if (r.peek() <= 31) part.contentDisposition = readDisposition(r);
        else (part.rawHeaders ??= []).push({ code, value: r.skipValue() });
      } else (part.rawHeaders ??= []).push({ code, value: r.skipValue() });
    } else if (b === 0x7f) {
      r.pos += 2; // Shift-delimiter + page: header code pages are not used by MMS
    } else if (b >= 0x20) {
      const name = r.textString();
      const value = r.remaining > 0 && r.peek() >= 0x20 && r.peek() < 0x80 ? r.textString() : r.skipValue().toString("latin1");
      (part.headers ??= []).push({ name, value });
    } else {
      r.pos++; // Short-cut-shift-delimiter (1..31): ignore page shifts
    }
  }
}

export function readMultipart(r: WspReader, depth: number): PduPart[] {
  if (depth > MAX_MULTIPART_DEPTH) r.fail("TOO_DEEP", `multipart nesting deeper than ${MAX_MULTIPART_DEPTH}`);
  const count = r.uintvar();
  // Each entry needs at least 3 bytes; a larger count is a lie we refuse before allocating anything.
  if (count > MAX_PARTS || count * 3 > r.remaining) {
    r.fail("BAD_LENGTH", `multipart claims ${count} entries in ${r.remaining} bytes`);
  }
  const parts: PduPart[] = [];
  for (let i = 0; i < count; i++) {
    const headersLen = r.uintvar();
    const dataLen = r.uintvar();
    if (headersLen + dataLen > r.remaining) {
      r.fail("BAD_LENGTH", `multipart entry ${i} claims ${headersLen}+${dataLen} bytes, ${r.remaining} left`);
    }
    const part = r.within(headersLen, () => {
      const p: PduPart = { contentType: readContentType(r) };
      readPartHeaders(r, p);
      return p;
    });
    if (isMultipart(part.contentType.mediaType) && dataLen > 0) {
      part.parts = r.within(dataLen, () => readMultipart(r, depth + 1));
    } else {
      part.data = r.bytes(dataLen);
    }
    parts.push(part);
  }
  return parts;
}

function writePartHeaders(w: WspWriter, p: PduPart): void {
  writeContentType(w, p.contentType);
  if (p.contentId !== undefined) {
    const id = p.contentId.startsWith("<") ? p.contentId : `<${p.contentId}>`;
    w.byte(0xc0).quotedString(id);
  }
  if (p.contentLocation !== undefined) w.byte(0x8e).textString(p.contentLocation);
  if (p.contentDisposition) {
    const d = p.contentDisposition;
    w.byte(0xae).withLength((x) => {
      const code = Number(Object.entries(DISPOSITIONS).find(([, v]) => v === d.disposition)?.[0] ?? NaN);
      if (Number.isFinite(code)) x.byte(code);
      else x.textString(d.disposition);
      for (const [k, v] of Object.entries(d.params ?? {})) writeParam(x, k, v);
    });
  }
  for (const h of p.rawHeaders ?? []) w.byte(0x80 | h.code).bytes(h.value);
  for (const h of p.headers ?? []) w.textString(h.name).textString(h.value);
}

export function writeMultipart(w: WspWriter, parts: PduPart[], depth = 0): void {
  if (depth > MAX_MULTIPART_DEPTH) throw new PduEncodeError("TOO_DEEP", "multipart nesting too deep");
  w.uintvar(parts.length);
  for (const p of parts) {
    const hw = new WspWriter(64);
    writePartHeaders(hw, p);
    const headers = hw.result();
    let data: Buffer;
    if (p.parts) {
      const dw = new WspWriter(1024);
      writeMultipart(dw, p.parts, depth + 1);
      data = dw.result();
    } else data = p.data ?? Buffer.alloc(0);
    w.uintvar(headers.length).uintvar(data.length).bytes(headers).bytes(data);
  }
}

export { decodeUtf8 };
