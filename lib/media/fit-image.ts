// Fits a picture into a byte budget by searching JPEG quality first, then dimensions: a smaller
// sharp picture beats a blurry large one on a phone screen, but only below quality ~40.
import sharp from "sharp";
import { fromRaster, toRaster, type Raster } from "./raster";

export type Encoded = { bytes: Buffer; contentType: string; width: number; height: number; quality: number };

const Q_MAX = 82;
const Q_MIN = 38;

export function encodeJpeg(r: Raster, quality: number): Promise<Buffer> {
  const s = fromRaster(r);
  return (r.channels === 4 || r.channels === 2 ? s.flatten({ background: "#ffffff" }) : s).jpeg({ quality, chromaSubsampling: "4:2:0" }).toBuffer();
}

export function encodePng(r: Raster, colours: number): Promise<Buffer> {
  return fromRaster(r).png({ palette: true, colours, effort: 4, compressionLevel: 9 }).toBuffer();
}

function fitDims(w: number, h: number, maxW: number, maxH: number) {
  const k = Math.min(1, maxW / w, maxH / h);
  return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) };
}

async function scaled(r: Raster, width: number, height: number): Promise<Raster> {
  return width === r.width && height === r.height ? r : toRaster(fromRaster(r).resize(width, height, { fit: "fill" }));
}

/** JPEG within budget: binary search on quality at each size, shrinking the size only when needed. */
export async function fitJpeg(r: Raster, maxW: number, maxH: number, budget: number): Promise<Encoded> {
  let { width, height } = fitDims(r.width, r.height, maxW, maxH);
  for (let attempt = 0; attempt < 8; attempt++) {
    const px = await scaled(r, width, height);
    const top = await encodeJpeg(px, Q_MAX);
    if (top.length <= budget) return { bytes: top, contentType: "image/jpeg", width, height, quality: Q_MAX };
    let lo = Q_MIN, hi = Q_MAX - 1;
    let best: { bytes: Buffer; q: number } | null = null;
    // Start near where JPEG size scales, then bisect: about 3 encodes instead of 6.
    let q = Math.max(Q_MIN, Math.min(hi, Math.round(Q_MAX * Math.sqrt(budget / top.length))));
    let smallest = top.length;
    for (let i = 0; i < 4 && lo <= hi; i++) {
      const b = await encodeJpeg(px, q);
      smallest = Math.min(smallest, b.length);
      if (b.length <= budget) {
        if (!best || q > best.q) best = { bytes: b, q };
        lo = q + 1;
      } else hi = q - 1;
      q = Math.round((lo + hi) / 2);
    }
    if (best) return { bytes: best.bytes, contentType: "image/jpeg", width, height, quality: best.q };
    const low = smallest <= budget ? null : await encodeJpeg(px, Q_MIN);
    if (low && low.length <= budget) return { bytes: low, contentType: "image/jpeg", width, height, quality: Q_MIN };
    const k = Math.max(0.5, Math.min(0.9, Math.sqrt(budget / (low?.length ?? smallest)) * 0.95));
    width = Math.max(16, Math.round(width * k));
    height = Math.max(16, Math.round(height * k));
  }
  throw new Error(`could not fit the picture into ${budget} bytes`);
}

/** Palette PNG (keeps transparency) within budget, or null when it would need to be tiny. */
export async function fitPng(r: Raster, maxW: number, maxH: number, budget: number): Promise<Encoded | null> {
  let { width, height } = fitDims(r.width, r.height, maxW, maxH);
  for (let attempt = 0; attempt < 3; attempt++) {
    const px = await scaled(r, width, height);
    for (const colours of [256, 64]) {
      const b = await encodePng(px, colours);
      if (b.length <= budget) return { bytes: b, contentType: "image/png", width, height, quality: colours };
    }
    width = Math.round(width * 0.75);
    height = Math.round(height * 0.75);
  }
  return null;
}

/** Animated GIF within budget (all frames kept), or null when it cannot fit at a usable size. */
export async function fitAnimatedGif(original: Buffer, maxW: number, maxH: number, budget: number): Promise<Encoded | null> {
  const meta = await sharp(original, { animated: true, limitInputPixels: 50_000_000 }).metadata();
  const frameH = meta.pageHeight ?? meta.height ?? 1;
  let { width, height } = fitDims(meta.width ?? 1, frameH, maxW, maxH);
  for (let attempt = 0; attempt < 5 && width >= 96; attempt++) {
    for (const colours of [128, 48]) {
      const { data, info } = await sharp(original, { animated: true, limitInputPixels: 50_000_000 })
        .resize(width, height, { fit: "inside" })
        .gif({ colours, effort: 3, dither: 0.5 })
        .toBuffer({ resolveWithObject: true });
      if (data.length <= budget) return { bytes: data, contentType: "image/gif", width: info.width, height: info.pageHeight ?? info.height, quality: colours };
    }
    width = Math.round(width * 0.75);
    height = Math.round(height * 0.75);
  }
  return null;
}
