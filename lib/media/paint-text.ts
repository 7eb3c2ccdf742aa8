// Draws overlay text into a copy of a raster from cached glyph masks, so a send-time render with a
// new name costs a few small alpha blends instead of an SVG render (librsvg + pango, ~3 ms a call).
// Glyphs are laid out with the font's own advances and kerning; text the glyph path cannot draw
// faithfully (shaping scripts, combining marks, characters DejaVu lacks) goes through the SVG.
import sharp from "sharp";
import type { TextSpec } from "./edits";
import { fontMetrics } from "./font-metrics";
import { ensureFonts, FONT_FAMILY, fontFile } from "./fonts";
import { Lru } from "./lru";
import { fromRaster, type Raster } from "./raster";
import { escapeXml, layoutText, textLayer, type TextLayout } from "./text-layer";

type Spec = Pick<TextSpec, "font" | "size" | "color" | "outline" | "position">;
/** Coverage of one glyph (fill, and fill plus outline), trimmed to its ink; (dx, dy) is its top left from the pen origin. */
type Glyph = { width: number; height: number; dx: number; dy: number; fill: Uint8Array; outer: Uint8Array };
type Placed = { ch: string; x: number; y: number };

const glyphs = new Lru<Promise<Glyph>>(16 * 1024 * 1024, () => 8 * 1024);

// Latin, Greek, Cyrillic and common punctuation: one code point, one glyph, no shaping.
const SIMPLE = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u0370-\u03ff\u0400-\u0482\u048a-\u04ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*$/;
const HEX = /^#[0-9a-fA-F]{6}$/;

// Glyphs are drawn at quarter-pixel pen positions, as pango places them, not snapped to whole pixels.
const PHASES = 4;
const phaseOf = (x: number) => (Math.round(x * PHASES) % PHASES + PHASES) % PHASES / PHASES;

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

