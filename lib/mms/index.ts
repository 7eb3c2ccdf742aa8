/**
 * Postino carrier protocol codecs: the only entry point other modules import from.
 *
 * - MM7 (3GPP TS 23.140 SOAP): encodeMm7 / decodeMm7, classifyMm7Status, classifyMmStatus
 * - MMS encapsulation (OMA-MMS-ENC): encodePdu / decodePdu
 * - WAP push: buildWapPush / parseWapPush, buildSmsUserData / reassembleSmsUserData
 * - SMIL: buildSmil / parseSmil and the Slide model
 * - MIME helpers used by MM7 content: MimeEntity, parseMime, buildMime
 * Framework-free: no Next.js, Prisma or database imports anywhere under lib/mms.
 */
export { DecodedBodies } from "./decoded-bodies";
export * from "./errors";
export * from "./mm7/index";
export {
  buildMime,
  freezeBody,
  parseMime,
  parseContentType,
  formatContentType,
  normalizeContentId,
  DEFAULT_MIME_LIMITS,
  type MimeEntity,
  type MimeLimits,
  type MimeBuildOptions,
  type ParsedContentType,
} from "./mime";
export * from "./pdu/index";
export * from "./wap-push";
export * from "./smil";
