// A decoded picture held as raw pixels between steps, so an edit list applies in its own order
// (crop then rotate ≠ rotate then crop) and each encoder starts from pixels decoded only once.
import sharp, { type Sharp } from "sharp";
import { MEDIA_LIMITS } from "./limits";

export type Raster = { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 };

export const fromRaster = (r: Raster): Sharp => sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });

export async function toRaster(s: Sharp): Promise<Raster> {
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as Raster["channels"] };
}

/** The working picture: EXIF-oriented, sRGB, at most `maxSide` pixels on its longest side (first frame of an animation). */
export async function decodeWorking(original: Buffer, maxSide = 2048): Promise<Raster & { hasAlpha: boolean }> {
  const meta = await sharp(original, { limitInputPixels: MEDIA_LIMITS.maxImagePixels }).metadata();
  const s = sharp(original, { limitInputPixels: MEDIA_LIMITS.maxImagePixels, failOn: "error" })
    .rotate()
    .resize(maxSide, maxSide, { fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb");
  const r = await toRaster(meta.hasAlpha ? s.ensureAlpha() : s.removeAlpha());
  return { ...r, hasAlpha: r.channels === 4 };
}
