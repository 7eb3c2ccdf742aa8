/**
 * MM7 writer: typed message -> HTTP Content-Type + body bytes.
 *
 * Elements are emitted in the xs:sequence order of the 23.140 schema (strict MMSCs validate against it), booleans in
 * lowercase (xs:boolean), and Rel-6-only elements are dropped for REL-5 namespaces so a Rel-5 validator never sees
 * them. Output is a pure function of (message, options): with a boundarySeed the bytes are reproducible.
 */
import { Mm7EncodeError } from "../errors";
import { buildMultipartChunks, formatContentType, normalizeContentId, type MimeEntity, UTF8_TEXT, type WritableEntity } from "../mime";
import { escapeXml } from "../xml";
import { defaultMm7Version, mm7NamespaceUri, namespaceGeneration, SOAP_ENV_NS } from "./namespaces";
import { mm7StatusClass } from "./status";
import type {
  Mm7Address,
  Mm7Message,
  Mm7Recipients,
  Mm7SenderIdentification,
  Mm7Status,
  Mm7Time,
  Mm7UaCapabilities,
} from "./types";

export interface Mm7EncodeOptions {
  /** "REL-6-MM7-1-4" style name or a full namespace URI. */
  namespace: string;
  /** <MM7Version>; defaults to the message's own mm7Version, then to a per-namespace default. */
  mm7Version?: string;
  /** false (default): default namespace (xmlns="..."), which every MMSC accepts; true: "mm7:"; string: that prefix. */
  prefix?: boolean | string;
  /** SOAP envelope prefix. */
  envelopePrefix?: string;
  /** Same seed => same multipart boundaries, so identical messages give identical bytes. */
  boundarySeed?: string;
  /** Transfer encoding for non-text attachment parts. */
  binaryEncoding?: "base64" | "binary";
  /** Content-ID of the SOAP part in multipart bodies. */
  soapContentId?: string;
  /** Override the SOAP faultcode of RSErrorRsp/VASPErrorRsp (default: Client for 2xxx, Server otherwise). */
  faultCode?: string;
}

export interface Mm7EncodeResult {
  /** Value for the HTTP Content-Type header. */
  contentType: string;
  body: Buffer;
}

const XML_CT = 'text/xml; charset="utf-8"';

