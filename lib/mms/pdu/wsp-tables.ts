/**
 * WSP / MMS assigned numbers (WAP-230 WSP Appendix A, OMA-MMS-ENC). Codes are the 7-bit values; on the wire
 * short-integers carry them OR'd with 0x80. Cross-checked against Wireshark's dissectors via the tshark tests.
 */

/** Well-known content types (WSP Table 40, up to WSP 1.5 / OMA additions). */
export const WELL_KNOWN_CONTENT_TYPES: readonly string[] = [
  "*/*", "text/*", "text/html", "text/plain", "text/x-hdml", "text/x-ttml", "text/x-vCalendar", "text/x-vCard",
  "text/vnd.wap.wml", "text/vnd.wap.wmlscript", "text/vnd.wap.wta-event", "multipart/*", "multipart/mixed",
  "multipart/form-data", "multipart/byterantes", "multipart/alternative", "application/*", "application/java-vm",
  "application/x-www-form-urlencoded", "application/x-hdmlc", "application/vnd.wap.wmlc",
  "application/vnd.wap.wmlscriptc", "application/vnd.wap.wta-eventc", "application/vnd.wap.uaprof",
  "application/vnd.wap.wtls-ca-certificate", "application/vnd.wap.wtls-user-certificate",
  "application/x-x509-ca-cert", "application/x-x509-user-cert", "image/*", "image/gif", "image/jpeg", "image/tiff",
  "image/png", "image/vnd.wap.wbmp", "application/vnd.wap.multipart.*", "application/vnd.wap.multipart.mixed",
  "application/vnd.wap.multipart.form-data", "application/vnd.wap.multipart.byteranges",
  "application/vnd.wap.multipart.alternative", "application/xml", "text/xml", "application/vnd.wap.wbxml",
  "application/x-x968-cross-cert", "application/x-x968-ca-cert", "application/x-x968-user-cert", "text/vnd.wap.si",
  "application/vnd.wap.sic", "text/vnd.wap.sl", "application/vnd.wap.slc", "text/vnd.wap.co", "application/vnd.wap.coc",
  "application/vnd.wap.multipart.related", "application/vnd.wap.sia", "text/vnd.wap.connectivity-xml",
  "application/vnd.wap.connectivity-wbxml", "application/pkcs7-mime", "application/vnd.wap.hashed-certificate",
  "application/vnd.wap.signed-certificate", "application/vnd.wap.cert-response", "application/xhtml+xml",
  "application/wml+xml", "text/css", "application/vnd.wap.mms-message", "application/vnd.wap.rollover-certificate",
  "application/vnd.wap.locc+wbxml", "application/vnd.wap.loc+xml", "application/vnd.syncml.dm+wbxml",
  "application/vnd.syncml.dm+xml", "application/vnd.syncml.notification", "application/vnd.wap.xhtml+xml",
  "application/vnd.wv.csp.cir", "application/vnd.oma.dd+xml", "application/vnd.oma.drm.message",
  "application/vnd.oma.drm.content", "application/vnd.oma.drm.rights+xml", "application/vnd.oma.drm.rights+wbxml",
];

const CT_CODE = new Map<string, number>();
WELL_KNOWN_CONTENT_TYPES.forEach((t, i) => CT_CODE.set(t.toLowerCase(), i));

/** Synthetic names keep unknown well-known codes reversible instead of failing on them. */
const UNKNOWN_CT = /^application\/x-wsp-content-type-(\d+)$/;

export function contentTypeName(code: number): string {
  return WELL_KNOWN_CONTENT_TYPES[code] ?? `application/x-wsp-content-type-${code}`;
}

export function contentTypeCode(mediaType: string): number | undefined {
  const c = CT_CODE.get(mediaType.toLowerCase());
  if (c !== undefined) return c;
  const m = UNKNOWN_CT.exec(mediaType);
  return m ? Number(m[1]) : undefined;
}

