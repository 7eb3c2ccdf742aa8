// Guesses how an uploaded file is written from its first bytes: encoding (UTF-8 with or without BOM,
// UTF-16 with BOM, else Windows-1252, the usual Excel-on-Windows export) and separator (comma,
// semicolon as in European Excel, tab), counting separators outside quotes on the first lines.
import iconv from "iconv-lite";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
export type Delimiter = "," | ";" | "\t" | "|";

export function detectEncoding(head: Buffer): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  // Valid UTF-8 up to a possibly cut final character means UTF-8; anything else is a legacy code page.
  let end = head.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = head[end - k]!;
    if ((b & 0xc0) === 0xc0) { end -= k; break; }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
    return { encoding: "utf-8", bomLength: 0 };
  } catch {
    return { encoding: "windows-1252", bomLength: 0 };
  }
}

export function detectDelimiter(sample: string): Delimiter {
  const candidates: Delimiter[] = [",", ";", "\t", "|"];
  const lines: string[] = [];
  let cur = "";
  let inQ = false;
  for (const ch of sample) {
    if (ch === '"') inQ = !inQ;
    if ((ch === "\n" || ch === "\r") && !inQ) {
      if (cur.trim()) lines.push(cur);
      cur = "";
      if (lines.length >= 20) break;
    } else cur += ch;
  }
  if (cur.trim() && lines.length < 20) lines.push(cur);
  let best: Delimiter = ",";
  let bestScore = -1;
  for (const d of candidates) {
    const counts = lines.map((l) => {
      let n = 0;
      let q = false;
      for (const ch of l) {
        if (ch === '"') q = !q;
        else if (ch === d && !q) n++;
      }
      return n;
    });
    if (!counts.length || counts[0] === 0) continue;
    // Prefer separators that appear on the header and consistently on the following lines.
    const consistent = counts.filter((c) => c === counts[0]).length;
    const score = consistent * 1000 + counts[0]!;
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}

/** A streaming text decoder for the detected encoding (multi-byte characters may span chunks). */
export function createDecoder(encoding: Encoding): { write: (b: Buffer) => string; end: () => string } {
  if (encoding === "utf-8") {
    const d = new TextDecoder("utf-8");
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(encoding === "windows-1252" ? "win1252" : encoding);
  return { write: (b) => d.write(b), end: () => d.end() ?? "" };
}