class W {
  s = "";
  constructor(readonly p: string, readonly gen: 5 | 6) {}
  el(name: string, v: string | number | boolean | undefined | null): void {
    if (v === undefined || v === null) return;
    const t = typeof v === "string" ? escapeXml(v) : String(v);
    this.s += `<${this.p}${name}>${t}</${this.p}${name}>`;
  }
  /** Rel-6-only element. */
  el6(name: string, v: string | number | boolean | undefined | null): void {
    if (this.gen === 6) this.el(name, v);
  }
  time(name: string, v: Mm7Time | undefined): void {
    if (v !== undefined) this.el(name, formatTime(v));
  }
  open(name: string, attrs = ""): void {
    this.s += `<${this.p}${name}${attrs}>`;
  }
  close(name: string): void {
    this.s += `</${this.p}${name}>`;
  }
  address(a: Mm7Address): void {
    const tag = a.kind === "number" ? "Number" : a.kind === "shortCode" ? "ShortCode" : "RFC2822Address";
    if (a.kind !== "number" && a.kind !== "shortCode" && a.kind !== "email") {
      throw new Mm7EncodeError("INVALID_ADDRESS", `unknown address kind ${String(a.kind)}`);
    }
    const attr = a.displayOnly ? ' displayOnly="true"' : "";
    this.s += `<${this.p}${tag}${attr}>${escapeXml(a.value)}</${this.p}${tag}>`;
  }
  wrappedAddress(name: string, a: Mm7Address | undefined): void {
    if (!a) return;
    this.open(name);
    this.address(a);
    this.close(name);
  }
  recipients(r: Mm7Recipients | undefined, required: boolean): void {
    if (!r) {
      if (required) throw new Mm7EncodeError("MISSING_FIELD", "Recipients is required");
      return;
    }
    const groups: Array<[string, Mm7Address[] | undefined]> = [
      ["To", r.to],
      ["Cc", r.cc],
      ["Bcc", r.bcc],
    ];
    if (required && !groups.some(([, l]) => l && l.length)) {
      throw new Mm7EncodeError("MISSING_FIELD", "at least one recipient is required");
    }
    this.open("Recipients");
    for (const [tag, list] of groups) {
      if (!list || !list.length) continue;
      this.open(tag);
      for (const a of list) this.address(a);
      this.close(tag);
    }
    this.close("Recipients");
  }
  senderIdentification(si: Mm7SenderIdentification | undefined): void {
    this.open("SenderIdentification");
    if (si) {
      this.el("VASPID", si.vaspId);
      this.el("VASID", si.vasId);
      this.wrappedAddress("SenderAddress", si.senderAddress);
    }
    this.close("SenderIdentification");
  }
  status(st: Mm7Status | undefined): void {
    if (!st) throw new Mm7EncodeError("MISSING_FIELD", "Status is required");
    if (!Number.isInteger(st.code) || st.code < 0) throw new Mm7EncodeError("INVALID_STATUS", `bad status code ${st.code}`);
    this.open("Status");
    this.el("StatusCode", st.code);
    this.el("StatusText", st.text);
    this.el("Details", st.details);
    this.close("Status");
  }
  ua(u: Mm7UaCapabilities | undefined): void {
    if (!u) return;
    let a = "";
    if (u.uaProf !== undefined) a += ` UAProf="${escapeXml(u.uaProf)}"`;
    if (u.timeStamp !== undefined) a += ` TimeStamp="${escapeXml(formatTime(u.timeStamp))}"`;
    this.s += `<${this.p}UACapabilities${a}/>`;
  }
  content(href: string | undefined, allowAdaptations: boolean | undefined): void {
    if (href === undefined) return;
    const aa = allowAdaptations === undefined ? "" : ` allowAdaptations="${allowAdaptations}"`;
    this.s += `<${this.p}Content href="${escapeXml(href)}"${aa}/>`;
  }
}

export function formatTime(t: Mm7Time): string {
  if (t instanceof Date) {
    if (Number.isNaN(t.getTime())) throw new Mm7EncodeError("INVALID_TIME", "invalid Date");
    return t.toISOString().replace(/\.000Z$/, "Z");
  }
  if (!t || typeof t.relative !== "string" || !/^-?P/.test(t.relative)) {
    throw new Mm7EncodeError("INVALID_TIME", `relative time must be an xs:duration like P1D, got ${JSON.stringify(t)}`);
  }
  return t.relative;
}

function requireField<T>(v: T | undefined, name: string): T {
  if (v === undefined || v === null || (typeof v === "string" && v === "")) {
    throw new Mm7EncodeError("MISSING_FIELD", `${name} is required`);
  }
  return v;
}

