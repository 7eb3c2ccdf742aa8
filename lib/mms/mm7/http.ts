/**
 * Split a raw HTTP message (as captured to a file: request/status line, headers, blank line, body) so captures can
 * be fed to decodeMm7. Only used by tooling and tests; servers already have headers parsed.
 */
import { parseHeaderBlock } from "../mime";

export interface RawHttpMessage {
  startLine: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Returns null when the bytes do not start with an HTTP request or status line. */
export function splitHttpMessage(raw: Buffer): RawHttpMessage | null {
  const head = raw.toString("latin1", 0, Math.min(raw.length, 256));
  if (!/^(?:[A-Z]+ \S+ HTTP\/\d(?:\.\d)?|HTTP\/\d(?:\.\d)? \d{3})/.test(head)) return null;
  let sep = -1;
  let bodyStart = raw.length;
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    if (raw[i + 1] === 0x0a) {
      sep = i;
      bodyStart = i + 2;
      break;
    }
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) {
      sep = i;
      bodyStart = i + 3;
      break;
    }
  }
  if (sep < 0) sep = raw.length;
  const text = raw.toString("latin1", 0, sep);
  const nl = text.indexOf("\n");
  const startLine = (nl < 0 ? text : text.slice(0, nl)).trim();
  return { startLine, headers: parseHeaderBlock(nl < 0 ? "" : text.slice(nl + 1)), body: raw.subarray(bodyStart) };
}