/** IANA MIBenum -> charset name (names iconv-lite understands). */
export const CHARSETS: Record<number, string> = {
  0: "*",
  3: "us-ascii",
  4: "iso-8859-1",
  5: "iso-8859-2",
  6: "iso-8859-3",
  7: "iso-8859-4",
  8: "iso-8859-5",
  9: "iso-8859-6",
  10: "iso-8859-7",
  11: "iso-8859-8",
  12: "iso-8859-9",
  13: "iso-8859-10",
  17: "shift_jis",
  18: "euc-jp",
  37: "iso-2022-kr",
  38: "euc-kr",
  39: "iso-2022-jp",
  106: "utf-8",
  109: "iso-8859-13",
  110: "iso-8859-14",
  111: "iso-8859-15",
  113: "gbk",
  114: "gb18030",
  1000: "iso-10646-ucs-2",
  1013: "utf-16be",
  1014: "utf-16le",
  1015: "utf-16",
  2025: "gb2312",
  2026: "big5",
  2084: "koi8-r",
  2250: "windows-1250",
  2251: "windows-1251",
  2252: "windows-1252",
  2253: "windows-1253",
  2254: "windows-1254",
  2255: "windows-1255",
  2256: "windows-1256",
  2257: "windows-1257",
  2258: "windows-1258",
};

const CHARSET_MIB = new Map<string, number>();
for (const [k, v] of Object.entries(CHARSETS)) CHARSET_MIB.set(v, Number(k));
CHARSET_MIB.set("utf8", 106);
CHARSET_MIB.set("ascii", 3);
CHARSET_MIB.set("latin1", 4);
CHARSET_MIB.set("ucs-2", 1000);

export function charsetMib(name: string): number | undefined {
  return CHARSET_MIB.get(name.toLowerCase());
}

/** MMS header field codes (7-bit). */
export const H = {
  BCC: 0x01,
  CC: 0x02,
  CONTENT_LOCATION: 0x03,
  CONTENT_TYPE: 0x04,
  DATE: 0x05,
  DELIVERY_REPORT: 0x06,
  DELIVERY_TIME: 0x07,
  EXPIRY: 0x08,
  FROM: 0x09,
  MESSAGE_CLASS: 0x0a,
  MESSAGE_ID: 0x0b,
  MESSAGE_TYPE: 0x0c,
  MMS_VERSION: 0x0d,
  MESSAGE_SIZE: 0x0e,
  PRIORITY: 0x0f,
  READ_REPORT: 0x10,
  REPORT_ALLOWED: 0x11,
  RESPONSE_STATUS: 0x12,
  RESPONSE_TEXT: 0x13,
  SENDER_VISIBILITY: 0x14,
  STATUS: 0x15,
  SUBJECT: 0x16,
  TO: 0x17,
  TRANSACTION_ID: 0x18,
  RETRIEVE_STATUS: 0x19,
  RETRIEVE_TEXT: 0x1a,
  READ_STATUS: 0x1b,
  REPLY_CHARGING: 0x1c,
  REPLY_CHARGING_DEADLINE: 0x1d,
  REPLY_CHARGING_ID: 0x1e,
  REPLY_CHARGING_SIZE: 0x1f,
  PREVIOUSLY_SENT_BY: 0x20,
  PREVIOUSLY_SENT_DATE: 0x21,
  STORE: 0x22,
  MM_STATE: 0x23,
  MM_FLAGS: 0x24,
  STORE_STATUS: 0x25,
  STORE_STATUS_TEXT: 0x26,
  STORED: 0x27,
  ATTRIBUTES: 0x28,
  TOTALS: 0x29,
  MBOX_TOTALS: 0x2a,
  QUOTAS: 0x2b,
  MBOX_QUOTAS: 0x2c,
  MESSAGE_COUNT: 0x2d,
  CONTENT: 0x2e,
  START: 0x2f,
  ADDITIONAL_HEADERS: 0x30,
  DISTRIBUTION_INDICATOR: 0x31,
  ELEMENT_DESCRIPTOR: 0x32,
  LIMIT: 0x33,
  RECOMMENDED_RETRIEVAL_MODE: 0x34,
  RECOMMENDED_RETRIEVAL_MODE_TEXT: 0x35,
  STATUS_TEXT: 0x36,
  APPLIC_ID: 0x37,
  REPLY_APPLIC_ID: 0x38,
  AUX_APPLIC_INFO: 0x39,
  CONTENT_CLASS: 0x3a,
  DRM_CONTENT: 0x3b,
  ADAPTATION_ALLOWED: 0x3c,
  REPLACE_ID: 0x3d,
  CANCEL_ID: 0x3e,
  CANCEL_STATUS: 0x3f,
} as const;