function writeBody(w: W, m: Mm7Message, version: string, contentHref: string | undefined): void {
  w.el("MM7Version", version);
  switch (m.type) {
    case "SubmitReq":
      w.senderIdentification(m.senderIdentification);
      w.recipients(m.recipients, true);
      w.el("ServiceCode", m.serviceCode);
      w.el("LinkedID", m.linkedId);
      w.el("MessageClass", m.messageClass);
      w.time("TimeStamp", m.timeStamp);
      if (m.replyCharging) {
        let a = "";
        if (m.replyCharging.replyChargingSize !== undefined) a += ` replyChargingSize="${m.replyCharging.replyChargingSize}"`;
        if (m.replyCharging.replyDeadline !== undefined) {
          a += ` replyDeadline="${escapeXml(formatTime(m.replyCharging.replyDeadline))}"`;
        }
        w.s += `<${w.p}ReplyCharging${a}/>`;
      }
      w.time("EarliestDeliveryTime", m.earliestDeliveryTime);
      w.time("ExpiryDate", m.expiryDate);
      w.el("DeliveryReport", m.deliveryReport);
      w.el("ReadReply", m.readReply);
      w.el("Priority", m.priority);
      w.el("Subject", m.subject);
      w.el("ChargedParty", m.chargedParty);
      w.el6("ChargedPartyID", m.chargedPartyId);
      w.el("DistributionIndicator", m.distributionIndicator);
      if (w.gen === 6 && m.deliveryCondition?.length) {
        w.open("DeliveryCondition");
        for (const dc of m.deliveryCondition) w.el("DC", dc);
        w.close("DeliveryCondition");
      }
      w.el6("ApplicID", m.applicId);
      w.el6("ReplyApplicID", m.replyApplicId);
      w.el6("AuxApplicInfo", m.auxApplicInfo);
      w.el6("ContentClass", m.contentClass);
      w.el6("DRMContent", m.drmContent);
      w.content(contentHref, m.allowAdaptations);
      return;
    case "SubmitRsp":
      w.status(m.status);
      w.el("MessageID", m.messageId);
      w.el6("ApplicID", m.applicId);
      w.el6("ReplyApplicID", m.replyApplicId);
      w.el6("AuxApplicInfo", m.auxApplicInfo);
      return;
    case "DeliverReq":
      w.el("MMSRelayServerID", m.mmsRelayServerId);
      w.el("VASPID", m.vaspId);
      w.el("VASID", m.vasId);
      w.el("LinkedID", m.linkedId);
      w.wrappedAddress("Sender", requireField(m.sender, "Sender"));
      w.recipients(m.recipients, false);
      if (w.gen === 6) {
        for (const a of m.previouslySentBy ?? []) w.wrappedAddress("Previouslysentby", a);
        for (const t of m.previouslySentDateAndTime ?? []) w.time("Previouslysentdateandtime", t);
        w.el("SenderSPI", m.senderSpi);
        w.el("RecipientSPI", m.recipientSpi);
      }
      w.time("TimeStamp", m.timeStamp);
      w.el("ReplyChargingID", m.replyChargingId);
      w.el("Priority", m.priority);
      w.el("Subject", m.subject);
      w.el6("ApplicID", m.applicId);
      w.el6("ReplyApplicID", m.replyApplicId);
      w.el6("AuxApplicInfo", m.auxApplicInfo);
      w.ua(m.uaCapabilities);
      w.content(contentHref, undefined);
      return;
    case "DeliverRsp":
      w.status(m.status);
      w.el("ServiceCode", m.serviceCode);
      return;
    case "CancelReq":
      w.senderIdentification(m.senderIdentification);
      w.el("MessageID", requireField(m.messageId, "MessageID"));
      return;
    case "ReplaceReq":
      w.senderIdentification(m.senderIdentification);
      w.el("MessageID", requireField(m.messageId, "MessageID"));
      w.el("ServiceCode", m.serviceCode);
      w.time("TimeStamp", m.timeStamp);
      w.el("ReadReply", m.readReply);
      w.time("EarliestDeliveryTime", m.earliestDeliveryTime);
      w.el("DistributionIndicator", m.distributionIndicator);
      w.content(contentHref, m.allowAdaptations);
      return;
    case "DeliveryReportReq":
      w.el("MMSRelayServerID", m.mmsRelayServerId);
      w.el("MessageID", requireField(m.messageId, "MessageID"));
      w.wrappedAddress("Recipient", requireField(m.recipient, "Recipient"));
      w.wrappedAddress("Sender", m.sender);
      w.time("Date", m.date);
      w.el("MMStatus", requireField(m.mmStatus, "MMStatus"));
      w.el6("MMStatusExtension", m.mmStatusExtension);
      w.el("StatusText", m.statusText);
      w.el6("ApplicID", m.applicId);
      w.el6("ReplyApplicID", m.replyApplicId);
      w.el6("AuxApplicInfo", m.auxApplicInfo);
      w.ua(m.uaCapabilities);
      return;
    case "ReadReplyReq":
      w.el("MMSRelayServerID", m.mmsRelayServerId);
      w.el("MessageID", requireField(m.messageId, "MessageID"));
      w.wrappedAddress("Recipient", requireField(m.recipient, "Recipient"));
      w.wrappedAddress("Sender", m.sender);
      w.time("TimeStamp", m.timeStamp);
      w.el("MMStatus", requireField(m.mmStatus, "MMStatus"));
      w.el("StatusText", m.statusText);
      w.el6("ApplicID", m.applicId);
      w.el6("ReplyApplicID", m.replyApplicId);
      w.el6("AuxApplicInfo", m.auxApplicInfo);
      return;
    case "CancelRsp":
    case "ReplaceRsp":
    case "DeliveryReportRsp":
    case "ReadReplyRsp":
    case "RSErrorRsp":
    case "VASPErrorRsp":
      w.status(m.status);
      return;
    default: {
      const t: never = m;
      throw new Mm7EncodeError("UNKNOWN_TYPE", `unknown MM7 message type ${String((t as { type?: unknown }).type)}`);
    }
  }
}

