// Lays out a line (or a few wrapped lines) of text and draws it as an SVG band the width of the
// picture, for sharp to composite. One layout for captions and for per-recipient overlays: the
// preview and the variants draw this SVG, the send-time render (paint-text.ts) draws the same
// layout from cached glyph masks, which matches it to within antialiasing.
import { FONT_FAMILY, fontWeight } from "./fonts";
import type { TextSpec } from "./edits";

export const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

/** Average glyph advance of DejaVu Sans as a fraction of the font size (bold is wider). */
const advance = (bold: boolean) => (bold ? 0.68 : 0.62);

function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!cur) cur = word;
    else if ((cur + " " + word).length <= maxChars) cur += " " + word;
    else {
      lines.push(cur);
      cur = word;
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

export type TextLayer = { svg: Buffer; top: number; left: number; width: number; height: number };

type Spec = Pick<TextSpec, "font" | "size" | "color" | "outline" | "position">;

/** Where the text goes: a band `height` rows tall at row `top`, lines centred on `centreX`, baselines relative to the band. */
export type TextLayout = { lines: string[]; bold: boolean; px: number; stroke: number; baselines: number[]; centreX: number; top: number; width: number; height: number };

export function layoutText(canvasWidth: number, canvasHeight: number, spec: Spec, text: string): TextLayout | null {
  const clean = text.replace(/\s+/g, " ").trim();
  if (!clean) return null;
  const bold = fontWeight(spec.font) === "bold";
  const usable = canvasWidth * 0.92;
  let px = Math.max(8, Math.round(spec.size * canvasHeight));
  let lines = wrap(clean, Math.max(1, Math.floor(usable / (px * advance(bold)))));
  // Too many lines or a word wider than the picture: shrink the type rather than cut the text.
  while (px > 8 && (lines.length > 3 || lines.some((l) => l.length * px * advance(bold) > usable))) {
    px = Math.max(8, Math.floor(px * 0.85));
    lines = wrap(clean, Math.max(1, Math.floor(usable / (px * advance(bold)))));
  }
  const lineH = Math.round(px * 1.22);
  const pad = Math.round(px * 0.35);
  const height = Math.min(canvasHeight, lines.length * lineH + 2 * pad);
  const margin = Math.round(canvasHeight * 0.03);
  const top =
    spec.position === "top" ? margin : spec.position === "center" ? Math.round((canvasHeight - height) / 2) : Math.max(0, canvasHeight - height - margin);
  return {
    lines, bold, px, stroke: spec.outline ? Math.max(1, Math.round(px * 0.12)) : 0, baselines: lines.map((_, i) => pad + Math.round(px * 0.95) + i * lineH),
    centreX: canvasWidth / 2, top: Math.max(0, Math.min(top, canvasHeight - height)), width: canvasWidth, height,
  };
}

export function textLayer(canvasWidth: number, canvasHeight: number, spec: Spec, text: string): TextLayer | null {
  const l = layoutText(canvasWidth, canvasHeight, spec, text);
  if (!l) return null;
  const stroke = spec.outline ? ` stroke="${spec.outline}" stroke-width="${l.stroke}" stroke-linejoin="round" paint-order="stroke"` : "";
  const tspans = l.lines.map((line, i) => `<tspan x="${l.centreX}" y="${l.baselines[i]}">${escapeXml(line)}</tspan>`).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${canvasWidth}" height="${l.height}"><text text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="${l.bold ? "bold" : "normal"}" font-size="${l.px}" fill="${spec.color}"${stroke}>${tspans}</text></svg>`;
  return { svg: Buffer.from(svg), top: l.top, left: 0, width: canvasWidth, height: l.height };
}
