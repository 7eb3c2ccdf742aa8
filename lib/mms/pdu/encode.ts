/**
 * MMS PDU encoder: MmsPdu -> bytes. X-Mms-Message-Type, X-Mms-Transaction-ID and X-Mms-MMS-Version come first
 * and Content-Type last (decoders, Wireshark's included, stop header parsing at it); the rest follow a fixed order
 * so output is deterministic.
 */
import { PduEncodeError } from "../errors";
import { isMultipart, writeContentType, writeMultipart } from "./content";
import type { MmsPdu, PduTime } from "./types";
import { INSERT_ADDRESS } from "./types";
import { WspWriter } from "./wsp-encoding";
import {
  CONTENT_CLASSES,
  H,
  MESSAGE_CLASSES,
  MESSAGE_TYPE_CODES,
  MMS_STATUSES,
  PRIORITIES,
  READ_STATUSES,
  SENDER_VISIBILITIES,
} from "./wsp-tables";

export interface PduEncodeOptions {
  /** Check the mandatory headers of each PDU type (default true). */
  validate?: boolean;
}

type Field = keyof MmsPdu;

/** Mandatory headers per PDU type (OMA-MMS-ENC; AOSP PduParser.checkMandatoryHeader enforces the same). */
const MANDATORY: Record<string, Field[]> = {
  "m-send-req": ["transactionId", "from", "contentType"],
  "m-send-conf": ["transactionId", "responseStatus"],
  "m-notification-ind": ["transactionId", "messageClass", "messageSize", "expiry", "contentLocation"],
  "m-notifyresp-ind": ["transactionId", "status"],
  "m-retrieve-conf": ["date", "contentType"],
  "m-acknowledge-ind": ["transactionId"],
  "m-delivery-ind": ["messageId", "to", "date", "status"],
  "m-read-rec-ind": ["messageId", "to", "from", "readStatus"],
  "m-read-orig-ind": ["messageId", "to", "from", "date", "readStatus"],
};

function validate(p: MmsPdu): void {
  for (const f of MANDATORY[p.type] ?? []) {
    const v = p[f];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      throw new PduEncodeError("MISSING_HEADER", `${p.type} requires ${f}`);
    }
  }
  if (p.type === "m-send-req" && !(p.to?.length || p.cc?.length || p.bcc?.length)) {
    throw new PduEncodeError("MISSING_HEADER", "m-send-req requires at least one of to/cc/bcc");
  }
}

function enumCode(names: readonly string[], v: string, header: string): number {
  const i = names.findIndex((n) => n.toLowerCase() === v.toLowerCase());
  if (i < 0) throw new PduEncodeError("BAD_VALUE", `${JSON.stringify(v)} is not a valid ${header}`);
  return 0x80 + i;
}

function versionByte(v: string): number {
  const m = /^(\d)(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) throw new PduEncodeError("BAD_VALUE", `bad MMS version ${JSON.stringify(v)}`);
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0x0f : Number(m[2]);
  if (major > 7 || minor > 15) throw new PduEncodeError("BAD_VALUE", `MMS version out of range: ${v}`);
  return 0x80 | (major << 4) | minor;
}

function writeTime(w: WspWriter, t: PduTime): void {
  w.withLength((x) => {
    if ("absolute" in t) {
      const ms = t.absolute.getTime();
      if (!Number.isFinite(ms) || ms < 0) throw new PduEncodeError("BAD_VALUE", "invalid absolute date");
      x.byte(0x80).longInteger(Math.floor(ms / 1000));
    } else {
      // Delta-seconds is an Integer-value; Long-integer form is what most decoders (and tshark) expect.
      x.byte(0x81).longInteger(t.relativeSeconds);
    }
  });
}

function hdr(w: WspWriter, code: number): WspWriter {
  return w.byte(0x80 | code);
}

function yesNo(w: WspWriter, code: number, v: boolean | undefined): void {
  if (v !== undefined) hdr(w, code).byte(v ? 0x80 : 0x81);
}

