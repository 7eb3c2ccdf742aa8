/** Shared test helpers for lib/mms: fixture location, tshark oracle, value formatting as tshark prints it. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildWapPush, INSERT_ADDRESS, type MmsPdu } from "../../../lib/mms/index.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const FIXTURES = path.resolve(REPO_ROOT, "../shared/fixtures");
export const HAS_FIXTURES = existsSync(path.join(FIXTURES, "mms-pdu")) && existsSync(path.join(FIXTURES, "mm7"));
export const NO_FIXTURES_REASON = `fixtures folder ${FIXTURES} is absent`;

export function pduFixtureFiles(): Array<{ name: string; file: string }> {
  if (!HAS_FIXTURES) return [];
  const out: Array<{ name: string; file: string }> = [];
  for (const dir of ["ofono", "python-messaging"]) {
    for (const f of readdirSync(path.join(FIXTURES, "mms-pdu", dir)).sort()) {
      out.push({ name: f, file: path.join(FIXTURES, "mms-pdu", dir, f) });
    }
  }
  return out;
}

export function mm7Fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, "mm7", "instantcom", name));
}

/** Seeded PRNG (mulberry32) so fuzz and generated data are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function tsharkAvailable(): boolean {
  try {
    execFileSync("tshark", ["--version"], { stdio: "ignore" });
    execFileSync("text2pcap", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export type TsharkLayers = Record<string, unknown>;

/**
 * Decode PDUs with Wireshark's MMSE dissector: each PDU is wrapped in a connectionless WSP push and exported to
 * the wsp-cl dissector (text2pcap -P wsp-cl; no IP/UDP size limit). Returns one { mmse, wsp } per PDU.
 */
