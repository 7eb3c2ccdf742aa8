/**
 * MMS encapsulation PDU model (OMA-MMS-ENC 1.0-1.3). One flat object for all message types: the header set is
 * shared between PDU types, and `type` says which ones are meaningful. Decoding then encoding then decoding gives
 * the same object.
 */
import type { MESSAGE_TYPES } from "./wsp-tables";

export type PduMessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES] | string;

/** The From value "insert address" (the MMSC fills in the sender): X-Mms From 0x81 token. */
export const INSERT_ADDRESS = "#insert-address" as const;

export interface PduContentType {
  /** e.g. "application/vnd.wap.multipart.related", "image/jpeg". */
  mediaType: string;
  /** Lowercase names: charset (name like "utf-8"), type, start, name, filename, ... */
  params: Record<string, string>;
}

/** Absolute date, or seconds relative to the time the MMSC receives the PDU. */
export type PduTime = { absolute: Date } | { relativeSeconds: number };

export interface PduContentDisposition {
  /** "form-data" | "attachment" | "inline" | token */
  disposition: string;
  params: Record<string, string>;
}

export interface PduPart {
  contentType: PduContentType;
  /** Content-ID without angle brackets (written as "<id>"). */
  contentId?: string;
  contentLocation?: string;
  contentDisposition?: PduContentDisposition;
  /** Application headers (text name/value), in order. */
  headers?: Array<{ name: string; value: string }>;
  /** Well-known WSP headers kept as raw value bytes (code is the 7-bit field code). */
  rawHeaders?: Array<{ code: number; value: Buffer }>;
  /** Leaf data. */
  data?: Buffer;
  /** Nested multipart entries (when contentType is a multipart). */
  parts?: PduPart[];
}

export interface MmsPdu {
  type: PduMessageType;
  transactionId?: string;
  /** "1.0" .. "1.3" */
  mmsVersion: string;
  messageId?: string;
  date?: Date;
  /** Address or INSERT_ADDRESS. Addresses keep their "/TYPE=PLMN" suffix as on the wire. */
  from?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  /** Personal | Advertisement | Informational | Auto, or a token. */
  messageClass?: string;
  priority?: "Low" | "Normal" | "High";
  expiry?: PduTime;
  deliveryTime?: PduTime;
  deliveryReport?: boolean;
  readReport?: boolean;
  reportAllowed?: boolean;
  senderVisibility?: "Hide" | "Show";
  messageSize?: number;
  contentLocation?: string;
  /** X-Mms-Status: Expired | Retrieved | Rejected | Deferred | Unrecognised | Indeterminate | Forwarded | Unreachable */
  status?: string;
  /** X-Mms-Response-Status octet (0x80 = Ok). */
  responseStatus?: number;
  responseText?: string;
  /** X-Mms-Retrieve-Status octet (0x80 = Ok). */
  retrieveStatus?: number;
  retrieveText?: string;
  readStatus?: "Read" | "Deleted";
  /** X-Mms-Reply-Charging octet (0x80 requested, 0x81 text only, 0x82 accepted, 0x83 accepted text only). */
  replyCharging?: number;
  replyChargingDeadline?: PduTime;
  replyChargingId?: string;
  replyChargingSize?: number;
  contentClass?: string;
  drmContent?: boolean;
  distributionIndicator?: boolean;
  adaptationAllowed?: boolean;
  applicId?: string;
  replyApplicId?: string;
  auxApplicInfo?: string;
  /** Other defined MMS headers this model does not interpret, as raw value bytes (code = 7-bit field code). */
  otherHeaders?: Array<{ code: number; value: Buffer }>;
  /** Application (text-named) headers such as "X-MMS-Unrecognised-Header-Field". */
  extraHeaders?: Array<{ name: string; value: string }>;
  contentType?: PduContentType;
  /** Multipart body entries. */
  parts?: PduPart[];
  /** Single-part body (when contentType is not a multipart). */
  body?: Buffer;
}
