// Audio and video variants. The edit list is applied once into a small "mezzanine" (≤640 px,
// ≤24 fps, or PCM for audio); every variant is then encoded from it, so the expensive decode of a
// 1080p original happens once per edit list, not once per profile.
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { VariantProfile } from "@/lib/handset";
import type { Edit } from "./edits";
import { ffmpegPath, ffmpegWithEncoder, probe, run, type Probe } from "./ffmpeg";
import { refuse } from "./errors";

export type AvResult = { bytes: Buffer; contentType: string; width: number | null; height: number | null; durationMs: number };
export type Mezzanine = { file: string; durationMs: number; hasAudio: boolean; width: number | null; height: number | null };

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
const sec = (ms: number) => (ms / 1000).toFixed(3);

function trimArgs(edits: readonly Edit[], durationMs: number): { pre: string[]; post: string[]; durationMs: number } {
  const t = edits.find((e) => e.type === "trim") as Extract<Edit, { type: "trim" }> | undefined;
  if (!t) return { pre: [], post: [], durationMs };
  const start = Math.min(t.startMs, Math.max(0, durationMs - 100));
  const end = Math.min(t.endMs, durationMs);
  if (end - start < 100) throw refuse("The trim leaves less than a tenth of a second: choose a longer range.");
  return { pre: ["-ss", sec(start)], post: ["-t", sec(end - start)], durationMs: end - start };
}