export function tsharkDecode(pdus: Buffer[]): Array<{ mmse: TsharkLayers; wsp: TsharkLayers }> {
  const dir = mkdtempSync(path.join(tmpdir(), "postino-tshark-"));
  try {
    let hex = "";
    for (const p of pdus) {
      // text2pcap caps a frame at 256 KB; headers are all we compare, so cut big bodies.
      const w = buildWapPush(p.length > 200_000 ? p.subarray(0, 200_000) : p);
      for (let i = 0; i < w.length; i += 16) {
        hex += i.toString(16).padStart(6, "0") + " " + [...w.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, "0")).join(" ") + "\n";
      }
    }
    writeFileSync(path.join(dir, "in.hex"), hex);
    execFileSync("text2pcap", ["-q", "-P", "wsp-cl", path.join(dir, "in.hex"), path.join(dir, "out.pcap")], { stdio: "pipe" });
    const json = execFileSync("tshark", ["-r", path.join(dir, "out.pcap"), "-T", "json", "--no-duplicate-keys"], {
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 256 * 1024 * 1024,
    }).toString("utf8");
    const packets = JSON.parse(json) as Array<{ _source: { layers: Record<string, TsharkLayers> } }>;
    return packets.map((p) => ({ mmse: p._source.layers.mmse ?? {}, wsp: p._source.layers.wsp ?? {} }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** tshark's absolute time format, e.g. "Aug  9, 2002 13:08:02.000000000 UTC". */
export function tsharkDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())}.000000000 UTC`;
}

/** tshark 4.0 shows each non-ASCII byte of an MMS string as U+FFFD; map our decoded text the same way. */
export function tsharkText(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) out += b >= 0x80 ? "\ufffd" : String.fromCharCode(b);
  return out;
}

const hex = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
const CLASS_IDS: Record<string, number> = { personal: 0x80, advertisement: 0x81, informational: 0x82, auto: 0x83 };
const STATUS_IDS = ["Expired", "Retrieved", "Rejected", "Deferred", "Unrecognised", "Indeterminate", "Forwarded", "Unreachable"];
const TYPE_IDS: Record<string, number> = {
  "m-send-req": 0x80, "m-send-conf": 0x81, "m-notification-ind": 0x82, "m-notifyresp-ind": 0x83, "m-retrieve-conf": 0x84,
  "m-acknowledge-ind": 0x85, "m-delivery-ind": 0x86, "m-read-rec-ind": 0x87, "m-read-orig-ind": 0x88,
};

function one(list: string[]): string | string[] {
  return list.length === 1 ? list[0] : list;
}

/** What tshark should print for the header fields of a PDU (mmse.* field name -> value). */
export function expectedTsharkFields(p: MmsPdu): Record<string, string | string[]> {
  const f: Record<string, string | string[]> = {};
  f["mmse.message_type"] = hex(TYPE_IDS[p.type]);
  if (p.transactionId !== undefined) f["mmse.transaction_id"] = p.transactionId;
  f["mmse.mms_version"] = p.mmsVersion;
  if (p.messageId !== undefined) f["mmse.message_id"] = p.messageId;
  if (p.date) f["mmse.date"] = tsharkDate(p.date);
  if (p.from !== undefined) f["mmse.from"] = p.from === INSERT_ADDRESS ? "<insert address>" : tsharkText(p.from);
  if (p.to?.length) f["mmse.to"] = one(p.to.map(tsharkText));
  if (p.cc?.length) f["mmse.cc"] = one(p.cc.map(tsharkText));
  if (p.bcc?.length) f["mmse.bcc"] = one(p.bcc.map(tsharkText));
  if (p.subject !== undefined) f["mmse.subject"] = tsharkText(p.subject);
  if (p.messageClass !== undefined) {
    const id = CLASS_IDS[p.messageClass.toLowerCase()];
    if (id !== undefined) f["mmse.message_class.id"] = hex(id);
    else f["mmse.message_class.str"] = p.messageClass;
  }
  if (p.priority) f["mmse.priority"] = hex(0x80 + ["Low", "Normal", "High"].indexOf(p.priority));
  if (p.messageSize !== undefined) f["mmse.message_size"] = String(p.messageSize);
  if (p.expiry) {
    if ("absolute" in p.expiry) f["mmse.expiry.abs"] = tsharkDate(p.expiry.absolute);
    else f["mmse.expiry.rel"] = `${p.expiry.relativeSeconds}.000000000`;
  }
  if (p.deliveryTime) {
    if ("absolute" in p.deliveryTime) f["mmse.delivery_time.abs"] = tsharkDate(p.deliveryTime.absolute);
    else f["mmse.delivery_time.rel"] = `${p.deliveryTime.relativeSeconds}.000000000`;
  }
  if (p.deliveryReport !== undefined) f["mmse.delivery_report"] = p.deliveryReport ? "0x80" : "0x81";
  if (p.readReport !== undefined) f["mmse.read_report"] = p.readReport ? "0x80" : "0x81";
  if (p.reportAllowed !== undefined) f["mmse.report_allowed"] = p.reportAllowed ? "0x80" : "0x81";
  if (p.senderVisibility) f["mmse.sender_visibility"] = p.senderVisibility === "Hide" ? "0x80" : "0x81";
  if (p.contentLocation !== undefined) f["mmse.content_location"] = p.contentLocation;
  if (p.status) f["mmse.status"] = hex(0x80 + STATUS_IDS.indexOf(p.status));
  if (p.responseStatus !== undefined) f["mmse.response_status"] = hex(p.responseStatus);
  if (p.responseText !== undefined) f["mmse.response_text"] = tsharkText(p.responseText);
  if (p.retrieveStatus !== undefined) f["mmse.retrieve_status"] = hex(p.retrieveStatus);
  if (p.retrieveText !== undefined) f["mmse.retrieve_text"] = tsharkText(p.retrieveText);
  if (p.readStatus) f["mmse.read_status"] = p.readStatus === "Read" ? "0x80" : "0x81";
  if (p.replyCharging !== undefined) f["mmse.reply_charging"] = hex(p.replyCharging);
  if (p.replyChargingDeadline) {
    if ("absolute" in p.replyChargingDeadline) f["mmse.reply_charging_deadline.abs"] = tsharkDate(p.replyChargingDeadline.absolute);
    else f["mmse.reply_charging_deadline.rel"] = `${p.replyChargingDeadline.relativeSeconds}.000000000`;
  }
  if (p.replyChargingId !== undefined) f["mmse.reply_charging_id"] = p.replyChargingId;
  if (p.replyChargingSize !== undefined) f["mmse.reply_charging_size"] = String(p.replyChargingSize);
  // tshark 4.0 has no named fields for the MMS 1.3 headers; it prints them generically, in wire order.
  const uints: string[] = [];
  const CLASSES = ["text", "image-basic", "image-rich", "video-basic", "video-rich", "megapixel", "content-basic", "content-rich"];
  if (p.contentClass !== undefined) uints.push(String(0x80 + CLASSES.indexOf(p.contentClass)));
  for (const b of [p.drmContent, p.distributionIndicator, p.adaptationAllowed]) if (b !== undefined) uints.push(b ? "128" : "129");
  if (uints.length) f["mmse.header.uint"] = one(uints);
  const strs = [p.applicId, p.replyApplicId, p.auxApplicInfo].filter((x): x is string => x !== undefined);
  if (strs.length) f["mmse.header.string"] = one(strs);
  return f;
}

/** Body and Content-Type of a fixture that may or may not start with HTTP headers. */
export function splitHttp(raw: Buffer): { body: Buffer; contentType?: string } {
  const head = raw.toString("latin1", 0, 16);
  if (!/^(POST|HTTP\/)/.test(head)) return { body: raw };
  const i = raw.indexOf("\n\n") >= 0 ? raw.indexOf("\n\n") : raw.indexOf("\r\n\r\n");
  const headers = raw.toString("latin1", 0, i);
  const ct = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim();
  return { body: raw.subarray(i + (raw[i] === 0x0a ? 2 : 4)), contentType: ct };
}

/** Byte-level mutation for fuzzing: flips, truncation, deletion, insertion of WSP-significant octets, splices. */
export function mutate(src: Buffer, rand: () => number): Buffer {
  const b = Buffer.from(src);
  const ops = 1 + Math.floor(rand() * 4);
  let out = b;
  for (let k = 0; k < ops; k++) {
    const r = rand();
    const pos = Math.floor(rand() * Math.max(1, out.length));
    if (r < 0.4) out[pos] = Math.floor(rand() * 256); // byte flip
    else if (r < 0.55) out[pos] ^= 1 << Math.floor(rand() * 8); // bit flip
    else if (r < 0.7) out = out.subarray(0, pos); // truncate
    else if (r < 0.8) out = Buffer.concat([out.subarray(0, pos), out.subarray(Math.min(out.length, pos + 1 + Math.floor(rand() * 8)))]); // delete
    else if (r < 0.9) {
      const ins = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 6) }, () => [0x00, 0x1f, 0x7f, 0x80, 0xff, Math.floor(rand() * 256)][Math.floor(rand() * 6)]));
      out = Buffer.concat([out.subarray(0, pos), ins, out.subarray(pos)]);
    } else {
      const from = Math.floor(rand() * out.length);
      out = Buffer.concat([out.subarray(0, pos), out.subarray(from, from + 16), out.subarray(pos)]); // splice a copy
    }
  }
  return out;
}

