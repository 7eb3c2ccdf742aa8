/**
 * Tolerant MM7 reader: HTTP body (+ Content-Type) -> typed Mm7Message.
 *
 * Tolerance follows what real MMSCs send: any namespace prefix or none, any MM7 namespace (even malformed ones),
 * element names compared case-insensitively, unknown elements ignored, "/TYPE=PLMN" suffixes stripped, MMStatus in
 * any case and either spelling, a missing `start` parameter or `cid:` prefix, LF-only multiparts, base64 /
 * quoted-printable / binary parts, faults with namespaced or bare detail. Everything else fails with Mm7ParseError.
 */
import iconv from "iconv-lite";
import { MmsCodecError, Mm7ParseError } from "../errors";
import type { DecodedBodies } from "../decoded-bodies";
import { normalizeContentId, parseContentType, parseMime, type MimeEntity, type MimeLimits } from "../mime";
import { child, children, childText, lname, namespaceOf, parseXml, type XNode } from "../xml";
import { normalizeMmStatus } from "./status";
import type {
  Mm7Address,
  Mm7ChargedParty,
  Mm7Common,
  Mm7Message,
  Mm7MessageClass,
  Mm7Priority,
  Mm7Recipients,
  Mm7SenderIdentification,
  Mm7Status,
  Mm7Time,
  Mm7UaCapabilities,
  Mm7SubmitReq,
  Mm7SubmitRsp,
  Mm7DeliverReq,
  Mm7DeliverRsp,
  Mm7CancelReq,
  Mm7ReplaceReq,
  Mm7DeliveryReportReq,
  Mm7ReadReplyReq,
} from "./types";

export interface Mm7DecodeOptions {
  /** Largest HTTP body accepted (default 20 MiB). */
  maxBodyBytes?: number;
  /** MIME limits for attachments (depth, parts). */
  mime?: MimeLimits;
  /** Use the general XML parser only (tests cross-check the fast path with it). */
  forceGeneralXml?: boolean;
  /** Decoded attachment bodies to reuse when the same part arrives again (an MMSC receiving a campaign). */
  decodedBodies?: DecodedBodies;
}

export const DEFAULT_MM7_MAX_BODY = 20 * 1024 * 1024;

const OPS: Record<string, Mm7Message["type"]> = {
  submitreq: "SubmitReq",
  submitrsp: "SubmitRsp",
  deliverreq: "DeliverReq",
  deliverrsp: "DeliverRsp",
  cancelreq: "CancelReq",
  cancelrsp: "CancelRsp",
  replacereq: "ReplaceReq",
  replacersp: "ReplaceRsp",
  deliveryreportreq: "DeliveryReportReq",
  deliveryreportrsp: "DeliveryReportRsp",
  readreplyreq: "ReadReplyReq",
  readreplyrsp: "ReadReplyRsp",
  rserrorrsp: "RSErrorRsp",
  vasperrorrsp: "VASPErrorRsp",
};

