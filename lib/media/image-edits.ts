// Applies the shared (non-personalised) part of an edit list to a working picture.
import sharp from "sharp";
import type { Edit } from "./edits";
import { ensureFonts } from "./fonts";
import { fromRaster, toRaster, type Raster } from "./raster";
import { textLayer } from "./text-layer";

export type LogoLoader = (assetId: string) => Promise<Buffer | null>;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

export async function applyImageEdits(input: Raster, edits: readonly Edit[], loadLogo?: LogoLoader): Promise<Raster> {
  let r = input;
  for (const e of edits) {
    switch (e.type) {
      case "crop": {
        const left = clamp(Math.round(e.x * r.width), 0, r.width - 1);
        const top = clamp(Math.round(e.y * r.height), 0, r.height - 1);
        const width = clamp(Math.round(e.w * r.width), 1, r.width - left);
        const height = clamp(Math.round(e.h * r.height), 1, r.height - top);
        r = await toRaster(fromRaster(r).extract({ left, top, width, height }));
        break;
      }
      case "rotate":
        r = await toRaster(fromRaster(r).rotate(e.degrees));
        break;
      case "flip":
        r = await toRaster(e.axis === "horizontal" ? fromRaster(r).flop() : fromRaster(r).flip());
        break;
      case "resize":
        r = await toRaster(fromRaster(r).resize(e.maxWidth, e.maxHeight, { fit: "inside", withoutEnlargement: true }));
        break;
      case "adjust": {
        let s = fromRaster(r);
        if (e.brightness !== 1) s = s.modulate({ brightness: e.brightness });
        if (e.contrast !== 1) s = s.linear(e.contrast, 128 * (1 - e.contrast));
        r = await toRaster(s);
        break;
      }
      case "caption": {
        await ensureFonts();
        const layer = textLayer(r.width, r.height, e, e.text);
        if (layer) r = await toRaster(fromRaster(r).composite([{ input: layer.svg, top: layer.top, left: layer.left }]));
        break;
      }
      case "logo": {
        const bytes = await loadLogo?.(e.assetId);
        if (!bytes) break;
        const w = Math.max(8, Math.round(r.width * e.scale));
        const logo = await sharp(bytes, { limitInputPixels: 50_000_000 }).resize(w, Math.round(r.height * 0.5), { fit: "inside" }).ensureAlpha().png().toBuffer({ resolveWithObject: true });
        const m = Math.round(Math.min(r.width, r.height) * 0.03);
        const left = e.position.endsWith("left") ? m : r.width - logo.info.width - m;
        const top = e.position.startsWith("top") ? m : r.height - logo.info.height - m;
        r = await toRaster(fromRaster(r).composite([{ input: logo.data, left: Math.max(0, left), top: Math.max(0, top) }]));
        break;
      }
      default:
        break; // overlay is per recipient; audio/video edits never reach here (parseEdits).
    }
  }
  return r;
}
