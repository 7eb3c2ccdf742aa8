// Fits a picture into a byte budget by searching JPEG quality first, then dimensions: a smaller
// sharp picture beats a blurry large one on a phone screen, but only below quality ~40.
import sharp from "sharp";
import { fromRaster, toRaster, type Raster } from "./raster";

export type Encoded = { bytes: Buffer; contentType: string; width: number; height: number; quality: number };

const Q_MAX = 82;
const Q_MIN = 38;

/**
 * `standardTables` skips mozjpeg's optimised Huffman tables: the encode runs about 2.5× faster for
 * about 8 % more bytes at the same quality. Right for a picture encoded once per recipient at send
 * time; a stored variant, encoded once, keeps the optimised tables.
 */
export function encodeJpeg(r: Raster, quality: number, opts: { standardTables?: boolean } = {}): Promise<Buffer> {
  const s = fromRaster(r);
  return (r.channels === 4 || r.channels === 2 ? s.flatten({ background: "#ffffff" }) : s)
    .jpeg({ quality, chromaSubsampling: "4:2:0", optimiseCoding: !opts.standardTables })
    .toBuffer();
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

/**
 * The next quality to try: interpolated in log(size), which is close to linear in quality, between
 * the nearest tries either side of the budget (or extrapolated from the nearest two). Aims a little
 * under the budget so the guess usually fits at the first try. Null when no untried quality is left.
 */
function nextQuality(tries: Map<number, number>, budget: number): number | null {
  const pts = [...tries].sort((a, b) => a[0] - b[0]);
  const fit = pts.filter(([, n]) => n <= budget).at(-1);
  const over = pts.find(([, n]) => n > budget);
  const lo = fit?.[0] ?? Q_MIN - 1, hi = over?.[0] ?? Q_MAX + 1;
  if (hi - lo <= 1) return null;
  const [a, b] = fit && over ? [fit, over] : pts.length >= 2 ? (fit ? pts.slice(-2) : pts.slice(0, 2)) : [pts[0]!, null];
  // One try only: JPEG size grows about 1.7% a quality step in this range.
  const slope = b && b[0] !== a[0] ? (Math.log(b[1]) - Math.log(a[1])) / (b[0] - a[0]) : 0.017;
  const q = Math.floor(a[0] + (Math.log(budget * 0.98) - Math.log(a[1])) / Math.max(0.004, slope));
  return Math.max(lo + 1, Math.min(hi - 1, q));
}

/**
 * JPEG within budget: the highest quality that fits (or one close to it) at each size, found in
 * about three encodes by interpolation; the size shrinks only when the lowest quality is too big.
 */
export async function fitJpeg(r: Raster, maxW: number, maxH: number, budget: number): Promise<Encoded> {
  let { width, height } = fitDims(r.width, r.height, maxW, maxH);
  for (let attempt = 0; attempt < 8; attempt++) {
    const px = await scaled(r, width, height);
    const tries = new Map<number, number>();
    let best: { bytes: Buffer; q: number } | null = null;
    for (let q: number | null = Q_MAX; q !== null && tries.size < 6; q = nextQuality(tries, budget)) {
      const b = await encodeJpeg(px, q);
      tries.set(q, b.length);
      if (b.length <= budget && (!best || q > best.q)) best = { bytes: b, q };
      // Within 4% of the budget is within about two quality steps of the best: not worth an encode.
      if (best && best.bytes.length >= budget * 0.96) break;
    }
    if (best) return { bytes: best.bytes, contentType: "image/jpeg", width, height, quality: best.q };
    const smallest = Math.min(...tries.values());
    const k = Math.max(0.5, Math.min(0.9, Math.sqrt(budget / smallest) * 0.95));
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
