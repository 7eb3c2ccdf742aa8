/**
 * WSP value encodings (WAP-230 §8.4.2) as used by MMS: a bounds-checked reader and a growable writer.
 * Every read checks the current limit, so a lying length can never read outside the buffer or past its field.
 */
import iconv from "iconv-lite";
import { PduDecodeError, PduEncodeError } from "../errors";
import { CHARSETS, charsetMib } from "./wsp-tables";

export class WspReader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    pos = 0,
    public end = buf.length,
  ) {
    this.pos = pos;
  }

  fail(code: string, msg: string): never {
    throw new PduDecodeError(code, msg, this.pos);
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail("TRUNCATED", `need ${n} more byte(s), have ${this.end - this.pos}`);
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  peek(): number {
    this.need(1);
    return this.buf[this.pos];
  }
  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  uintvar(): number {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      v = v * 128 + (b & 0x7f);
      if (!(b & 0x80)) {
        if (v > 0xffffffff) this.fail("BAD_UINTVAR", "uintvar exceeds 32 bits");
        return v;
      }
    }
    return this.fail("BAD_UINTVAR", "uintvar longer than 5 octets");
  }

  /** Value-length: Short-length (0-30) or Length-quote (31) + uintvar. Checked against what is left. */
  valueLength(): number {
    const b = this.byte();
    const len = b < 31 ? b : b === 31 ? this.uintvar() : this.fail("BAD_LENGTH", `0x${b.toString(16)} is not a value-length`);
    if (len > this.end - this.pos) this.fail("BAD_LENGTH", `value-length ${len} exceeds the ${this.end - this.pos} bytes left`);
    return len;
  }

  /** Run fn on a sub-range of `len` bytes, then continue after it whatever fn consumed. */
  within<T>(len: number, fn: () => T): T {
    this.need(len);
    const savedEnd = this.end;
    const stop = this.pos + len;
    this.end = stop;
    try {
      return fn();
    } finally {
      this.end = savedEnd;
      this.pos = stop;
    }
  }

  shortInteger(): number {
    const b = this.byte();
    if (!(b & 0x80)) {
      this.pos--;
      this.fail("BAD_VALUE", `expected short-integer, got 0x${b.toString(16)}`);
    }
    return b & 0x7f;
  }

  longInteger(): number {
    const len = this.byte();
    if (len < 1 || len > 30) this.fail("BAD_LENGTH", `long-integer length ${len}`);
    if (len > 6) {
      // Values above 2^48 do not occur in MMS; reading them exactly would need BigInt for no benefit.
      const b = this.bytes(len);
      let v = 0;
      for (const x of b) v = v * 256 + x;
      if (v > Number.MAX_SAFE_INTEGER) this.fail("BAD_VALUE", "long-integer too large");
      return v;
    }
    const b = this.bytes(len);
    let v = 0;
    for (const x of b) v = v * 256 + x;
    return v;
  }

  integerValue(): number {
    const b = this.peek();
    if (b & 0x80) return this.shortInteger();
    return this.longInteger();
  }

  /** Text-string without decoding: bytes up to NUL (the 0x7F quote removed). */
  textBytes(): Buffer {
    const stop = this.buf.indexOf(0, this.pos);
    if (stop < 0 || stop >= this.end) this.fail("TRUNCATED", "text-string without NUL terminator");
    let start = this.pos;
    if (this.buf[start] === 0x7f) start++;
    const out = this.buf.subarray(start, stop);
    this.pos = stop + 1;
    return out;
  }

  /** Text-string, decoded as UTF-8 (MMS text without a charset is US-ASCII, of which UTF-8 is a superset). */
  textString(): string {
    return decodeUtf8(this.textBytes());
  }

  /** Quoted-string (0x22 ... NUL) or plain text-string; the quote is dropped. */
  quotedOrText(): string {
    if (this.peek() === 0x22) this.pos++;
    return this.textString();
  }

  /** Encoded-string-value: Text-string | Value-length Char-set Text-string. */
  encodedString(): string {
    const b = this.peek();
    if (b > 31) return this.textString();
    const len = this.valueLength();
    return this.within(len, () => {
      const mib = this.peek() === 0x80 ? (this.pos++, 0) : this.integerValue();
      let raw = this.bytes(this.end - this.pos);
      if (raw[0] === 0x7f) raw = raw.subarray(1);
      return decodeCharset(stripNul(raw, mib), mib, this.pos);
    });
  }

  /** Skip any well-formed WSP value (used for headers we keep as raw bytes). Returns the raw bytes. */
  skipValue(): Buffer {
    const start = this.pos;
    const b = this.peek();
    if (b >= 0x80) this.pos++;
    else if (b <= 30) {
      this.pos++;
      this.need(b);
      this.pos += b;
    } else if (b === 31) {
      this.pos++;
      const len = this.uintvar();
      this.need(len);
      this.pos += len;
    } else this.textBytes();
    return this.buf.subarray(start, this.pos);
  }
}

