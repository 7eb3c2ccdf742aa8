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
 * Paints every outline, then every fill (SVG paint-order="stroke" on the whole text), so no
 * letter's outline covers its neighbour's fill. Where two outlines' soft edges meet they compound
 * instead of merging, a difference of a few levels on a handful of pixels.
 */
function paint(r: Raster, into: Buffer, l: TextLayout, placed: Placed[], cells: Glyph[], fg: number[], ol: number[] | null): Buffer {
  // Clipped to the band, as the SVG band is.
  const top = l.top, bottom = l.top + l.height;
  const c = r.channels;
  for (const pass of ol ? ([["outer", ol], ["fill", fg]] as const) : ([["fill", fg]] as const)) {
    const [mask, colour] = pass;
    cells.forEach((g, k) => {
      const gx = Math.floor(placed[k]!.x + 1 / (2 * PHASES)) + g.dx, gy = placed[k]!.y + g.dy;
      // Inside a letter its own fill will cover the outline completely: skip it.
      const cov = g[mask], hidden = mask === "outer" ? g.fill : null;
      for (let y = Math.max(0, top - gy); y < g.height && gy + y < bottom; y++) {
        for (let x = Math.max(0, -gx), i = y * g.width + x, o = ((gy + y) * r.width + gx + x) * c; x < g.width && gx + x < r.width; x++, i++, o += c) {
          if (cov[i] && !(hidden && hidden[i] === 255)) over(into, o, c, colour, cov[i]!);
        }
      }
    });
  }
  return into;
}

/** Source-over of `colour` at coverage `alpha` onto a straight-alpha pixel, as cairo paints. */
function over(px: Buffer, at: number, channels: number, colour: readonly number[], alpha: number) {
  const r = colour[0]!, g = colour[1]!, b = colour[2]!;
  if (alpha === 255 && (channels === 3 || px[at + 3] === 255)) {
    px[at] = r, px[at + 1] = g, px[at + 2] = b;
    return;
  }
  if (channels === 3) {
    px[at] = px[at]! + ((r - px[at]!) * alpha + 127) / 255;
    px[at + 1] = px[at + 1]! + ((g - px[at + 1]!) * alpha + 127) / 255;
    px[at + 2] = px[at + 2]! + ((b - px[at + 2]!) * alpha + 127) / 255;
    return;
  }
  const a = alpha / 255, da = px[at + 3]! / 255, oa = a + da * (1 - a);
  px[at] = Math.round((r * a + px[at]! * da * (1 - a)) / oa);
  px[at + 1] = Math.round((g * a + px[at + 1]! * da * (1 - a)) / oa);
  px[at + 2] = Math.round((b * a + px[at + 2]! * da * (1 - a)) / oa);
  px[at + 3] = Math.round(oa * 255);
}

async function drawGlyphs(r: Raster, into: Buffer, spec: Spec, l: TextLayout): Promise<Buffer | null> {
  if ((r.channels !== 3 && r.channels !== 4) || !HEX.test(spec.color) || (spec.outline && !HEX.test(spec.outline)) || !l.lines.every((s) => SIMPLE.test(s))) return null;
  const placed = place(l);
  if (!placed) return null;
  const cells = await Promise.all(placed.map((p) => glyph(p.ch, l.bold, l.px, l.stroke, phaseOf(p.x))));
  return paint(r, into, l, placed, cells, rgb(spec.color), spec.outline ? rgb(spec.outline) : null);
}

/** Draws the band of rows the text covers only, then splices it in: compositing the whole picture would premultiply every pixel. */
async function drawSvg(r: Raster, into: Buffer, spec: Spec, text: string): Promise<Buffer> {
  await ensureFonts();
  const layer = textLayer(r.width, r.height, spec, text)!;
  const rowBytes = r.width * r.channels;
  const band: Raster = { data: r.data.subarray(layer.top * rowBytes, (layer.top + layer.height) * rowBytes), width: r.width, height: layer.height, channels: r.channels };
  let s = fromRaster(band).composite([{ input: layer.svg, top: 0, left: 0 }]);
  s = r.channels === 4 ? s.ensureAlpha() : s.removeAlpha();
  const drawn = await s.raw().toBuffer();
  drawn.copy(into, layer.top * rowBytes);
  return into;
}

/**
 * A copy of a picture to draw one text at a time on, reused from render to render: before each
 * text only the rows the previous one changed are restored (copying all of a 640 px picture, 0.1-0.2
 * ms, cost about half as much as drawing the text).
 */
export class Canvas {
  readonly data: Buffer;
  private dirty = { from: 0, to: 0 };

  constructor(private base: Raster) {
    this.data = Buffer.from(base.data);
  }

  fits(r: Raster): boolean {
    return r.data.length === this.data.length;
  }

  holds(r: Raster): boolean {
    return r === this.base;
  }

  /** Resets the pixels to `r`'s (a raster as large as the first). */
  reset(r: Raster): void {
    if (r === this.base) r.data.copy(this.data, this.dirty.from, this.dirty.from, this.dirty.to);
    else r.data.copy(this.data);
    this.base = r;
    this.dirty = { from: 0, to: 0 };
  }

  touched(from: number, to: number): void {
    this.dirty = { from, to };
  }
}

/** `r` with `text` drawn as textLayer lays it out, on `canvas` (reset to `r` first); `r` itself is never written to. */
export async function paintText(r: Raster, spec: Spec, text: string, canvas = new Canvas(r)): Promise<Raster> {
  canvas.reset(r);
  const l = layoutText(r.width, r.height, spec, text);
  if (!l) return r;
  const rowBytes = r.width * r.channels;
  canvas.touched(l.top * rowBytes, (l.top + l.height) * rowBytes);
  return { ...r, data: (await drawGlyphs(r, canvas.data, spec, l)) ?? (await drawSvg(r, canvas.data, spec, text)) };
}
