export * from "./types";
export { encodePdu, type PduEncodeOptions } from "./encode";
export { decodePdu, DEFAULT_PDU_MAX_BYTES, type PduDecodeOptions } from "./decode";
export { RESPONSE_STATUS_NAMES, WELL_KNOWN_CONTENT_TYPES, CHARSETS, MESSAGE_TYPES } from "./wsp-tables";
