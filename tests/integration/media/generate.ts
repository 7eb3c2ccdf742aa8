// Media made inside the tests (never committed): sharp for pictures, ffmpeg's lavfi sources for sound and video.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { ffmpegPath, ffmpegWithEncoder, ffprobePath } from "@/lib/media/ffmpeg";

export const workDir = () => {
  const d = path.join(process.env.POSTINO_TMP ?? os.tmpdir(), "media-fixtures");
  mkdirSync(d, { recursive: true });
  return d;
};

/** A 12 MP photo-like JPEG: smooth colour fields plus fine detail, so the budgets actually bite. */
export async function photo12mp(): Promise<Buffer> {
  const coarse = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 70 } } }).png().toBuffer();
  const detail = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 18 } } }).png({ compressionLevel: 1 }).toBuffer();
  return sharp(coarse).resize(4000, 3000, { kernel: "cubic" }).composite([{ input: detail, blend: "soft-light" }]).jpeg({ quality: 90 }).toBuffer();
}

export async function transparentPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><circle cx="600" cy="450" r="400" fill="#e4572e" fill-opacity="0.8"/><rect x="100" y="100" width="300" height="300" fill="#17bebb"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360"><rect width="480" height="360" fill="#fff"/><circle cx="${60 + i * 45}" cy="180" r="50" fill="#2e86ab"/></svg>`)).png().toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } }).gif({ loop: 0, delay: Array(8).fill(120) }).toBuffer();
}

function ff(args: string[], out: string, bin = ffmpegPath()): Buffer {
  execFileSync(bin, ["-hide_banner", "-v", "error", "-y", ...args, out], { stdio: "pipe" });
  return readFileSync(out);
}

export const wav = (seconds = 12) => ff(["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`, "-ac", "2", "-ar", "44100"], path.join(workDir(), "tone.wav"));

export async function mp3(seconds = 20): Promise<Buffer> {
  const bin = (await ffmpegWithEncoder("libmp3lame")) ?? ffmpegPath();
  return ff(["-f", "lavfi", "-i", `sine=frequency=660:duration=${seconds}`, "-c:a", "libmp3lame", "-b:a", "128k"], path.join(workDir(), "tone.mp3"), bin);
}

/** 30 s of 1080p (15 fps) with sound, encoded fast (ultrafast, low bitrate): the source is not what is measured. */
export const video1080p = (seconds = 30) =>
  ff(["-f", "lavfi", "-i", `testsrc2=size=1920x1080:rate=15:duration=${seconds}`, "-f", "lavfi", "-i", `sine=frequency=330:duration=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1500k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest"], path.join(workDir(), "clip.mp4"));

/** A PNG that declares 32768 × 32768 pixels (1.07 gigapixels) but weighs a few hundred KB. */
export function pngBomb(): Buffer {
  const side = 32768;
  const crc = (b: Buffer) => {
    let c = ~0;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const t = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(t));
    return Buffer.concat([len, t, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0); ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; ihdr[9] = 0; // 1-bit greyscale
  const rows = deflateSync(Buffer.alloc((side / 8 + 1) * side), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", rows), chunk("IEND", Buffer.alloc(0))]);
}

export type Probed = { format: string; streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; profile?: string }>; durationMs: number };

export function ffprobeFile(file: string): Probed {
  const j = JSON.parse(execFileSync(ffprobePath(), ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file]).toString());
  return { format: j.format.format_name, streams: j.streams, durationMs: Math.round(Number(j.format.duration) * 1000) };
}
