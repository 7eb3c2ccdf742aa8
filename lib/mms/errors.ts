/**
 * Typed errors for every codec in lib/mms. Callers branch on `code` (stable strings), never on messages.
 * Every decoder wraps unexpected internal failures into one of these so that hostile input can never
 * surface as a TypeError/RangeError from deep inside a parser.
 */
export class MmsCodecError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Binary MMS PDU (OMA-MMS-ENC / WSP) could not be decoded. `offset` is the byte where decoding stopped. */
export class PduDecodeError extends MmsCodecError {
  readonly offset: number;
  constructor(code: string, message: string, offset = -1, options?: { cause?: unknown }) {
    super(code, offset >= 0 ? `${message} (at byte ${offset})` : message, options);
    this.offset = offset;
  }
}

/** A PDU object could not be encoded (missing mandatory header, value out of range, ...). */
export class PduEncodeError extends MmsCodecError {}

/** An MM7 SOAP message (envelope, attachments or values) could not be parsed. */
export class Mm7ParseError extends MmsCodecError {}

/** An MM7 message object could not be encoded. */
export class Mm7EncodeError extends MmsCodecError {}

/** MIME multipart structure could not be parsed (raised by lib/mms/mime.ts; decodeMm7 rewraps it as Mm7ParseError). */
export class MimeError extends MmsCodecError {}

/** XML was refused (DTD, entity declarations, malformed, too deep). */
export class XmlError extends MmsCodecError {}

/** SMIL presentation could not be parsed. */
export class SmilParseError extends MmsCodecError {}

/** WAP push / SMS user data could not be built or parsed. */
export class WapPushError extends MmsCodecError {}
