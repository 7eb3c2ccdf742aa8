export * from "./types.js";
export * from "./namespaces.js";
export * from "./status.js";
export { encodeMm7, formatTime as formatMm7Time, type Mm7EncodeOptions, type Mm7EncodeResult } from "./encode.js";
export { decodeMm7, parseMm7Time, DEFAULT_MM7_MAX_BODY, type Mm7DecodeOptions } from "./decode.js";
export { splitHttpMessage, type RawHttpMessage } from "./http.js";