async function renderGlyph(ch: string, bold: boolean, px: number, stroke: number, phase: number): Promise<Glyph> {
  await ensureFonts();
  const margin = Math.ceil(stroke / 2) + Math.ceil(px * 0.3);
  const m = fontMetrics(fontFile(bold));
  const width = Math.ceil((m.advance(m.glyph(ch.codePointAt(0)!)) * px) / m.unitsPerEm) + 2 * margin;
  const baseline = Math.ceil(px * 1.1) + margin, height = baseline + Math.ceil(px * 0.35) + margin;
  const coverage = (outline: boolean) => {
    const paint = outline ? ` stroke="#fff" stroke-width="${stroke}" stroke-linejoin="round"` : "";
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="${margin + phase}" y="${baseline}" font-family="${FONT_FAMILY}" font-weight="${bold ? "bold" : "normal"}" font-size="${px}" fill="#fff"${paint}>${escapeXml(ch)}</text></svg>`;
    return sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  };
  const [fill, outer = fill] = await Promise.all([coverage(false), ...(stroke ? [coverage(true)] : [])]);
  return trim(fill, outer, width, height, -margin, -baseline);
}

function trim(fill: Buffer, outer: Buffer, width: number, height: number, dx: number, dy: number): Glyph {
  let x0 = width, x1 = 0, y0 = height, y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!outer[y * width + x]) continue;
      x0 = Math.min(x0, x), x1 = Math.max(x1, x + 1), y0 = Math.min(y0, y), y1 = Math.max(y1, y + 1);
    }
  }
  const w = Math.max(0, x1 - x0), h = Math.max(0, y1 - y0);
  const cut = (m: Buffer) => {
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) out.set(m.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w);
    return out;
  };
  return { width: w, height: h, dx: dx + x0, dy: dy + y0, fill: cut(fill), outer: outer === fill ? cut(fill) : cut(outer) };
}

function glyph(ch: string, bold: boolean, px: number, stroke: number, phase: number): Promise<Glyph> {
  const key = `${bold ? "b" : "r"}|${px}|${stroke}|${phase}|${ch}`;
  let g = glyphs.get(key);
  if (!g) {
    g = renderGlyph(ch, bold, px, stroke, phase);
    g.catch(() => glyphs.delete(key));
    glyphs.set(key, g);
  }
  return g;
}

/** Pen positions of each character of each line, centred like SVG's text-anchor="middle"; null when a glyph is missing. */
function place(l: TextLayout): Placed[] | null {
  const m = fontMetrics(fontFile(l.bold));
  const scale = l.px / m.unitsPerEm;
  const out: Placed[] = [];
  for (const [i, line] of l.lines.entries()) {
    const chars = [...line], ids = chars.map((c) => m.glyph(c.codePointAt(0)!));
    if (ids.includes(0)) return null;
    const pens: number[] = [];
    let pen = 0;
    for (const [j, id] of ids.entries()) {
      if (j) pen += m.kern(ids[j - 1]!, id);
      pens.push(pen);
      pen += m.advance(id);
    }
    const left = l.centreX - (pen * scale) / 2;
    chars.forEach((ch, j) => ch !== " " && out.push({ ch, x: left + pens[j]! * scale, y: l.top + l.baselines[i]! }));
  }
  return out;
}

/**
 * Paints outline then fill (SVG paint-order="stroke"), each the max of the glyph coverages: the
 * union of the shapes, as one text path is painted. Only the rectangle the glyphs cover is touched.
 */
function paint(r: Raster, into: Buffer, l: TextLayout, placed: Placed[], cells: Glyph[], fg: number[], ol: number[] | null): Buffer {
  const at = placed.map((p, k) => [Math.floor(p.x + 1 / (2 * PHASES)) + cells[k]!.dx, p.y + cells[k]!.dy] as const);
  const left = Math.max(0, Math.min(...at.map(([x]) => x))), right = Math.min(r.width, Math.max(...at.map(([x], k) => x + cells[k]!.width)));
  const top = Math.max(l.top, Math.min(...at.map(([, y]) => y))), bottom = Math.min(l.top + l.height, Math.max(...at.map(([, y], k) => y + cells[k]!.height)));
  const data = into;
  r.data.copy(data);
  const w = right - left, h = bottom - top;
  if (w <= 0 || h <= 0) return data;
  const fill = new Uint8Array(w * h), outer = new Uint8Array(w * h);
  cells.forEach((g, k) => {
    const [gx, gy] = at[k]!;
    for (let y = Math.max(0, top - gy); y < g.height && gy + y < bottom; y++) {
      const row = (gy + y - top) * w - left + gx, src = y * g.width;
      for (let x = Math.max(0, left - gx); x < g.width && gx + x < right; x++) {
        if (g.outer[src + x]! > outer[row + x]!) outer[row + x] = g.outer[src + x]!;
        if (g.fill[src + x]! > fill[row + x]!) fill[row + x] = g.fill[src + x]!;
      }
    }
  });
  const c = r.channels;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w, o = ((top + y) * r.width + left) * c; x < w; x++, i++, o += c) {
      const f = fill[i]!, e = outer[i]!;
      if (f === 255) over(data, o, c, fg, 255);
      else if (e) {
        if (ol) over(data, o, c, ol, e);
        if (f) over(data, o, c, fg, f);
      }
    }
  }
  return data;
}

/** Source-over of `colour` at coverage `alpha` onto a straight-alpha pixel, as cairo paints. */
function over(px: Buffer, at: number, channels: number, [r, g, b]: number[], alpha: number) {
  if (alpha === 255 && (channels === 3 || px[at + 3] === 255)) {
    px[at] = r!, px[at + 1] = g!, px[at + 2] = b!;
    return;
  }
  if (channels === 3) {
    px[at] = px[at]! + ((r! - px[at]!) * alpha + 127) / 255;
    px[at + 1] = px[at + 1]! + ((g! - px[at + 1]!) * alpha + 127) / 255;
    px[at + 2] = px[at + 2]! + ((b! - px[at + 2]!) * alpha + 127) / 255;
    return;
  }
  const a = alpha / 255, da = px[at + 3]! / 255, oa = a + da * (1 - a);
  px[at] = Math.round((r! * a + px[at]! * da * (1 - a)) / oa);
  px[at + 1] = Math.round((g! * a + px[at + 1]! * da * (1 - a)) / oa);
  px[at + 2] = Math.round((b! * a + px[at + 2]! * da * (1 - a)) / oa);
  px[at + 3] = Math.round(oa * 255);
}

async function drawGlyphs(r: Raster, into: Buffer, spec: Spec, l: TextLayout): Promise<Raster | null> {
  if ((r.channels !== 3 && r.channels !== 4) || !HEX.test(spec.color) || (spec.outline && !HEX.test(spec.outline)) || !l.lines.every((s) => SIMPLE.test(s))) return null;
  const placed = place(l);
  if (!placed) return null;
  const cells = await Promise.all(placed.map((p) => glyph(p.ch, l.bold, l.px, l.stroke, phaseOf(p.x))));
  return { ...r, data: paint(r, into, l, placed, cells, rgb(spec.color), spec.outline ? rgb(spec.outline) : null) };
}

/** Draws the band of rows the text covers only, then splices it into a copy of the rows around it. */
async function drawSvg(r: Raster, into: Buffer, spec: Spec, text: string): Promise<Raster> {
  await ensureFonts();
  const layer = textLayer(r.width, r.height, spec, text)!;
  const rowBytes = r.width * r.channels;
  const band: Raster = { data: r.data.subarray(layer.top * rowBytes, (layer.top + layer.height) * rowBytes), width: r.width, height: layer.height, channels: r.channels };
  let s = fromRaster(band).composite([{ input: layer.svg, top: 0, left: 0 }]);
  s = r.channels === 4 ? s.ensureAlpha() : s.removeAlpha();
  const drawn = await s.raw().toBuffer();
  r.data.copy(into);
  drawn.copy(into, layer.top * rowBytes);
  return { ...r, data: into };
}

/** `r` with `text` drawn as textLayer lays it out, in `into` (as large as `r.data`); `r` itself is never written to. */
export async function paintText(r: Raster, spec: Spec, text: string, into: Buffer = Buffer.allocUnsafe(r.data.length)): Promise<Raster> {
  const l = layoutText(r.width, r.height, spec, text);
  if (!l) return r;
  return (await drawGlyphs(r, into, spec, l)) ?? drawSvg(r, into, spec, text);
}