export function encodePdu(pdu: MmsPdu, options: PduEncodeOptions = {}): Buffer {
  if (!pdu || typeof pdu !== "object") throw new PduEncodeError("BAD_VALUE", "pdu must be an object");
  const typeCode = MESSAGE_TYPE_CODES[pdu.type];
  if (typeCode === undefined) throw new PduEncodeError("UNKNOWN_MESSAGE_TYPE", `unknown PDU type ${pdu.type}`);
  if (options.validate !== false) validate(pdu);
  const bodySize = pdu.body?.length ?? (pdu.parts ? 4096 : 0);
  const w = new WspWriter(256 + bodySize);
  hdr(w, H.MESSAGE_TYPE).byte(typeCode);
  if (pdu.transactionId !== undefined) hdr(w, H.TRANSACTION_ID).textString(pdu.transactionId);
  hdr(w, H.MMS_VERSION).byte(versionByte(pdu.mmsVersion || "1.2"));
  if (pdu.messageId !== undefined) hdr(w, H.MESSAGE_ID).textString(pdu.messageId);
  if (pdu.date !== undefined) {
    const ms = pdu.date.getTime();
    if (!Number.isFinite(ms) || ms < 0) throw new PduEncodeError("BAD_VALUE", "invalid date");
    hdr(w, H.DATE).longInteger(Math.floor(ms / 1000));
  }
  if (pdu.from !== undefined) {
    const from = pdu.from;
    hdr(w, H.FROM).withLength((x) => {
      if (from === INSERT_ADDRESS) x.byte(0x81);
      else x.byte(0x80).encodedString(from);
    });
  }
  for (const a of pdu.to ?? []) hdr(w, H.TO).encodedString(a);
  for (const a of pdu.cc ?? []) hdr(w, H.CC).encodedString(a);
  for (const a of pdu.bcc ?? []) hdr(w, H.BCC).encodedString(a);
  if (pdu.subject !== undefined) hdr(w, H.SUBJECT).encodedString(pdu.subject);
  if (pdu.messageClass !== undefined) {
    const i = MESSAGE_CLASSES.findIndex((n) => n.toLowerCase() === pdu.messageClass!.toLowerCase());
    if (i >= 0) hdr(w, H.MESSAGE_CLASS).byte(0x80 + i);
    else hdr(w, H.MESSAGE_CLASS).textString(pdu.messageClass);
  }
  if (pdu.priority !== undefined) hdr(w, H.PRIORITY).byte(enumCode(PRIORITIES, pdu.priority, "X-Mms-Priority"));
  if (pdu.messageSize !== undefined) hdr(w, H.MESSAGE_SIZE).longInteger(pdu.messageSize);
  if (pdu.expiry !== undefined) writeTime(hdr(w, H.EXPIRY), pdu.expiry);
  if (pdu.deliveryTime !== undefined) writeTime(hdr(w, H.DELIVERY_TIME), pdu.deliveryTime);
  yesNo(w, H.DELIVERY_REPORT, pdu.deliveryReport);
  yesNo(w, H.READ_REPORT, pdu.readReport);
  yesNo(w, H.REPORT_ALLOWED, pdu.reportAllowed);
  if (pdu.senderVisibility !== undefined) {
    hdr(w, H.SENDER_VISIBILITY).byte(enumCode(SENDER_VISIBILITIES, pdu.senderVisibility, "X-Mms-Sender-Visibility"));
  }
  if (pdu.contentLocation !== undefined) hdr(w, H.CONTENT_LOCATION).textString(pdu.contentLocation);
  if (pdu.status !== undefined) hdr(w, H.STATUS).byte(enumCode(MMS_STATUSES, pdu.status, "X-Mms-Status"));
  if (pdu.responseStatus !== undefined) hdr(w, H.RESPONSE_STATUS).byte(checkOctet(pdu.responseStatus));
  if (pdu.responseText !== undefined) hdr(w, H.RESPONSE_TEXT).encodedString(pdu.responseText);
  if (pdu.retrieveStatus !== undefined) hdr(w, H.RETRIEVE_STATUS).byte(checkOctet(pdu.retrieveStatus));
  if (pdu.retrieveText !== undefined) hdr(w, H.RETRIEVE_TEXT).encodedString(pdu.retrieveText);
  if (pdu.readStatus !== undefined) hdr(w, H.READ_STATUS).byte(enumCode(READ_STATUSES, pdu.readStatus, "X-Mms-Read-Status"));
  if (pdu.replyCharging !== undefined) hdr(w, H.REPLY_CHARGING).byte(checkOctet(pdu.replyCharging));
  if (pdu.replyChargingDeadline !== undefined) writeTime(hdr(w, H.REPLY_CHARGING_DEADLINE), pdu.replyChargingDeadline);
  if (pdu.replyChargingId !== undefined) hdr(w, H.REPLY_CHARGING_ID).textString(pdu.replyChargingId);
  if (pdu.replyChargingSize !== undefined) hdr(w, H.REPLY_CHARGING_SIZE).longInteger(pdu.replyChargingSize);
  if (pdu.contentClass !== undefined) hdr(w, H.CONTENT_CLASS).byte(enumCode(CONTENT_CLASSES, pdu.contentClass, "X-Mms-Content-Class"));
  yesNo(w, H.DRM_CONTENT, pdu.drmContent);
  yesNo(w, H.DISTRIBUTION_INDICATOR, pdu.distributionIndicator);
  yesNo(w, H.ADAPTATION_ALLOWED, pdu.adaptationAllowed);
  if (pdu.applicId !== undefined) hdr(w, H.APPLIC_ID).textString(pdu.applicId);
  if (pdu.replyApplicId !== undefined) hdr(w, H.REPLY_APPLIC_ID).textString(pdu.replyApplicId);
  if (pdu.auxApplicInfo !== undefined) hdr(w, H.AUX_APPLIC_INFO).textString(pdu.auxApplicInfo);
  for (const h of pdu.otherHeaders ?? []) {
    if (!Number.isInteger(h.code) || h.code <= 0 || h.code > 0x7f) throw new PduEncodeError("BAD_VALUE", `bad header code ${h.code}`);
    hdr(w, h.code).bytes(h.value);
  }
  for (const h of pdu.extraHeaders ?? []) {
    if (!/^[\x21-\x7e]+$/.test(h.name)) throw new PduEncodeError("BAD_VALUE", `bad header name ${JSON.stringify(h.name)}`);
    w.textString(h.name).textString(h.value);
  }
  if (pdu.contentType !== undefined) {
    writeContentType(hdr(w, H.CONTENT_TYPE), pdu.contentType);
    if (isMultipart(pdu.contentType.mediaType)) writeMultipart(w, pdu.parts ?? [], 1);
    else if (pdu.body) w.bytes(pdu.body);
  } else if (pdu.parts || pdu.body) {
    throw new PduEncodeError("MISSING_HEADER", "a body needs a contentType");
  }
  return Buffer.from(w.result());
}

function checkOctet(v: number): number {
  if (!Number.isInteger(v) || v < 0x80 || v > 0xff) throw new PduEncodeError("BAD_VALUE", `status octet out of range: ${v}`);
  return v;
}
