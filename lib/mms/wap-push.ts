/**
 * WAP push carrying an m-notification-ind (MM1 notification): the connectionless WSP Push PDU, and its SMS user
 * data with a 16-bit application port UDH (destination 2948 = WAP push, source 9200), split into concatenated
 * segments when it does not fit one SMS.
 */
import { WapPushError } from "./errors";
import { WspReader, uintvarBytes } from "./pdu/wsp-encoding";
import { contentTypeName } from "./pdu/wsp-tables";

export const WAP_PUSH_PORT = 2948;
export const WSP_SOURCE_PORT = 9200;
/** 8-bit data SMS payload limit (140 octets including the UDH). */
export const SMS_MAX_OCTETS = 140;

export interface WapPushOptions {
  /** WSP transaction id octet (0-255). */
  transactionId?: number;
}

/** Connectionless WSP Push: TID, 0x06, uintvar headers length, Content-Type mms-message, X-Wap-Application-Id mms.ua. */
export function buildWapPush(pdu: Uint8Array, options: WapPushOptions = {}): Buffer {
  const tid = options.transactionId ?? 0;
  if (!Number.isInteger(tid) || tid < 0 || tid > 255) throw new WapPushError("BAD_VALUE", "transactionId must be 0-255");
  // 0xBE = application/vnd.wap.mms-message; 0xAF 0x84 = X-Wap-Application-Id: x-wap-application:mms.ua (4)
  const headers = Buffer.from([0xbe, 0xaf, 0x84]);
  return Buffer.concat([Buffer.from([tid, 0x06]), Buffer.from(uintvarBytes(headers.length)), headers, Buffer.from(pdu)]);
}

export interface ParsedWapPush {
  transactionId: number;
  contentType: string;
  applicationId?: number | string;
  body: Buffer;
}

export function parseWapPush(data: Uint8Array): ParsedWapPush {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  try {
    const r = new WspReader(buf);
    const transactionId = r.byte();
    const pduType = r.byte();
    if (pduType !== 0x06 && pduType !== 0x07) throw new WapPushError("NOT_PUSH", `WSP PDU type 0x${pduType.toString(16)} is not Push`);
    const hlen = r.uintvar();
    if (hlen > r.remaining) throw new WapPushError("BAD_LENGTH", "push headers longer than the PDU");
    const out = r.within(hlen, () => {
      const c = r.peek();
      const contentType = c >= 0x80 ? contentTypeName(r.shortInteger()) : c >= 0x20 ? r.textString() : (() => {
        const len = r.valueLength();
        return r.within(len, () => (r.peek() >= 0x80 ? contentTypeName(r.shortInteger()) : r.textString()));
      })();
      let applicationId: number | string | undefined;
      while (r.remaining > 0) {
        const h = r.byte();
        if (h === 0xaf) applicationId = r.peek() >= 0x80 || r.peek() < 0x20 ? r.integerValue() : r.textString();
        else if (h >= 0x80) r.skipValue();
        else {
          r.pos--;
          r.textString();
          r.skipValue();
        }
      }
      return { contentType, applicationId };
    });
    return { transactionId, ...out, body: buf.subarray(r.pos) };
  } catch (e) {
    if (e instanceof WapPushError) throw e;
    throw new WapPushError("BAD_PUSH", `invalid WAP push: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export interface SmsSegment {
  /** Complete TP-User-Data: UDHL, UDH, payload (send with UDHI set and 8-bit DCS). */
  userData: Buffer;
  /** UDH without the length octet. */
  udh: Buffer;
  payload: Buffer;
}

export interface SmsUserDataOptions {
  /** Concatenation reference (0-255), same for all segments of one message. */
  reference?: number;
  /** Octets per SMS (default 140). */
  maxOctets?: number;
}

const PORT_IE = Buffer.from([0x05, 0x04, WAP_PUSH_PORT >> 8, WAP_PUSH_PORT & 0xff, WSP_SOURCE_PORT >> 8, WSP_SOURCE_PORT & 0xff]);

/** Split a WAP push into SMS user-data segments (one when it fits, else concatenated with an 8-bit reference). */
export function buildSmsUserData(push: Uint8Array, options: SmsUserDataOptions = {}): SmsSegment[] {
  const max = options.maxOctets ?? SMS_MAX_OCTETS;
  const ref = options.reference ?? 0;
  if (!Number.isInteger(ref) || ref < 0 || ref > 255) throw new WapPushError("BAD_VALUE", "reference must be 0-255");
  const data = Buffer.from(push);
  const single = max - 1 - PORT_IE.length;
  if (data.length <= single) {
    const udh = PORT_IE;
    return [{ udh, payload: data, userData: Buffer.concat([Buffer.from([udh.length]), udh, data]) }];
  }
  const per = max - 1 - PORT_IE.length - 5;
  const total = Math.ceil(data.length / per);
  if (total > 255) throw new WapPushError("TOO_LARGE", `push needs ${total} segments (max 255)`);
  const out: SmsSegment[] = [];
  for (let i = 0; i < total; i++) {
    const udh = Buffer.concat([Buffer.from([0x00, 0x03, ref, total, i + 1]), PORT_IE]);
    const payload = data.subarray(i * per, (i + 1) * per);
    out.push({ udh, payload, userData: Buffer.concat([Buffer.from([udh.length]), udh, payload]) });
  }
  return out;
}

/** Reassemble segments (any order) built by buildSmsUserData or a real SMSC into the WAP push bytes. */
export function reassembleSmsUserData(userData: Uint8Array[]): { push: Buffer; destinationPort?: number; sourcePort?: number } {
  const segs: Array<{ seq: number; total: number; payload: Buffer }> = [];
  let dst: number | undefined;
  let src: number | undefined;
  for (const ud of userData) {
    const b = Buffer.from(ud);
    const udhl = b[0];
    if (udhl === undefined || 1 + udhl > b.length) throw new WapPushError("BAD_UDH", "UDH length exceeds user data");
    let seq = 1;
    let total = 1;
    for (let i = 1; i < 1 + udhl; ) {
      const iei = b[i];
      const len = b[i + 1];
      if (len === undefined || i + 2 + len > 1 + udhl) throw new WapPushError("BAD_UDH", "information element overflows UDH");
      if (iei === 0x00 && len === 3) {
        total = b[i + 3];
        seq = b[i + 4];
      } else if (iei === 0x08 && len === 4) {
        total = b[i + 4];
        seq = b[i + 5];
      } else if (iei === 0x05 && len === 4) {
        dst = b.readUInt16BE(i + 2);
        src = b.readUInt16BE(i + 4);
      }
      i += 2 + len;
    }
    segs.push({ seq, total, payload: b.subarray(1 + udhl) });
  }
  segs.sort((a, b) => a.seq - b.seq);
  if (segs.length && segs.length !== segs[0].total) throw new WapPushError("MISSING_SEGMENT", `have ${segs.length} of ${segs[0].total} segments`);
  return { push: Buffer.concat(segs.map((s) => s.payload)), destinationPort: dst, sourcePort: src };
}