/** Highest defined MMS header code (MMS 1.3). Anything above is an unknown header. */
export const MAX_HEADER_CODE = 0x3f;

export const MESSAGE_TYPES: Record<number, string> = {
  0x80: "m-send-req",
  0x81: "m-send-conf",
  0x82: "m-notification-ind",
  0x83: "m-notifyresp-ind",
  0x84: "m-retrieve-conf",
  0x85: "m-acknowledge-ind",
  0x86: "m-delivery-ind",
  0x87: "m-read-rec-ind",
  0x88: "m-read-orig-ind",
  0x89: "m-forward-req",
  0x8a: "m-forward-conf",
  0x8b: "m-mbox-store-req",
  0x8c: "m-mbox-store-conf",
  0x8d: "m-mbox-view-req",
  0x8e: "m-mbox-view-conf",
  0x8f: "m-mbox-upload-req",
  0x90: "m-mbox-upload-conf",
  0x91: "m-mbox-delete-req",
  0x92: "m-mbox-delete-conf",
  0x93: "m-mbox-descr",
  0x94: "m-delete-req",
  0x95: "m-delete-conf",
  0x96: "m-cancel-req",
  0x97: "m-cancel-conf",
};

export const MESSAGE_TYPE_CODES: Record<string, number> = Object.fromEntries(
  Object.entries(MESSAGE_TYPES).map(([k, v]) => [v, Number(k)]),
);

export const MESSAGE_CLASSES = ["Personal", "Advertisement", "Informational", "Auto"] as const;
export const PRIORITIES = ["Low", "Normal", "High"] as const;
export const MMS_STATUSES = [
  "Expired",
  "Retrieved",
  "Rejected",
  "Deferred",
  "Unrecognised",
  "Indeterminate",
  "Forwarded",
  "Unreachable",
] as const;
export const READ_STATUSES = ["Read", "Deleted"] as const;
export const SENDER_VISIBILITIES = ["Hide", "Show"] as const;
export const CONTENT_CLASSES = [
  "text",
  "image-basic",
  "image-rich",
  "video-basic",
  "video-rich",
  "megapixel",
  "content-basic",
  "content-rich",
] as const;

/** X-Mms-Response-Status names (0x80 Ok, 0xC0.. transient, 0xE0.. permanent). */
export const RESPONSE_STATUS_NAMES: Record<number, string> = {
  0x80: "Ok",
  0x81: "Error-unspecified",
  0x82: "Error-service-denied",
  0x83: "Error-message-format-corrupt",
  0x84: "Error-sending-address-unresolved",
  0x85: "Error-message-not-found",
  0x86: "Error-network-problem",
  0x87: "Error-content-not-accepted",
  0x88: "Error-unsupported-message",
  0xc0: "Error-transient-failure",
  0xc1: "Error-transient-sending-address-unresolved",
  0xc2: "Error-transient-message-not-found",
  0xc3: "Error-transient-network-problem",
  0xc4: "Error-transient-partial-success",
  0xe0: "Error-permanent-failure",
  0xe1: "Error-permanent-service-denied",
  0xe2: "Error-permanent-message-format-corrupt",
  0xe3: "Error-permanent-sending-address-unresolved",
  0xe4: "Error-permanent-message-not-found",
  0xe5: "Error-permanent-content-not-accepted",
  0xe6: "Error-permanent-reply-charging-limitations-not-met",
  0xe7: "Error-permanent-reply-charging-request-not-accepted",
  0xe8: "Error-permanent-reply-charging-forwarding-denied",
  0xe9: "Error-permanent-reply-charging-not-supported",
  0xea: "Error-permanent-address-hiding-not-supported",
  0xeb: "Error-permanent-lack-of-prepaid",
};

/** WSP well-known header field names used inside multipart entries (WSP Table 39). */
export const WSP_HEADER_NAMES: Record<number, string> = {
  0x0e: "Content-Location",
  0x11: "Content-Type",
  0x2e: "Content-Disposition",
  0x40: "Content-ID",
  0x45: "Content-Disposition",
};