function stripNul(raw: Buffer, mib: number): Buffer {
  const wide = mib === 1000 || mib === 1013 || mib === 1014 || mib === 1015;
  if (wide) {
    if (raw.length >= 2 && raw[raw.length - 1] === 0 && raw[raw.length - 2] === 0) return raw.subarray(0, -2);
    if (raw.length % 2 === 1 && raw[raw.length - 1] === 0) return raw.subarray(0, -1);
    return raw;
  }
  const z = raw.indexOf(0);
  return z >= 0 ? raw.subarray(0, z) : raw;
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
export function decodeUtf8(b: Buffer): string {
  // Pure ASCII is by far the common case; latin1 decoding of it is identical and cheaper.
  for (let i = 0; i < b.length; i++) if (b[i] & 0x80) return utf8Decoder.decode(b);
  return b.toString("latin1");
}

export function decodeCharset(raw: Buffer, mib: number, offset = -1): string {
  if (mib === 106 || mib === 3 || mib === 0) return decodeUtf8(raw);
  if (mib === 4) return raw.toString("latin1");
  const name = CHARSETS[mib];
  const iconvName = name === "iso-10646-ucs-2" ? "utf-16be" : name;
  if (!iconvName || !iconv.encodingExists(iconvName)) {
    throw new PduDecodeError("BAD_CHARSET", `unsupported charset MIBenum ${mib}`, offset);
  }
  return iconv.decode(raw, iconvName);
}

// ---------------------------------------------------------------------------------------------------------------

export class WspWriter {
  buf: Buffer;
  len = 0;
  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }
  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }
  byte(b: number): this {
    this.grow(1);
    this.buf[this.len++] = b;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  uintvar(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new PduEncodeError("BAD_VALUE", `uintvar out of range: ${v}`);
    return this.bytes(uintvarBytes(v));
  }
  valueLength(n: number): this {
    return n < 31 ? this.byte(n) : this.byte(31).uintvar(n);
  }
  shortInteger(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 127) throw new PduEncodeError("BAD_VALUE", `short-integer out of range: ${v}`);
    return this.byte(v | 0x80);
  }
  longInteger(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
      throw new PduEncodeError("BAD_VALUE", `long-integer out of range: ${v}`);
    }
    const out: number[] = [];
    let x = v;
    do {
      out.unshift(x % 256);
      x = Math.floor(x / 256);
    } while (x > 0);
    this.byte(out.length);
    return this.bytes(Uint8Array.from(out));
  }
  integerValue(v: number): this {
    return v < 128 && v >= 0 && Number.isInteger(v) ? this.shortInteger(v) : this.longInteger(v);
  }
  textString(s: string): this {
    const b = Buffer.from(s, "utf8");
    if (b.includes(0)) throw new PduEncodeError("BAD_VALUE", "text-string must not contain NUL");
    if (b.length && b[0] >= 0x80) this.byte(0x7f);
    return this.bytes(b).byte(0);
  }
  quotedString(s: string): this {
    const b = Buffer.from(s, "utf8");
    if (b.includes(0)) throw new PduEncodeError("BAD_VALUE", "quoted-string must not contain NUL");
    return this.byte(0x22).bytes(b).byte(0);
  }
  /** Plain text-string for ASCII, otherwise UTF-8 with an explicit charset (what handsets expect). */
  encodedString(s: string): this {
    if (/^[\x01-\x7f]*$/.test(s)) return this.textString(s);
    const body = new WspWriter(s.length * 3 + 4);
    // No 0x7F quote after the charset: the value-length already delimits the text, AOSP accepts both forms, and
    // Wireshark prints a quote as part of the text.
    const text = Buffer.from(s, "utf8");
    if (text.includes(0)) throw new PduEncodeError("BAD_VALUE", "text must not contain NUL");
    body.integerValue(106).bytes(text).byte(0);
    const b = body.result();
    return this.valueLength(b.length).bytes(b);
  }
  /** Wrap what fn writes in a Value-length. */
  withLength(fn: (w: WspWriter) => void): this {
    const inner = new WspWriter(64);
    fn(inner);
    const b = inner.result();
    return this.valueLength(b.length).bytes(b);
  }
}

export function uintvarBytes(v: number): Uint8Array {
  const out: number[] = [v & 0x7f];
  let x = Math.floor(v / 128);
  while (x > 0) {
    out.unshift((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  return Uint8Array.from(out);
}

export function charsetToMib(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const mib = charsetMib(name);
  if (mib === undefined) throw new PduEncodeError("BAD_CHARSET", `unknown charset ${name}`);
  return mib;
}