/** Decode an MM7 HTTP body. `contentType` is the HTTP Content-Type header (may be missing: it is then sniffed). */
export function decodeMm7(body: Buffer | string, contentType?: string, options: Mm7DecodeOptions = {}): Mm7Message {
  try {
    return decodeInner(typeof body === "string" ? Buffer.from(body, "utf8") : body, contentType, options);
  } catch (e) {
    if (e instanceof Mm7ParseError) throw e;
    if (e instanceof MmsCodecError) throw new Mm7ParseError(e.code, e.message, { cause: e });
    throw new Mm7ParseError("INTERNAL", `MM7 decode failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function looksMultipart(body: Buffer): boolean {
  let i = 0;
  while (i < body.length && i < 1024 && (body[i] === 0x0d || body[i] === 0x0a || body[i] === 0x20 || body[i] === 0x09)) i++;
  return body[i] === 0x2d && body[i + 1] === 0x2d;
}

function decodeInner(body: Buffer, contentType: string | undefined, options: Mm7DecodeOptions): Mm7Message {
  const max = options.maxBodyBytes ?? DEFAULT_MM7_MAX_BODY;
  if (body.length > max) throw new Mm7ParseError("BODY_TOO_LARGE", `MM7 body of ${body.length} bytes exceeds ${max}`);
  if (!Buffer.isBuffer(body)) throw new Mm7ParseError("INVALID_INPUT", "body must be a Buffer or string");
  const ct = parseContentType(contentType);
  let xmlBytes: Buffer;
  let xmlCharset = ct.params.charset;
  let attachments: MimeEntity | undefined;
  let start: string | undefined;
  // Bodies are sniffed as well: some MMSCs label a multipart body text/xml, some omit the header altogether.
  if (ct.mediaType.startsWith("multipart/") || looksMultipart(body)) {
    const effectiveCt = ct.mediaType.startsWith("multipart/") ? contentType : "multipart/related";
    attachments = parseMime(body, effectiveCt, { maxBytes: max, ...options.mime }, options.decodedBodies);
    const parts = attachments.parts ?? [];
    if (!parts.length) throw new Mm7ParseError("NO_SOAP_PART", "multipart MM7 body has no parts");
    start = normalizeContentId(ct.params.start);
    const soap =
      (start !== undefined ? parts.find((p) => p.contentId === start) : undefined) ??
      parts.find((p) => p.contentType === "text/xml" || p.contentType === "application/soap+xml") ??
      parts[0];
    if (!soap.body) throw new Mm7ParseError("NO_SOAP_PART", "SOAP part is not a leaf entity");
    xmlBytes = soap.body;
    xmlCharset = soap.params?.charset ?? xmlCharset;
    attachments = { ...attachments, parts: parts.filter((p) => p !== soap) };
  } else {
    xmlBytes = body;
  }
  const xml = bytesToText(xmlBytes, xmlCharset);
  if (!xml.trim()) throw new Mm7ParseError("EMPTY_BODY", "MM7 body is empty");
  const root = parseXml(xml, { forceGeneral: options.forceGeneralXml });
  const msg = fromEnvelope(root);
  if (attachments && (msg.type === "SubmitReq" || msg.type === "DeliverReq" || msg.type === "ReplaceReq")) {
    const content = pickContent(attachments.parts ?? [], msg.contentHref);
    if (content) msg.content = content;
  }
  return msg;
}

function bytesToText(b: Buffer, charset: string | undefined): string {
  const cs = (charset ?? "utf-8").toLowerCase();
  let s: string;
  if (cs === "utf-8" || cs === "utf8" || cs === "us-ascii" || !iconv.encodingExists(cs)) s = b.toString("utf8");
  else s = iconv.decode(b, cs);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Content by href (cid: or Content-Location), else the first remaining part (Mbuni does the same). */
function pickContent(parts: MimeEntity[], href: string | undefined): MimeEntity | undefined {
  if (!parts.length) return undefined;
  if (href !== undefined) {
    const id = normalizeContentId(href);
    const byId = parts.find((p) => p.contentId !== undefined && p.contentId === id);
    if (byId) return byId;
    const byLoc = parts.find((p) => p.contentLocation !== undefined && p.contentLocation === href.trim());
    if (byLoc) return byLoc;
  }
  return parts.find((p) => p.contentType !== "text/xml") ?? parts[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Envelope

function fromEnvelope(root: XNode): Mm7Message {
  let header: XNode | undefined;
  let op: XNode | undefined;
  let fault: XNode | undefined;
  const chain: XNode[] = [root];
  if (lname(root) === "envelope") {
    header = child(root, "header");
    const body = child(root, "body");
    if (!body) throw new Mm7ParseError("NO_BODY", "SOAP envelope without Body");
    chain.push(body);
    const first = body.children[0];
    if (!first) throw new Mm7ParseError("NO_OPERATION", "SOAP Body is empty");
    if (lname(first) === "fault") {
      fault = first;
      chain.push(first);
      const detail = child(first, "detail");
      if (detail) {
        chain.push(detail);
        op = detail.children.find((c) => OPS[lname(c)] !== undefined) ?? detail.children[0];
      }
    } else {
      op = body.children.find((c) => OPS[lname(c)] !== undefined) ?? first;
    }
  } else if (OPS[lname(root)]) {
    op = root; // bare body element without envelope
    chain.length = 0;
  } else {
    throw new Mm7ParseError("NOT_SOAP", `expected a SOAP Envelope, got <${root.name}>`);
  }
  const tidNode = child(header, "transactionid");
  const transactionId = tidNode ? tidNode.text.trim() : "";

  if (fault && (!op || !OPS[lname(op)])) {
    // A fault without an MM7 detail still has to reach the caller as an error response.
    const fc = stripPrefix(childText(fault, "faultcode") ?? "Server");
    const fs = childText(fault, "faultstring");
    return {
      type: "RSErrorRsp",
      transactionId,
      status: { code: /client/i.test(fc) ? 2000 : 3000, ...(fs ? { text: fs } : {}) },
      fault: { code: fc, ...(fs !== undefined ? { string: fs } : {}) },
    };
  }
  if (!op) throw new Mm7ParseError("NO_OPERATION", "SOAP Body has no MM7 operation");
  const type = OPS[lname(op)];
  if (!type) throw new Mm7ParseError("UNKNOWN_OPERATION", `unknown MM7 operation <${op.name}>`);
  const common: Mm7Common = { transactionId };
  const mm7Version = childText(op, "mm7version");
  if (mm7Version) common.mm7Version = mm7Version;
  const ns = namespaceOf(chain, op);
  if (ns) common.namespace = ns;
  const msg = mapOperation(type, op, common);
  if (fault && (msg.type === "RSErrorRsp" || msg.type === "VASPErrorRsp")) {
    const fs = childText(fault, "faultstring");
    msg.fault = { code: stripPrefix(childText(fault, "faultcode") ?? ""), ...(fs !== undefined ? { string: fs } : {}) };
  }
  return msg;
}

function stripPrefix(s: string): string {
  const i = s.indexOf(":");
  return i >= 0 ? s.slice(i + 1) : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

const TYPE_SUFFIX = /\/TYPE=[A-Za-z0-9]+$/i;

function addressValue(raw: string): { value: string; raw?: string } {
  const t = raw.trim();
  const v = t.replace(TYPE_SUFFIX, "").trim();
  return v === raw ? { value: v } : { value: v, raw };
}

function guessKind(v: string): Mm7Address["kind"] {
  if (v.includes("@")) return "email";
  return /^\d{1,6}$/.test(v) ? "shortCode" : "number";
}

/** Parse a container like <Sender>, <SenderAddress>, <Recipient> (typed child, or plain text in MM7 <= 5.1). */
function addressIn(node: XNode | undefined): Mm7Address | undefined {
  if (!node) return undefined;
  for (const c of node.children) {
    const a = addressNode(c);
    if (a) return a;
  }
  const text = node.text.trim();
  if (!text) return undefined;
  const av = addressValue(text);
  return { kind: guessKind(av.value), ...av };
}

function addressNode(c: XNode): Mm7Address | undefined {
  const n = lname(c);
  const kind = n === "number" ? "number" : n === "shortcode" ? "shortCode" : n === "rfc2822address" ? "email" : undefined;
  if (!kind) return undefined;
  const a: Mm7Address = { kind, ...addressValue(c.text) };
  if (bool(c.attrs.displayOnly ?? c.attrs.displayonly)) a.displayOnly = true;
  return a;
}

function addressList(node: XNode | undefined): Mm7Address[] | undefined {
  if (!node) return undefined;
  const out: Mm7Address[] = [];
  for (const c of node.children) {
    const a = addressNode(c);
    if (a) out.push(a);
  }
  return out;
}

function recipients(node: XNode | undefined): Mm7Recipients | undefined {
  if (!node) return undefined;
  const r: Mm7Recipients = {};
  const to = addressList(child(node, "to"));
  const cc = addressList(child(node, "cc"));
  const bcc = addressList(child(node, "bcc"));
  if (to) r.to = to;
  if (cc) r.cc = cc;
  if (bcc) r.bcc = bcc;
  return r;
}

function bool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (t === "true" || t === "1" || t === "yes") return true;
  if (t === "false" || t === "0" || t === "no") return false;
  return undefined;
}

export function parseMm7Time(v: string | undefined): Mm7Time | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (!t) return undefined;
  if (/^-?P/.test(t)) return { relative: t };
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function status(op: XNode, required: boolean): Mm7Status {
  const st = child(op, "status");
  const codeText = childText(st, "statuscode");
  const code = codeText !== undefined && /^\s*\d+\s*$/.test(codeText) ? Number(codeText) : NaN;
  if (!st || Number.isNaN(code)) {
    if (!required) return { code: 0 };
    throw new Mm7ParseError("MISSING_STATUS", `<${op.name}> without a numeric Status/StatusCode`);
  }
  const out: Mm7Status = { code };
  const text = childText(st, "statustext");
  if (text !== undefined) out.text = text;
  const details = child(st, "details");
  if (details) out.details = allText(details).trim();
  return out;
}

function allText(n: XNode): string {
  return n.text + n.children.map(allText).join("");
}

function senderIdentification(op: XNode): Mm7SenderIdentification | undefined {
  const si = child(op, "senderidentification");
  if (!si) return undefined;
  const out: Mm7SenderIdentification = {};
  set(out, "vaspId", childText(si, "vaspid"));
  set(out, "vasId", childText(si, "vasid"));
  set(out, "senderAddress", addressIn(child(si, "senderaddress")));
  return Object.keys(out).length ? out : undefined;
}

function ua(op: XNode): Mm7UaCapabilities | undefined {
  const n = child(op, "uacapabilities");
  if (!n) return undefined;
  const out: Mm7UaCapabilities = {};
  const prof = n.attrs.UAProf ?? n.attrs.uaprof ?? n.attrs.UAprof;
  if (prof !== undefined) out.uaProf = prof;
  set(out, "timeStamp", parseMm7Time(n.attrs.TimeStamp ?? n.attrs.timestamp));
  return out;
}

function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined && v !== "") o[k] = v;
}

function required(v: string | undefined, name: string, op: XNode): string {
  if (v === undefined || v === "") throw new Mm7ParseError("MISSING_FIELD", `<${op.name}> without ${name}`);
  return v;
}

function enumText<T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  const low = v.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === low);
}

const CLASSES: readonly Mm7MessageClass[] = ["Personal", "Informational", "Advertisement", "Auto"];
const PRIORITIES: readonly Mm7Priority[] = ["Low", "Normal", "High"];
const CHARGED: readonly Mm7ChargedParty[] = ["Sender", "Recipient", "Both", "Neither", "ThirdParty"];

function contentHref(op: XNode): { href?: string; allowAdaptations?: boolean } {
  const c = child(op, "content");
  if (!c) return {};
  const out: { href?: string; allowAdaptations?: boolean } = {};
  if (c.attrs.href !== undefined) out.href = c.attrs.href.trim();
  const aa = bool(c.attrs.allowAdaptations ?? c.attrs.allowadaptations);
  if (aa !== undefined) out.allowAdaptations = aa;
  return out;
}

function applic(out: { applicId?: string; replyApplicId?: string; auxApplicInfo?: string }, op: XNode): void {
  set(out, "applicId", childText(op, "applicid"));
  set(out, "replyApplicId", childText(op, "replyapplicid"));
  // Rel-6 names it AuxApplicInfo; some MMSCs write AuxApplicID (instantcom submit-rsp.xml).
  set(out, "auxApplicInfo", childText(op, "auxapplicinfo") ?? childText(op, "auxapplicid"));
}

function mapOperation(type: Mm7Message["type"], op: XNode, c: Mm7Common): Mm7Message {
  switch (type) {
    case "SubmitReq": {
      const m: Mm7SubmitReq = { ...c, type, recipients: recipients(child(op, "recipients")) ?? {} };
      set(m, "senderIdentification", senderIdentification(op));
      set(m, "serviceCode", childText(op, "servicecode"));
      set(m, "linkedId", childText(op, "linkedid"));
      set(m, "messageClass", enumText(childText(op, "messageclass"), CLASSES));
      set(m, "timeStamp", parseMm7Time(childText(op, "timestamp")));
      const rc = child(op, "replycharging");
      if (rc) {
        const size = rc.attrs.replyChargingSize ?? rc.attrs.replychargingsize;
        m.replyCharging = {};
        if (size !== undefined && /^\d+$/.test(size.trim())) m.replyCharging.replyChargingSize = Number(size);
        set(m.replyCharging, "replyDeadline", parseMm7Time(rc.attrs.replyDeadline ?? rc.attrs.replydeadline));
      }
      set(m, "earliestDeliveryTime", parseMm7Time(childText(op, "earliestdeliverytime")));
      set(m, "expiryDate", parseMm7Time(childText(op, "expirydate")));
      set(m, "deliveryReport", bool(childText(op, "deliveryreport")));
      set(m, "readReply", bool(childText(op, "readreply")));
      set(m, "priority", enumText(childText(op, "priority"), PRIORITIES));
      set(m, "subject", childText(op, "subject"));
      set(m, "chargedParty", enumText(childText(op, "chargedparty"), CHARGED));
      set(m, "chargedPartyId", childText(op, "chargedpartyid"));
      set(m, "distributionIndicator", bool(childText(op, "distributionindicator")));
      const dc = child(op, "deliverycondition");
      if (dc) {
        m.deliveryCondition = children(dc, "dc")
          .map((d) => Number(d.text.trim()))
          .filter((x) => Number.isInteger(x));
      }
      applic(m, op);
      set(m, "contentClass", childText(op, "contentclass"));
      set(m, "drmContent", bool(childText(op, "drmcontent")));
      const ch = contentHref(op);
      set(m, "contentHref", ch.href);
      set(m, "allowAdaptations", ch.allowAdaptations);
      return m;
    }
    case "SubmitRsp": {
      const m: Mm7SubmitRsp = { ...c, type, status: status(op, true) };
      set(m, "messageId", childText(op, "messageid"));
      applic(m, op);
      return m;
    }
    case "DeliverReq": {
      const m: Mm7DeliverReq = { ...c, type };
      set(m, "mmsRelayServerId", childText(op, "mmsrelayserverid"));
      set(m, "vaspId", childText(op, "vaspid"));
      set(m, "vasId", childText(op, "vasid"));
      set(m, "linkedId", childText(op, "linkedid"));
      set(m, "sender", addressIn(child(op, "sender")));
      set(m, "recipients", recipients(child(op, "recipients")));
      const psb = children(op, "previouslysentby").map(addressIn).filter((a): a is Mm7Address => !!a);
      if (psb.length) m.previouslySentBy = psb;
      const psd = children(op, "previouslysentdateandtime")
        .map((n) => parseMm7Time(n.text))
        .filter((t): t is Mm7Time => t !== undefined);
      if (psd.length) m.previouslySentDateAndTime = psd;
      set(m, "senderSpi", childText(op, "senderspi"));
      set(m, "recipientSpi", childText(op, "recipientspi"));
      set(m, "timeStamp", parseMm7Time(childText(op, "timestamp")));
      set(m, "replyChargingId", childText(op, "replychargingid"));
      set(m, "priority", enumText(childText(op, "priority"), PRIORITIES));
      set(m, "subject", childText(op, "subject"));
      applic(m, op);
      set(m, "uaCapabilities", ua(op));
      set(m, "contentHref", contentHref(op).href);
      return m;
    }
    case "DeliverRsp": {
      const m: Mm7DeliverRsp = { ...c, type, status: status(op, true) };
      set(m, "serviceCode", childText(op, "servicecode"));
      return m;
    }
    case "CancelReq": {
      const m: Mm7CancelReq = { ...c, type, messageId: required(childText(op, "messageid"), "MessageID", op) };
      set(m, "senderIdentification", senderIdentification(op));
      return m;
    }
    case "ReplaceReq": {
      const m: Mm7ReplaceReq = { ...c, type, messageId: required(childText(op, "messageid"), "MessageID", op) };
      set(m, "senderIdentification", senderIdentification(op));
      set(m, "serviceCode", childText(op, "servicecode"));
      set(m, "timeStamp", parseMm7Time(childText(op, "timestamp")));
      set(m, "readReply", bool(childText(op, "readreply")));
      set(m, "earliestDeliveryTime", parseMm7Time(childText(op, "earliestdeliverytime")));
      set(m, "distributionIndicator", bool(childText(op, "distributionindicator")));
      const ch = contentHref(op);
      set(m, "contentHref", ch.href);
      set(m, "allowAdaptations", ch.allowAdaptations);
      return m;
    }
    case "DeliveryReportReq":
    case "ReadReplyReq": {
      const raw = required(childText(op, "mmstatus"), "MMStatus", op);
      const recipient = addressIn(child(op, "recipient"));
      if (!recipient) throw new Mm7ParseError("MISSING_FIELD", `<${op.name}> without Recipient`);
      const base = {
        ...c,
        messageId: required(childText(op, "messageid"), "MessageID", op),
        recipient,
        mmStatus: normalizeMmStatus(raw),
        mmStatusRaw: raw,
      };
      if (type === "DeliveryReportReq") {
        const m: Mm7DeliveryReportReq = { ...base, type };
        set(m, "mmsRelayServerId", childText(op, "mmsrelayserverid"));
        set(m, "sender", addressIn(child(op, "sender")));
        set(m, "date", parseMm7Time(childText(op, "date")));
        set(m, "mmStatusExtension", childText(op, "mmstatusextension"));
        set(m, "statusText", childText(op, "statustext"));
        applic(m, op);
        set(m, "uaCapabilities", ua(op));
        return m;
      }
      const m: Mm7ReadReplyReq = { ...base, type };
      set(m, "mmsRelayServerId", childText(op, "mmsrelayserverid"));
      set(m, "sender", addressIn(child(op, "sender")));
      set(m, "timeStamp", parseMm7Time(childText(op, "timestamp")));
      set(m, "statusText", childText(op, "statustext"));
      applic(m, op);
      return m;
    }
    case "CancelRsp":
    case "ReplaceRsp":
    case "DeliveryReportRsp":
    case "ReadReplyRsp":
    case "RSErrorRsp":
    case "VASPErrorRsp":
      return { ...c, type, status: status(op, true) } as Mm7Message;
  }
}
