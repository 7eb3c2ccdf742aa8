/**
 * MMS PDU decoder: bytes -> MmsPdu. Bounded: every length is checked against the bytes that are really there,
 * multipart nesting and entry counts are capped, and any failure is a PduDecodeError with the byte offset.
 */
import { MmsCodecError, PduDecodeError } from "../errors";
import { isMultipart, readContentType, readMultipart } from "./content";
import type { MmsPdu, PduTime } from "./types";
import { INSERT_ADDRESS } from "./types";
import { WspReader } from "./wsp-encoding";
import {
  CONTENT_CLASSES,
  H,
  MAX_HEADER_CODE,
  MESSAGE_CLASSES,
  MESSAGE_TYPES,
  MMS_STATUSES,
  PRIORITIES,
  READ_STATUSES,
  SENDER_VISIBILITIES,
} from "./wsp-tables";

export interface PduDecodeOptions {
  /** Largest PDU accepted (default 10 MiB; real MMS stay below ~2 MB). */
  maxBytes?: number;
  /** Unknown binary header codes: "error" (default) or "keep" them in otherHeaders. Text-named headers are always kept. */
  unknownHeaders?: "error" | "keep";
}

export const DEFAULT_PDU_MAX_BYTES = 10 * 1024 * 1024;

export function decodePdu(input: Uint8Array, options: PduDecodeOptions = {}): MmsPdu {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const max = options.maxBytes ?? DEFAULT_PDU_MAX_BYTES;
  if (buf.length > max) throw new PduDecodeError("TOO_LARGE", `PDU of ${buf.length} bytes exceeds ${max}`);
  try {
    return decodeInner(new WspReader(buf), options);
  } catch (e) {
    if (e instanceof PduDecodeError) throw e;
    if (e instanceof MmsCodecError) throw new PduDecodeError(e.code, e.message, -1, { cause: e });
    throw new PduDecodeError("INTERNAL", `PDU decode failed: ${e instanceof Error ? e.message : String(e)}`, -1, { cause: e });
  }
}

function enumValue<T extends string>(r: WspReader, names: readonly T[], header: string): T {
  const v = r.byte();
  const name = names[v - 0x80];
  if (name === undefined) {
    r.pos--;
    r.fail("BAD_VALUE", `0x${v.toString(16)} is not a valid ${header} value`);
  }
  return name;
}

function yesNo(r: WspReader, header: string): boolean {
  const v = r.byte();
  if (v === 0x80) return true;
  if (v === 0x81) return false;
  r.pos--;
  return r.fail("BAD_VALUE", `0x${v.toString(16)} is not Yes/No for ${header}`);
}

function time(r: WspReader): PduTime {
  const len = r.valueLength();
  return r.within(len, () => {
    const tok = r.byte();
    if (tok === 0x80) return { absolute: new Date(r.longInteger() * 1000) };
    if (tok === 0x81) return { relativeSeconds: r.integerValue() };
    r.pos--;
    return r.fail("BAD_VALUE", `0x${tok.toString(16)} is neither absolute nor relative token`);
  });
}

function version(r: WspReader): string {
  const b = r.peek();
  if (b >= 0x80) {
    r.pos++;
    const major = (b & 0x70) >> 4;
    const minor = b & 0x0f;
    return minor === 0x0f ? `${major}` : `${major}.${minor}`;
  }
  return r.textString();
}

