// Which ffmpeg/ffprobe to run, and how. ffmpeg: FFMPEG_PATH, else the system's, else the one
// bundled by @ffmpeg-installer/ffmpeg. Debian's build has no AMR-NB encoder, so a job that needs a
// specific encoder takes the first candidate that has it.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

function bundledFfmpeg(): string | null {
  try {
    const p = createRequire(path.join(process.cwd(), "package.json"))("@ffmpeg-installer/ffmpeg").path as string;
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

let candidates: string[] | undefined;
function ffmpegCandidates(): string[] {
  candidates ??= [process.env.FFMPEG_PATH, onPath("ffmpeg"), bundledFfmpeg()].filter((p): p is string => !!p && existsSync(/*turbopackIgnore: true*/ p));
  return candidates;
}

export function ffmpegPath(): string {
  const p = ffmpegCandidates()[0];
  if (!p) throw new Error("ffmpeg was not found: install ffmpeg or set FFMPEG_PATH.");
  return p;
}

export function ffprobePath(): string {
  const p = [process.env.FFPROBE_PATH, onPath("ffprobe")].find((x): x is string => !!x && existsSync(x));
  if (!p) throw new Error("ffprobe was not found: install ffmpeg (it includes ffprobe) or set FFPROBE_PATH.");
  return p;
}

const encoderCache = new Map<string, Promise<string | null>>();

/** The first ffmpeg candidate that has `encoder` (e.g. libopencore_amrnb), or null. */
export function ffmpegWithEncoder(encoder: string): Promise<string | null> {
  let hit = encoderCache.get(encoder);
  if (!hit) {
    hit = (async () => {
      for (const bin of ffmpegCandidates()) {
        const list = await new Promise<string>((resolve) =>
          execFile(bin, ["-hide_banner", "-encoders"], { maxBuffer: 4 << 20 }, (_e, out) => resolve(out ?? "")),
        );
        if (new RegExp(`\\s${encoder}\\s`).test(list)) return bin;
      }
      return null;
    })();
    encoderCache.set(encoder, hit);
  }
  return hit;
}

export class FfmpegError extends Error {
  constructor(message: string, public readonly stderr: string) {
    super(message);
    this.name = "FfmpegError";
  }
}

/** Runs a binary to completion; kills it after `timeoutMs`. Resolves stdout as a Buffer. */
export function run(bin: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      err = (err + d.toString()).slice(-8000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new FfmpegError(`${path.basename(bin)} failed (${signal ?? `exit ${code}`}): ${err.trim().split("\n").slice(-3).join(" | ")}`, err));
    });
  });
}

export type Probe = {
  durationMs: number | null;
  formatName: string;
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
};

export async function probe(file: string, timeoutMs = 15_000): Promise<Probe> {
  const out = await run(ffprobePath(), ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file], { timeoutMs });
  const j = JSON.parse(out.toString()) as {
    format?: { duration?: string; format_name?: string };
    streams?: Array<Record<string, unknown> & { codec_type?: string; disposition?: { attached_pic?: number } }>;
  };
  const streams = j.streams ?? [];
  const v = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const a = streams.find((s) => s.codec_type === "audio");
  const fps = (r: unknown) => {
    const [n, d] = String(r ?? "0/0").split("/").map(Number);
    return n && d ? n / d : null;
  };
  const dur = Number(j.format?.duration ?? (v?.duration as string) ?? (a?.duration as string));
  return {
    durationMs: Number.isFinite(dur) ? Math.round(dur * 1000) : null,
    formatName: j.format?.format_name ?? "",
    video: v ? { codec: String(v.codec_name), width: Number(v.width), height: Number(v.height), fps: fps(v.avg_frame_rate) ?? fps(v.r_frame_rate) } : null,
    audio: a ? { codec: String(a.codec_name), sampleRate: Number(a.sample_rate), channels: Number(a.channels) } : null,
  };
}
