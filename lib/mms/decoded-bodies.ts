// A receiver's memory of recently decoded transfer bodies, keyed by their encoded bytes. A campaign
// sends the same picture to every recipient, so an MMSC meets byte-identical base64 parts over and
// over: a hit costs one memcmp instead of a decode, and hands back the same Buffer, which lets
// content-addressed storage skip hashing it again. Bodies handed out are shared: callers never
// write into them.

type Entry = { encoded: Buffer; decoded: Buffer };

export class DecodedBodies {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 32,
    /** Small parts (personalised text, SMIL) differ per message and decode in no time: not kept. */
    private readonly minBytes = 8 * 1024,
  ) {}

  decode(encoded: Buffer, encoding: string, decode: (b: Buffer) => Buffer): Buffer {
    if (encoded.length < this.minBytes) return decode(encoded);
    const key = `${encoding}:${encoded.length}:${sample(encoded)}`;
    const hit = this.entries.get(key);
    if (hit && hit.encoded.equals(encoded)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.decoded;
    }
    const decoded = decode(encoded);
    // A copy, so the entry does not keep the whole request body it was sliced from alive.
    this.entries.delete(key);
    this.entries.set(key, { encoded: Buffer.from(encoded), decoded });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return decoded;
  }
}

/** A cheap fingerprint from 16 words spread over the body: equal bodies agree, and a hit is verified anyway. */
function sample(b: Buffer): string {
  let h = 0x811c9dc5;
  const step = Math.floor((b.length - 4) / 15);
  for (let i = 0; i < 16; i++) h = Math.imul(h ^ b.readUInt32LE(Math.min(i * step, b.length - 4)), 16777619) >>> 0;
  return h.toString(36);
}