export async function videoMezzanine(input: string, info: Probe, edits: readonly Edit[], dir: string, captionPng?: (w: number, h: number) => Promise<Buffer | null>): Promise<Mezzanine> {
  if (!info.video) throw refuse("This file has no picture track.");
  const trim = trimArgs(edits, info.durationMs ?? 0);
  const muted = edits.some((e) => e.type === "mute") || !info.audio;
  const w = even(Math.min(640, info.video.width));
  const h = even((info.video.height * w) / info.video.width);
  const fps = Math.min(24, Math.round(info.video.fps ?? 24)) || 24;
  const out = path.join(dir, "mezzanine.mp4");
  const inputs = [...trim.pre, "-i", input, ...trim.post];
  let filter = `[0:v]scale=${w}:${h}:flags=bilinear,fps=${fps},setsar=1[v]`;
  const caption = captionPng ? await captionPng(w, h) : null;
  if (caption) {
    await writeFile(path.join(dir, "caption.png"), caption);
    inputs.push("-i", path.join(dir, "caption.png"));
    filter += ";[v][1:v]overlay=0:0[vc]";
  }
  await run(ffmpegPath(), [
    "-hide_banner", "-v", "error", "-y", "-threads", "0", ...inputs,
    "-filter_complex", filter, "-map", caption ? "[vc]" : "[v]",
    ...(muted ? ["-an"] : ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", "-ac", "1", "-ar", "44100"]),
    "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p", "-g", String(fps * 2),
    out,
  ], { timeoutMs: 300_000 });
  return { file: out, durationMs: trim.durationMs, hasAudio: !muted, width: w, height: h };
}

export async function audioMezzanine(input: string, info: Probe, edits: readonly Edit[], dir: string): Promise<Mezzanine> {
  if (!info.audio) throw refuse("This file has no sound track.");
  const trim = trimArgs(edits, info.durationMs ?? 0);
  const af: string[] = [];
  for (const e of edits) {
    if (e.type === "volume") af.push(`volume=${e.gain}`);
    if (e.type === "fade") {
      if (e.inMs) af.push(`afade=t=in:st=0:d=${sec(e.inMs)}`);
      if (e.outMs) af.push(`afade=t=out:st=${sec(Math.max(0, trim.durationMs - e.outMs))}:d=${sec(e.outMs)}`);
    }
  }
  const out = path.join(dir, "mezzanine.wav");
  await run(ffmpegPath(), ["-hide_banner", "-v", "error", "-y", ...trim.pre, "-i", input, ...trim.post, "-vn", ...(af.length ? ["-af", af.join(",")] : []), "-ac", "1", "-ar", "44100", "-c:a", "pcm_s16le", out], { timeoutMs: 120_000 });
  return { file: out, durationMs: trim.durationMs, hasAudio: true, width: null, height: null };
}

/** AMR-NB modes: bits/s and bytes per 20 ms frame (including the frame header). */
const AMR_MODES = [
  { rate: "12.2k", frame: 32 }, { rate: "10.2k", frame: 27 }, { rate: "7.95k", frame: 21 }, { rate: "7.4k", frame: 20 },
  { rate: "6.7k", frame: 18 }, { rate: "5.9k", frame: 16 }, { rate: "5.15k", frame: 14 }, { rate: "4.75k", frame: 13 },
] as const;

async function amrBinary(): Promise<string> {
  const bin = await ffmpegWithEncoder("libopencore_amrnb");
  if (!bin) throw new Error("No ffmpeg with the AMR-NB encoder (libopencore_amrnb) was found: set FFMPEG_PATH to one, or keep @ffmpeg-installer/ffmpeg installed.");
  return bin;
}

export async function audioVariant(m: Mezzanine, p: VariantProfile, dir: string): Promise<AvResult> {
  const out = path.join(/*turbopackIgnore: true*/ dir, `${p.name}.${p.format === "amr" ? "amr" : "m4a"}`);
  const budget = p.budgetBytes;
  if (p.format === "amr") {
    const frames = Math.ceil(m.durationMs / 20);
    const mode = AMR_MODES.find((x) => 6 + frames * x.frame <= budget * 0.98) ?? AMR_MODES[AMR_MODES.length - 1]!;
    // Even at the lowest rate it does not fit: keep the start, as long as fits.
    const maxMs = Math.floor(((budget * 0.98 - 6) / mode.frame) * 20);
    const limit = maxMs < m.durationMs ? ["-t", sec(maxMs)] : [];
    await run(await amrBinary(), ["-hide_banner", "-v", "error", "-y", "-i", m.file, ...limit, "-ac", "1", "-ar", "8000", "-c:a", "libopencore_amrnb", "-b:a", mode.rate, "-f", "amr", out], { timeoutMs: 120_000 });
    return done(out, "audio/amr", null, null, Math.min(m.durationMs, maxMs));
  }
  let durationMs = m.durationMs;
  let kbps = Math.min(128, Math.floor((budget * 8 * 0.93) / (durationMs / 1000) / 1000));
  if (kbps < 24) {
    kbps = 24;
    durationMs = Math.floor(((budget * 8 * 0.93) / 24_000) * 1000);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    await run(ffmpegPath(), ["-hide_banner", "-v", "error", "-y", "-i", m.file, "-t", sec(durationMs), "-c:a", "aac", "-b:a", `${kbps}k`, "-ac", "1", "-movflags", "+faststart", "-f", "mp4", out], { timeoutMs: 120_000 });
    const size = (await stat(/*turbopackIgnore: true*/ out)).size;
    if (size <= budget) return done(out, "audio/mp4", null, null, durationMs);
    kbps = Math.max(24, Math.floor(kbps * (budget / size) * 0.92));
    if (kbps === 24) durationMs = Math.floor(durationMs * (budget / size) * 0.92);
  }
  throw new Error(`${p.name}: could not fit the audio into ${budget} bytes`);
}

export async function videoVariant(m: Mezzanine, p: VariantProfile, dir: string): Promise<AvResult> {
  const is3gp = p.format === "3gp";
  const out = path.join(/*turbopackIgnore: true*/ dir, `${p.name}.${is3gp ? "3gp" : "mp4"}`);
  const budget = p.budgetBytes;
  const fps = is3gp ? (budget <= 100 * 1024 ? 8 : 12) : budget <= 300 * 1024 ? 15 : 20;
  const audioKbps = !m.hasAudio ? 0 : is3gp ? (budget <= 100 * 1024 ? 4.75 : 7.95) : budget <= 300 * 1024 ? 24 : 32;
  const minVideoKbps = is3gp ? 12 : 24;
  const bin = is3gp && m.hasAudio ? await amrBinary() : ffmpegPath();
  // H.263 only has a few frame sizes: letterbox into the profile's (176×144 or 352×288).
  const scale = is3gp
    ? `scale=${p.maxWidth}:${p.maxHeight}:force_original_aspect_ratio=decrease,pad=${p.maxWidth}:${p.maxHeight}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps}`
    : `scale=${p.maxWidth}:${p.maxHeight}:force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2,setsar=1,fps=${fps}`;
  let durationMs = m.durationMs;
  const usable = budget * 8 * (is3gp ? 0.85 : 0.88);
  let videoKbps = usable / (durationMs / 1000) / 1000 - audioKbps;
  if (videoKbps < minVideoKbps) {
    videoKbps = minVideoKbps;
    durationMs = Math.floor((usable / ((minVideoKbps + audioKbps) * 1000)) * 1000);
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const v = Math.floor(videoKbps);
    const videoArgs = is3gp
      ? ["-c:v", "h263", "-b:v", `${v}k`, "-maxrate", `${v}k`, "-bufsize", `${v * 2}k`, "-qmax", "31"]
      : ["-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-preset", "veryfast", "-b:v", `${v}k`, "-maxrate", `${Math.round(v * 1.3)}k`, "-bufsize", `${v * 2}k`, "-pix_fmt", "yuv420p"];
    const audioArgs = !m.hasAudio
      ? ["-an"]
      : is3gp
        ? ["-c:a", "libopencore_amrnb", "-ar", "8000", "-ac", "1", "-b:a", `${audioKbps}k`]
        : ["-c:a", "aac", "-ac", "1", "-ar", "22050", "-b:a", `${audioKbps}k`];
    await run(bin, ["-hide_banner", "-v", "error", "-y", "-i", m.file, "-t", sec(durationMs), "-vf", scale, ...videoArgs, ...audioArgs, "-movflags", "+faststart", "-f", is3gp ? "3gp" : "mp4", out], { timeoutMs: 300_000 });
    const size = (await stat(/*turbopackIgnore: true*/ out)).size;
    if (size <= budget) {
      const info = await probe(out);
      return done(out, is3gp ? "video/3gpp" : "video/mp4", info.video?.width ?? null, info.video?.height ?? null, info.durationMs ?? durationMs);
    }
    const k = (budget / size) * 0.9;
    if (videoKbps * k >= minVideoKbps) videoKbps *= k;
    else durationMs = Math.floor(durationMs * k);
  }
  throw new Error(`${p.name}: could not fit the video into ${budget} bytes`);
}

export async function posterFrame(input: string, atMs: number): Promise<Buffer> {
  return run(ffmpegPath(), ["-hide_banner", "-v", "error", "-ss", sec(atMs), "-i", input, "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"], { timeoutMs: 60_000 });
}

async function done(file: string, contentType: string, width: number | null, height: number | null, durationMs: number): Promise<AvResult> {
  return { bytes: await readFile(file), contentType, width, height, durationMs };
}