function decodeInner(r: WspReader, options: PduDecodeOptions): MmsPdu {
  if (r.remaining < 2) r.fail("TRUNCATED", "PDU shorter than a message-type header");
  if (r.byte() !== 0x80 + H.MESSAGE_TYPE) {
    r.pos--;
    r.fail("NOT_MMS_PDU", "PDU must start with X-Mms-Message-Type");
  }
  const typeCode = r.byte();
  const type = MESSAGE_TYPES[typeCode];
  if (!type) {
    r.pos--;
    r.fail("UNKNOWN_MESSAGE_TYPE", `unknown X-Mms-Message-Type 0x${typeCode.toString(16)}`);
  }
  const pdu: MmsPdu = { type, mmsVersion: "" };
  let sawVersion = false;
  while (r.remaining > 0) {
    const b = r.byte();
    if (b < 0x80) {
      if (b < 0x20) {
        r.pos--;
        r.fail("BAD_HEADER", `0x${b.toString(16)} is not a header field name`);
      }
      // Application header: Token-text name, text value (the con-281 conformance case must be accepted).
      r.pos--;
      const name = r.textString();
      const value = r.remaining > 0 && r.peek() >= 0x20 && r.peek() < 0x80 ? r.textString() : r.skipValue().toString("latin1");
      (pdu.extraHeaders ??= []).push({ name, value });
      continue;
    }
    const code = b & 0x7f;
    switch (code) {
      case H.TRANSACTION_ID:
        pdu.transactionId = r.textString();
        break;
      case H.MMS_VERSION:
        pdu.mmsVersion = version(r);
        sawVersion = true;
        break;
      case H.MESSAGE_ID:
        pdu.messageId = r.textString();
        break;
      case H.DATE:
        pdu.date = new Date(r.longInteger() * 1000);
        break;
      case H.FROM: {
        const len = r.valueLength();
        pdu.from = r.within(len, () => {
          const tok = r.byte();
          if (tok === 0x81) return INSERT_ADDRESS;
          if (tok === 0x80) return r.encodedString();
          r.pos--;
          return r.fail("BAD_VALUE", `0x${tok.toString(16)} is not an address token`);
        });
        break;
      }
      case H.TO:
        (pdu.to ??= []).push(r.encodedString());
        break;
      case H.CC:
        (pdu.cc ??= []).push(r.encodedString());
        break;
      case H.BCC:
        (pdu.bcc ??= []).push(r.encodedString());
        break;
      case H.SUBJECT:
        pdu.subject = r.encodedString();
        break;
      case H.MESSAGE_CLASS:
        pdu.messageClass = r.peek() >= 0x80 ? enumValue(r, MESSAGE_CLASSES, "X-Mms-Message-Class") : r.textString();
        break;
      case H.PRIORITY:
        pdu.priority = enumValue(r, PRIORITIES, "X-Mms-Priority");
        break;
      case H.EXPIRY:
        pdu.expiry = time(r);
        break;
      case H.DELIVERY_TIME:
        pdu.deliveryTime = time(r);
        break;
      case H.REPLY_CHARGING_DEADLINE:
        pdu.replyChargingDeadline = time(r);
        break;
      case H.DELIVERY_REPORT:
        pdu.deliveryReport = yesNo(r, "X-Mms-Delivery-Report");
        break;
      case H.READ_REPORT:
        pdu.readReport = yesNo(r, "X-Mms-Read-Report");
        break;
      case H.REPORT_ALLOWED:
        pdu.reportAllowed = yesNo(r, "X-Mms-Report-Allowed");
        break;
      case H.DRM_CONTENT:
        pdu.drmContent = yesNo(r, "X-Mms-DRM-Content");
        break;
      case H.DISTRIBUTION_INDICATOR:
        pdu.distributionIndicator = yesNo(r, "X-Mms-Distribution-Indicator");
        break;
      case H.ADAPTATION_ALLOWED:
        pdu.adaptationAllowed = yesNo(r, "X-Mms-Adaptation-Allowed");
        break;
      case H.SENDER_VISIBILITY:
        pdu.senderVisibility = enumValue(r, SENDER_VISIBILITIES, "X-Mms-Sender-Visibility");
        break;
      case H.MESSAGE_SIZE:
        pdu.messageSize = r.integerValue();
        break;
      case H.REPLY_CHARGING_SIZE:
        pdu.replyChargingSize = r.integerValue();
        break;
      case H.CONTENT_LOCATION:
        pdu.contentLocation = r.textString();
        break;
      case H.STATUS:
        pdu.status = enumValue(r, MMS_STATUSES, "X-Mms-Status");
        break;
      case H.RESPONSE_STATUS:
        pdu.responseStatus = r.byte();
        break;
      case H.RESPONSE_TEXT:
        pdu.responseText = r.encodedString();
        break;
      case H.RETRIEVE_STATUS:
        pdu.retrieveStatus = r.byte();
        break;
      case H.RETRIEVE_TEXT:
        pdu.retrieveText = r.encodedString();
        break;
      case H.READ_STATUS:
        pdu.readStatus = enumValue(r, READ_STATUSES, "X-Mms-Read-Status");
        break;
      case H.REPLY_CHARGING:
        pdu.replyCharging = r.byte();
        break;
      case H.REPLY_CHARGING_ID:
        pdu.replyChargingId = r.textString();
        break;
      case H.CONTENT_CLASS:
        pdu.contentClass = enumValue(r, CONTENT_CLASSES, "X-Mms-Content-Class");
        break;
      case H.APPLIC_ID:
        pdu.applicId = r.textString();
        break;
      case H.REPLY_APPLIC_ID:
        pdu.replyApplicId = r.textString();
        break;
      case H.AUX_APPLIC_INFO:
        pdu.auxApplicInfo = r.textString();
        break;
      case H.MESSAGE_TYPE:
        r.fail("BAD_HEADER", "X-Mms-Message-Type repeated");
        break;
      case H.CONTENT_TYPE: {
        pdu.contentType = readContentType(r);
        // Content-Type is the last header; the body follows.
        if (isMultipart(pdu.contentType.mediaType)) pdu.parts = readMultipart(r, 1);
        else pdu.body = r.bytes(r.remaining);
        break;
      }
      default:
        if (code === 0 || code > MAX_HEADER_CODE) {
          if ((options.unknownHeaders ?? "error") === "error") {
            r.pos--;
            r.fail("UNKNOWN_HEADER", `unknown header field 0x${b.toString(16)}`);
          }
        }
        (pdu.otherHeaders ??= []).push({ code, value: r.skipValue() });
    }
  }
  if (!sawVersion) r.fail("MISSING_HEADER", "X-Mms-MMS-Version is missing");
  return pdu;
}
