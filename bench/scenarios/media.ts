/**
 * Media: a 12 MP photo into its three image variants; personalised overlays per recipient with the
 * render cache cold (every name distinct); a 30 s 1080p clip into the 300 KB MP4 variant. Each
 * next to the plain sharp / plain ffmpeg run on the same input in the same run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { profileByName, profilesFor } from "../../lib/handset/index.js";
import { videoMezzanine, videoVariant } from "../../lib/media/av-transcode.js";
import { ffmpegPath, probe } from "../../lib/media/ffmpeg.js";
import { fitJpeg } from "../../lib/media/fit-image.js";
import { applyImageEdits } from "../../lib/media/image-edits.js";
import { renderPersonalisedImage } from "../../lib/media/personalise.js";
import { decodeWorking, fromRaster } from "../../lib/media/raster.js";
import { storage } from "../../lib/storage/index.js";

type Result = { metric: string; value: number; unit: string; floor?: { metric: string; value: number; unit: string }; bar?: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function photo(): Promise<Buffer> {
  const coarse = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 70 } } }).png().toBuffer();
  const detail = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 18 } } }).png().toBuffer();
  return sharp(coarse).resize(4000, 3000, { kernel: "cubic" }).composite([{ input: detail, blend: "soft-light" }]).jpeg({ quality: 90 }).toBuffer();
}

async function imageVariants(src: Buffer): Promise<Result> {
  const run = async () => {
    const t = performance.now();
    const base = await applyImageEdits(await decodeWorking(src, 1600), []);
    await Promise.all(profilesFor("image").map((p) => fitJpeg(base, p.maxWidth, p.maxHeight, p.budgetBytes)));
    return performance.now() - t;
  };
  const plain = async () => {
    const t = performance.now();
    await sharp(src).resize(1280, 1280, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
    return performance.now() - t;
  };
  await run();
  await plain();
  const ours: number[] = [], floor: number[] = [];
  for (let i = 0; i < 5; i++) {
    ours.push(await run());
    floor.push(await plain());
  }
  return { metric: "12 MP photo → 3 image variants (100/300/600 KB)", value: Math.round(median(ours)), unit: "ms", floor: { metric: "plain sharp resize to 1280 px JPEG", value: Math.round(median(floor)), unit: "ms" }, bar: "≤ 300 ms" };
}

async function overlays(src: Buffer, profile: string): Promise<Result> {
  const p = profileByName(profile)!;
  const base = await decodeWorking(src, 2048);
  const fitted = await fitJpeg(base, p.maxWidth, p.maxHeight, Math.floor(p.budgetBytes * 0.9));
  // A key and names of its own per profile: the render cache is keyed by variant and text, and the
  // 300k run must not reuse the 100k run's base picture or renders.
  const key = `bench/media/${process.pid}-${p.name}-variant.jpg`;
  await storage().put(key, fitted.bytes, "image/jpeg");
  const variant = { storageKey: key, contentType: "image/jpeg", profile: p.name };
  const overlay = { text: "Ciao {{ first_name }}!", position: "bottom" as const, size: 0.08 };
  // Warm the decoded base (once per variant per process, as in a campaign), not the render cache.
  await renderPersonalisedImage({ variant, overlay, values: { first_name: "warmup" } });
  const n = profile === "image-100k" ? 900 : 300;
  const concurrency = 4;
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      await renderPersonalisedImage({ variant, overlay, values: { first_name: `Name${i}${p.name === "image-100k" ? "a" : "b"}` } });
    }
  }));
  const rate = (n * 1000) / (performance.now() - t);
  // Floor: the same picture encoded at the same size and encoder settings with no text, same concurrency.
  const small = await fromRaster(base).resize(fitted.width, fitted.height).raw().toBuffer({ resolveWithObject: true });
  let m = 0;
  const t2 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (m < n) {
      m++;
      await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } }).jpeg({ quality: fitted.quality, chromaSubsampling: "4:2:0", optimiseCoding: false }).toBuffer();
    }
  }));
  const floorRate = (n * 1000) / (performance.now() - t2);
  await storage().delete(key);
  return { metric: `personalised overlay renders, cold cache, distinct names (${p.name}, ${fitted.width}×${fitted.height} JPEG)`, value: Math.round(rate), unit: "images/s", floor: { metric: "plain sharp JPEG encode of the same raster (same settings: standard Huffman tables)", value: Math.round(floorRate), unit: "images/s" }, ...(profile === "image-100k" ? { bar: "≥ 300 images/s" } : {}) };
}

async function video(): Promise<Result[]> {
  const dir = mkdtempSync(path.join(process.env.POSTINO_TMP ?? os.tmpdir(), "bench-media-"));
  mkdirSync(dir, { recursive: true });
  try {
    const src = path.join(dir, "clip.mp4");
    execFileSync(ffmpegPath(), ["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=30", "-f", "lavfi", "-i", "sine=frequency=330:duration=30",
      "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "6M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-shortest", src]);
    const t = performance.now();
    const info = await probe(src);
    const m = await videoMezzanine(src, info, [], dir);
    const out = await videoVariant(m, profileByName("video-mp4-300k")!, dir);
    const ours = (performance.now() - t) / 1000;
    const t2 = performance.now();
    execFileSync(ffmpegPath(), ["-hide_banner", "-v", "error", "-y", "-i", src, "-vf", "scale=480:-2,fps=15", "-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-b:v", "50k", "-c:a", "aac", "-ac", "1", "-b:a", "24k", path.join(dir, "plain.mp4")]);
    const plain = (performance.now() - t2) / 1000;
    return [
      { metric: "30 s 1080p30 clip → MP4 variant ≤ 300 KB", value: Math.round((30 / ours) * 10) / 10, unit: "× real time", floor: { metric: "plain single ffmpeg run to 480p H.264 (no size fitting)", value: Math.round((30 / plain) * 10) / 10, unit: "× real time" }, bar: "≥ 3× real time" },
      { metric: "MP4 variant size for the 30 s clip", value: Math.round(out.bytes.length / 1024), unit: "KB", bar: "≤ 300 KB" },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Result[]> {
  const src = await photo();
  return [await imageVariants(src), await overlays(src, "image-100k"), await overlays(src, "image-300k"), ...(await video())];
}
