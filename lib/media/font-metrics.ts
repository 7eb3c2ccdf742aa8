// Advance widths and pair kerning read from the shipped TrueType files, so text can be laid out
// glyph by glyph without asking pango (which costs a full SVG render per call).
import { readFileSync } from "node:fs";

export type FontMetrics = {
  unitsPerEm: number;
  /** Glyph index for a code point; 0 when the font has none (pango would fall back to another font). */
  glyph(cp: number): number;
  advance(glyph: number): number;
  kern(left: number, right: number): number;
};

const loaded = new Map<string, FontMetrics>();

export function fontMetrics(file: string): FontMetrics {
  let m = loaded.get(file);
  if (!m) loaded.set(file, (m = parse(readFileSync(file))));
  return m;
}

function parse(d: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  for (let i = 0, n = d.readUInt16BE(4); i < n; i++) tables.set(d.toString("latin1", 12 + 16 * i, 16 + 16 * i), d.readUInt32BE(20 + 16 * i));
  const at = (tag: string) => {
    const o = tables.get(tag);
    if (o === undefined) throw new Error(`font has no ${tag} table`);
    return o;
  };
  const unitsPerEm = d.readUInt16BE(at("head") + 18);
  const nMetrics = d.readUInt16BE(at("hhea") + 34);
  const hmtx = at("hmtx");
  const advance = (g: number) => d.readUInt16BE(hmtx + 4 * Math.min(g, nMetrics - 1));
  const glyph = cmap(d, at("cmap"));
  const pairs = new Map<number, number>();
  const kern = tables.get("kern");
  // Version 0 kern table, first subtable (DejaVu's only one): its 16-bit length overflows, so
  // the pair count is what bounds it.
  if (kern !== undefined && d.readUInt16BE(kern) === 0 && d.readUInt16BE(kern + 2) > 0 && d.readUInt16BE(kern + 8) === 1) {
    const n = d.readUInt16BE(kern + 10);
    for (let i = 0, p = kern + 18; i < n; i++, p += 6) pairs.set(d.readUInt16BE(p) * 65536 + d.readUInt16BE(p + 2), d.readInt16BE(p + 4));
  }
  return { unitsPerEm, glyph, advance, kern: (l, r) => pairs.get(l * 65536 + r) ?? 0 };
}

/** Unicode cmap (format 12, else format 4). */
function cmap(d: Buffer, base: number): (cp: number) => number {
  const subtables: { format: number; offset: number }[] = [];
  for (let i = 0, n = d.readUInt16BE(base + 2); i < n; i++) {
    const platform = d.readUInt16BE(base + 4 + 8 * i), encoding = d.readUInt16BE(base + 6 + 8 * i);
    const offset = base + d.readUInt32BE(base + 8 + 8 * i);
    if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) subtables.push({ format: d.readUInt16BE(offset), offset });
  }
  const f12 = subtables.find((s) => s.format === 12);
  if (f12) {
    const n = d.readUInt32BE(f12.offset + 12);
    return (cp) => {
      for (let i = 0, p = f12.offset + 16; i < n; i++, p += 12) {
        if (cp < d.readUInt32BE(p)) return 0;
        if (cp <= d.readUInt32BE(p + 4)) return d.readUInt32BE(p + 8) + cp - d.readUInt32BE(p);
      }
      return 0;
    };
  }
  const f4 = subtables.find((s) => s.format === 4);
  if (!f4) throw new Error("font has no Unicode cmap");
  const o = f4.offset, seg2 = d.readUInt16BE(o + 6);
  const ends = o + 14, starts = ends + seg2 + 2, deltas = starts + seg2, ranges = deltas + seg2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < seg2; i += 2) {
      if (cp > d.readUInt16BE(ends + i)) continue;
      const start = d.readUInt16BE(starts + i);
      if (cp < start) return 0;
      const delta = d.readInt16BE(deltas + i), range = d.readUInt16BE(ranges + i);
      if (range === 0) return (cp + delta) & 0xffff;
      const g = d.readUInt16BE(ranges + i + range + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}