function contentOf(m: Mm7Message): { content?: MimeEntity } {
  return m.type === "SubmitReq" || m.type === "DeliverReq" || m.type === "ReplaceReq" ? { content: m.content } : {};
}

/** Encode an MM7 message into an HTTP body and its Content-Type. */
export function encodeMm7(message: Mm7Message, options: Mm7EncodeOptions): Mm7EncodeResult {
  const r = encode(message, options, false);
  return { contentType: r.contentType, body: r.chunks[0]! };
}

export interface Mm7EncodeChunksResult {
  contentType: string;
  /** The body, in order: a caller writes them one after another (frozen attachments are shared, not copied). */
  chunks: Buffer[];
  /** Total bytes of the chunks: the Content-Length. */
  length: number;
}

/** encodeMm7 for a sender that writes a list of buffers: the same bytes, without copying frozen bodies into each. */
export function encodeMm7Chunks(message: Mm7Message, options: Mm7EncodeOptions): Mm7EncodeChunksResult {
  return encode(message, options, true);
}

function encode(message: Mm7Message, options: Mm7EncodeOptions, chunked: boolean): Mm7EncodeChunksResult {
  if (!message || typeof message !== "object") throw new Mm7EncodeError("INVALID_MESSAGE", "message must be an object");
  if (!options?.namespace) throw new Mm7EncodeError("MISSING_OPTION", "options.namespace is required");
  const { ns, gen, defaultVersion, p, nsDecl } = namespaceSetup(options.namespace, options.prefix);
  const version = options.mm7Version ?? message.mm7Version ?? defaultVersion;
  const env = options.envelopePrefix ?? "env";
  if (typeof message.transactionId !== "string" || !message.transactionId) {
    throw new Mm7EncodeError("MISSING_FIELD", "transactionId is required");
  }

  const { content } = contentOf(message);
  const soapCid = options.soapContentId ?? "mm7-soap";
  const contentCid = content ? normalizeContentId(content.contentId) || "mm7-content" : undefined;

  const w = new W(p, gen);
  const isFault = message.type === "RSErrorRsp" || message.type === "VASPErrorRsp";
  w.s = `<?xml version="1.0" encoding="UTF-8"?><${env}:Envelope xmlns:${env}="${SOAP_ENV_NS}"><${env}:Header>`;
  w.s += `<${p}TransactionID${nsDecl} ${env}:mustUnderstand="1">${escapeXml(message.transactionId)}</${p}TransactionID>`;
  w.s += `</${env}:Header><${env}:Body>`;
  if (isFault) {
    const code = options.faultCode ?? (message.fault?.code || (mm7StatusClass(message.status?.code) === "client" ? "Client" : "Server"));
    const faultString = message.fault?.string ?? message.status?.text ?? code;
    w.s += `<${env}:Fault><faultcode>${escapeXml(code.includes(":") ? code : `${env}:${code}`)}</faultcode>`;
    w.s += `<faultstring>${escapeXml(faultString)}</faultstring><detail>`;
  }
  w.s += `<${p}${message.type}${nsDecl}>`;
  writeBody(w, message, version, contentCid !== undefined ? `cid:${contentCid}` : undefined);
  w.s += `</${p}${message.type}>`;
  if (isFault) w.s += `</detail></${env}:Fault>`;
  w.s += `</${env}:Body></${env}:Envelope>`;

  if (!content) {
    const body = Buffer.from(w.s, "utf8");
    return { contentType: XML_CT, chunks: [body], length: body.length };
  }

  // The SOAP text goes into the multipart as a string: the writer encodes it in place rather than via its own Buffer.
  const soapPart: WritableEntity = { contentType: "text/xml", params: { charset: "utf-8" }, contentId: soapCid, [UTF8_TEXT]: w.s };
  const root: WritableEntity = {
    contentType: "multipart/related",
    params: { type: "text/xml", start: `<${soapCid}>` },
    parts: [soapPart, { ...content, contentId: contentCid }],
  };
  const mimeOptions = { boundarySeed: options.boundarySeed, binaryEncoding: options.binaryEncoding };
  const built = buildMultipartChunks(root, mimeOptions, "0", chunked);
  // buildMime puts boundary last; MMSCs do not care about parameter order, but keep boundary first as Mbuni does.
  // The boundary has always been read back from the Content-Type (first "boundary=" in it); only a SOAP Content-ID
  // that itself holds "boundary=" could make that differ from the real one, so only then is it parsed.
  if (String(soapCid).includes("boundary=")) {
    const { boundary } = parseBoundary(built.contentType);
    return { contentType: formatContentType("multipart/related", { boundary, type: "text/xml", start: `<${soapCid}>` }), chunks: built.chunks, length: built.length };
  }
  // Same text formatContentType gives: a generated boundary always holds "=" and never a quote or backslash.
  const rest = formatContentType("", { type: "text/xml", start: `<${soapCid}>` });
  return { contentType: `multipart/related; boundary="${built.boundary}"${rest}`, chunks: built.chunks, length: built.length };
}

