export * from "./types.js";
export { encodePdu, type PduEncodeOptions } from "./encode.js";
export { decodePdu, DEFAULT_PDU_MAX_BYTES, type PduDecodeOptions } from "./decode.js";
export { RESPONSE_STATUS_NAMES, WELL_KNOWN_CONTENT_TYPES, CHARSETS, MESSAGE_TYPES } from "./wsp-tables.js";
