export * from "./types";
export * from "./namespaces";
export * from "./status";
export { encodeMm7, encodeMm7Chunks, formatTime as formatMm7Time, type Mm7EncodeOptions, type Mm7EncodeResult, type Mm7EncodeChunksResult } from "./encode";
export { decodeMm7, parseMm7Time, DEFAULT_MM7_MAX_BODY, type Mm7DecodeOptions } from "./decode";
export { splitHttpMessage, type RawHttpMessage } from "./http";
