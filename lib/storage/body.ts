import { createHash } from "node:crypto";
import { Readable } from "node:stream";

/** Collects a put() body into one buffer with its digest (objects here are bounded by the upload limits). */
export async function collect(body: Buffer | Uint8Array | Readable): Promise<{ bytes: Buffer; sha256: string }> {
  let bytes: Buffer;
  if (body instanceof Readable) {
    const parts: Buffer[] = [];
    for await (const c of body) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
    bytes = Buffer.concat(parts);
  } else {
    bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
