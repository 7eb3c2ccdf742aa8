// Send-time overlays are drawn from cached glyph masks; they must look like the SVG text the
// preview and the variants draw (same place, same size, outline under fill), and fall back to
// that SVG for text the glyph path cannot draw.
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { TextSpec } from "@/lib/media/edits";
import { ensureFonts } from "@/lib/media/fonts";
import { paintText } from "@/lib/media/paint-text";
import { fromRaster, type Raster } from "@/lib/media/raster";
import { layoutText, textLayer } from "@/lib/media/text-layer";

type Spec = Pick<TextSpec, "font" | "size" | "color" | "outline" | "position">;

async function viaSvg(r: Raster, spec: Spec, text: string): Promise<Buffer> {
  const layer = textLayer(r.width, r.height, spec, text)!;
  const s = fromRaster(r).composite([{ input: layer.svg, top: layer.top, left: 0 }]);
  return (r.channels === 4 ? s.ensureAlpha() : s.removeAlpha()).raw().toBuffer();
}

/** Per-channel difference; colours of transparent pixels are weighed by their alpha (the SVG path zeroes fully transparent ones). */
const diff = (a: Buffer, b: Buffer, channels = 3) => {
  let sum = 0, max = 0;
  const premultiplied = (p: Buffer, i: number) => (channels === 4 && i % 4 !== 3 ? (p[i]! * p[i - (i % 4) + 3]!) / 255 : p[i]!);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(premultiplied(a, i) - premultiplied(b, i));
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / a.length, max };
};

async function raster(width: number, height: number, channels: 3 | 4): Promise<Raster> {
  const data = await sharp({ create: { width, height, channels, background: { r: 48, g: 112, b: 160, alpha: channels === 4 ? 0.5 : 1 }, noise: { type: "gaussian", mean: 128, sigma: 30 } } }).raw().toBuffer();
  return { data, width, height, channels };
}

beforeAll(() => ensureFonts());

describe("overlay text", () => {
  const spec: Spec = { font: "sans-bold", size: 0.08, color: "#ffffff", outline: "#000000", position: "bottom" };

  it("draws what the SVG draws, to within antialiasing, on opaque and transparent pictures", async () => {
    for (const [r, s, text] of [
      [await raster(640, 480, 3), spec, "Ciao AVATAR Wwwwwwwwwwww, grazie!"],
      [await raster(400, 300, 4), { ...spec, font: "sans", color: "#ffcc00", outline: "#200040", position: "center" }, "Hello Zoë, ça va?"],
      [await raster(1280, 960, 3), { ...spec, outline: null, position: "top", size: 0.05 }, "Ciao Bartholomew-Alexander, grazie per essere con noi da tanti anni"],
    ] as const) {
      const before = Buffer.from(r.data);
      const drawn = await paintText(r, s, text);
      expect(r.data.equals(before)).toBe(true);
      const d = diff(drawn.data, await viaSvg(r, s, text), r.channels);
      expect(d.mean).toBeLessThan(0.3);
      expect(d.max).toBeLessThan(100);
      // And it did draw: the band differs from the picture underneath.
      const l = layoutText(r.width, r.height, s, text)!;
      const rows = (a: Buffer) => a.subarray(l.top * r.width * r.channels, (l.top + l.height) * r.width * r.channels);
      expect(diff(rows(drawn.data), rows(r.data), r.channels).mean).toBeGreaterThan(5);
    }
  });

  it("hands text that needs shaping or another font to the SVG renderer", async () => {
    const r = await raster(400, 300, 3);
    for (const text of ["مرحبا Ahmed", "Ciao 李雷", "e\u0301"]) expect((await paintText(r, spec, text)).data.equals(await viaSvg(r, spec, text))).toBe(true);
  });
});
