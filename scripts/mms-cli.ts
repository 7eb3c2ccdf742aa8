/**
 * Postino MMS codec CLI (npm run mms -- ...):
 *   decode FILE            dump an MMS PDU (raw, or wrapped in a WSP push)
 *   encode FILE.json [OUT] encode a PDU described as JSON (MmsPdu; dates as ISO strings, data as base64) to OUT or stdout as hex
 *   mm7 parse FILE         dump an MM7 SOAP message (body, or a captured HTTP request/response)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { decodeMm7, decodePdu, encodePdu, parseWapPush, splitHttpMessage, type MimeEntity, type MmsPdu, type PduPart } from "../lib/mms/index.js";

function usage(): never {
  console.error("usage: mms-cli decode FILE | encode FILE.json [OUT] | mm7 parse FILE");
  process.exit(2);
}

function show(v: unknown): string {
  return JSON.stringify(
    v,
    (_k, x) => {
      if (x && typeof x === "object" && (x as { type?: string }).type === "Buffer" && Array.isArray((x as { data?: unknown }).data)) {
        const b = Buffer.from((x as { data: number[] }).data);
        const printable = b.length <= 2000 && /^[\t\r\n\x20-\x7e]*$/.test(b.toString("latin1"));
        return printable ? `<${b.length} bytes> ${b.toString("latin1")}` : `<${b.length} bytes> ${b.subarray(0, 16).toString("hex")}${b.length > 16 ? "…" : ""}`;
      }
      return x;
    },
    2,
  );
}

function reviveParts(parts: PduPart[] | undefined): PduPart[] | undefined {
  return parts?.map((p) => ({ ...p, data: typeof p.data === "string" ? Buffer.from(p.data, "base64") : p.data, parts: reviveParts(p.parts) }));
}

function revivePdu(j: Record<string, unknown>): MmsPdu {
  const p = { ...j } as unknown as MmsPdu & Record<string, unknown>;
  if (typeof j.date === "string") p.date = new Date(j.date);
  for (const k of ["expiry", "deliveryTime", "replyChargingDeadline"] as const) {
    const t = j[k] as { absolute?: string } | undefined;
    if (t && typeof t.absolute === "string") (p as Record<string, unknown>)[k] = { absolute: new Date(t.absolute) };
  }
  if (typeof j.body === "string") p.body = Buffer.from(j.body, "base64");
  p.parts = reviveParts(j.parts as PduPart[] | undefined);
  return p;
}

function dumpMime(e: MimeEntity, indent = ""): string {
  let out = `${indent}${e.contentType}${e.contentId ? ` cid:${e.contentId}` : ""}${e.contentLocation ? ` location:${e.contentLocation}` : ""}`;
  if (e.body) out += ` (${e.body.length} bytes)`;
  out += "\n";
  for (const p of e.parts ?? []) out += dumpMime(p, indent + "  ");
  return out;
}

const [cmd, a1, a2, a3] = process.argv.slice(2);
try {
  if (cmd === "decode" && a1) {
    let bytes: Buffer = readFileSync(a1);
    if (bytes[0] !== 0x8c) {
      const push = parseWapPush(bytes);
      console.log(`WAP push: tid=${push.transactionId} content-type=${push.contentType} app-id=${String(push.applicationId)}`);
      bytes = push.body;
    }
    console.log(show(decodePdu(bytes, { unknownHeaders: "keep" })));
  } else if (cmd === "encode" && a1) {
    const pdu = revivePdu(JSON.parse(readFileSync(a1, "utf8")) as Record<string, unknown>);
    const out = encodePdu(pdu);
    if (a2) {
      writeFileSync(a2, out);
      console.log(`wrote ${out.length} bytes to ${a2}`);
    } else console.log(out.toString("hex"));
  } else if (cmd === "mm7" && a1 === "parse" && a2) {
    let body: Buffer = readFileSync(a2);
    let ct = a3;
    const http = splitHttpMessage(body);
    if (http) {
      console.log(http.startLine);
      body = http.body;
      ct = ct ?? http.headers["content-type"];
    }
    const m = decodeMm7(body, ct);
    const content = "content" in m ? m.content : undefined;
    console.log(show({ ...m, content: undefined }));
    if (content) console.log(`content:\n${dumpMime(content, "  ")}`);
  } else usage();
} catch (e) {
  const err = e as Error & { code?: string };
  console.error(`${err.name}${err.code ? ` [${err.code}]` : ""}: ${err.message}`);
  process.exit(1);
}