interface NamespaceSetup {
  ns: string;
  gen: 5 | 6;
  defaultVersion: string;
  /** Element prefix with its colon, or "". */
  p: string;
  /** The xmlns declaration written on TransactionID and the message element. */
  nsDecl: string;
}

// A connection encodes every message with the same namespace and prefix; deriving them (regexes, escaping) once
// per pair rather than per message is a measurable share of encoding small messages. Bounded in case a caller
// feeds arbitrary namespaces.
const namespaceSetups = new Map<string, NamespaceSetup>();

let lastSetup: { namespace: string; prefixName: string; setup: NamespaceSetup } | undefined;

function namespaceSetup(namespace: string, prefix: boolean | string | undefined): NamespaceSetup {
  const prefixName = prefix === true ? "mm7" : typeof prefix === "string" && prefix ? prefix : "";
  if (lastSetup !== undefined && lastSetup.namespace === namespace && lastSetup.prefixName === prefixName) return lastSetup.setup;
  const key = `${prefixName.length}:${prefixName}:${namespace}`;
  const cached = namespaceSetups.get(key);
  if (cached) {
    lastSetup = { namespace, prefixName, setup: cached };
    return cached;
  }
  const ns = mm7NamespaceUri(namespace);
  const gen = namespaceGeneration(ns);
  const defaultVersion = defaultMm7Version(ns);
  if (prefixName && !/^[A-Za-z_][\w.-]*$/.test(prefixName)) throw new Mm7EncodeError("INVALID_OPTION", "invalid prefix");
  const setup: NamespaceSetup = {
    ns,
    gen,
    defaultVersion,
    p: prefixName ? `${prefixName}:` : "",
    nsDecl: prefixName ? ` xmlns:${prefixName}="${escapeXml(ns)}"` : ` xmlns="${escapeXml(ns)}"`,
  };
  if (namespaceSetups.size < 64) namespaceSetups.set(key, setup);
  lastSetup = { namespace, prefixName, setup };
  return setup;
}

function parseBoundary(ct: string): { boundary: string } {
  const m = /boundary="?([^";]+)"?/.exec(ct);
  return { boundary: m ? m[1] : "" };
}
