// Safe ingestion: decide what a file is from its bytes, and refuse it early, with a sentence,
// when it is not media, is damaged, or is over a limit. Nothing here trusts the file name.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp, { type Metadata } from "sharp";
import { FfmpegError, probe } from "./ffmpeg";
import { formatBytes, refuse, tooLarge } from "./errors";
import { MEDIA_LIMITS } from "./limits";
import { intendedFamily, refusalSentence, sniff } from "./sniff";

export type Inspected = {
  kind: "image" | "audio" | "video";
  contentType: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  animated: boolean;
  /** A small JPEG for the library grid (images only; videos get theirs from the transcoder). */
  thumbnail: Buffer | null;
};

const mp = (px: number) => `${Math.round(px / 1e6).toLocaleString("en")} megapixels`;

export function tmpRoot(): string {
  return process.env.POSTINO_TMP ?? os.tmpdir();
}

export async function inspectMedia(bytes: Buffer, opts: { fileName?: string; declaredType?: string } = {}): Promise<Inspected> {
  if (bytes.length > MEDIA_LIMITS.maxUploadBytes) {
    throw tooLarge(`This file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(MEDIA_LIMITS.maxUploadBytes)}.`);
  }
  const s = sniff(bytes);
  if (!s.accepted) throw refuse(refusalSentence(s, intendedFamily(opts.fileName, opts.declaredType)));
  if (s.family === "image") return inspectImage(bytes, s.contentType, s.label);
  return inspectAv(bytes, s.family, s.contentType, s.label);
}

async function inspectImage(bytes: Buffer, contentType: string, label: string): Promise<Inspected> {
  let meta: Metadata;
  try {
    // Reads the header only: a decompression bomb is measured before a single pixel is decoded.
    meta = await sharp(bytes, { animated: true, limitInputPixels: false }).metadata();
  } catch {
    throw refuse(`This ${label} is damaged and cannot be read.`);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw refuse(`This ${label} is damaged and cannot be read.`);
  if (width * height > MEDIA_LIMITS.maxImagePixels) {
    throw refuse(`This image is ${width.toLocaleString("en")} × ${height.toLocaleString("en")} pixels (${mp(width * height)}); the limit is ${mp(MEDIA_LIMITS.maxImagePixels)}. Resize it and upload it again.`);
  }
  let thumbnail: Buffer;
  try {
    thumbnail = await sharp(bytes, { limitInputPixels: MEDIA_LIMITS.maxImagePixels, failOn: "truncated" })
      .rotate()
      .resize(320, 320, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch {
    throw refuse(`This ${label} is damaged or incomplete (it may have been cut off while uploading or downloading).`);
  }
  // EXIF orientations 5–8 swap the sides.
  const swap = (meta.orientation ?? 1) >= 5;
  return {
    kind: "image",
    contentType,
    width: swap ? height : width,
    height: swap ? width : height,
    durationMs: null,
    animated: (meta.pages ?? 1) > 1 && contentType === "image/gif",
    thumbnail,
  };
}

async function inspectAv(bytes: Buffer, family: "audio" | "video" | "av", contentType: string, label: string): Promise<Inspected> {
  const dir = await mkdtemp(path.join(tmpRoot(), "media-inspect-"));
  try {
    const file = path.join(dir, "input");
    await writeFile(file, bytes);
    let info;
    try {
      info = await probe(file);
    } catch (err) {
      if (err instanceof FfmpegError) throw refuse(`This ${label} is damaged or incomplete and cannot be played.`);
      throw err;
    }
    const kind = family === "audio" || !info.video ? "audio" : "video";
    if (kind === "audio" && !info.audio) throw refuse(`This ${label} has no sound or picture that can be played.`);
    if (!info.durationMs || info.durationMs <= 0) throw refuse(`This ${label} is damaged or incomplete: its length cannot be read.`);
    const max = kind === "video" ? MEDIA_LIMITS.maxVideoDurationMs : MEDIA_LIMITS.maxAudioDurationMs;
    if (info.durationMs > max) {
      throw refuse(`This ${kind === "video" ? "video" : "recording"} lasts ${fmtDuration(info.durationMs)}; the limit is ${fmtDuration(max)}. Trim it and upload it again.`);
    }
    if (kind === "video" && info.video!.width * info.video!.height > MEDIA_LIMITS.maxVideoPixels) {
      throw refuse(`This video is ${info.video!.width} × ${info.video!.height} pixels; the largest accepted is 4K (4096 × 2160).`);
    }
    return {
      kind,
      contentType: kind === "audio" && contentType.startsWith("video/") ? "audio/mp4" : contentType,
      width: kind === "video" ? info.video!.width : null,
      height: kind === "video" ? info.video!.height : null,
      durationMs: info.durationMs,
      animated: false,
      thumbnail: null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} seconds` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}
