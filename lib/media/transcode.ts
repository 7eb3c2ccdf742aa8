// Produces every variant of one media item for its current edit list (called by the
// media-transcode worker). Each variant is keyed by hash(original, edits, profile, pipeline): a
// variant that exists is never produced again, and a re-run after a crash resumes where it stopped.
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { db } from "@/lib/db/client";
import { profilesFor, type VariantProfile } from "@/lib/handset";
import { childLogger } from "@/lib/log";
import { storage } from "@/lib/storage";
import { audioMezzanine, audioVariant, posterFrame, videoMezzanine, videoVariant, type Mezzanine } from "./av-transcode";
import { baseEdits, editsHash, overlayOf, parseEdits, type Edit } from "./edits";
import { probe } from "./ffmpeg";
import { fitAnimatedGif, fitJpeg, fitPng, type Encoded } from "./fit-image";
import { applyImageEdits } from "./image-edits";
import { tmpRoot } from "./inspect";
import { decodeWorking, fromRaster } from "./raster";
import { textLayer } from "./text-layer";
import { ensureFonts } from "./fonts";

const log = childLogger("media");

/** Bump when the encoders change in a way that should replace existing variants. */
export const PIPELINE_VERSION = "2";

export function variantCacheKey(originalSha256: string, hash: string, profile: string): string {
  return createHash("sha256").update(`${originalSha256}|${hash}|${profile}|${PIPELINE_VERSION}`).digest("hex").slice(0, 40);
}

const EXT: Record<string, string> = {
  "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "audio/amr": "amr", "audio/mp4": "m4a", "video/3gpp": "3gp", "video/mp4": "mp4",
};

type Produced = { bytes: Buffer; contentType: string; width: number | null; height: number | null; durationMs: number | null };

export type TranscodeResult = { assetId: string; produced: string[]; reused: string[]; status: "ready" | "superseded" | "missing" };

export async function transcodeAsset(assetId: string, onProgress?: (pct: number) => Promise<void> | void): Promise<TranscodeResult> {
  const asset = await db.mediaAsset.findUnique({ where: { id: assetId }, include: { variants: true } });
  if (!asset) return { assetId, produced: [], reused: [], status: "missing" };
  const edits = parseEdits(asset.kind, asset.edits);
  const hash = editsHash(edits);
  const profiles = profilesFor(asset.kind);
  const keys = new Map(profiles.map((p) => [p.name, variantCacheKey(asset.sha256, hash, p.name)]));
  const have = new Set(asset.variants.map((v) => v.cacheKey));
  const todo = profiles.filter((p) => !have.has(keys.get(p.name)!));
  const produced: string[] = [];
  const reused: string[] = [];

  const progress = async (done: number) => {
    const pct = Math.min(99, Math.round((done / Math.max(1, todo.length)) * 100));
    await db.mediaAsset.update({ where: { id: asset.id }, data: { progress: pct } });
    await onProgress?.(pct);
  };

  const save = async (p: VariantProfile, out: Produced) => {
    const cacheKey = keys.get(p.name)!;
    const storageKey = `variants/${asset.workspaceId}/${cacheKey}.${EXT[out.contentType] ?? "bin"}`;
    await storage().put(storageKey, out.bytes, out.contentType);
    await db.mediaVariant.upsert({
      where: { assetId_cacheKey: { assetId: asset.id, cacheKey } },
      create: { assetId: asset.id, profile: p.name, cacheKey, storageKey, contentType: out.contentType, size: out.bytes.length, width: out.width, height: out.height, durationMs: out.durationMs },
      update: {},
    });
    produced.push(p.name);
  };

  // Same original and same edits in another item of the workspace (a re-upload): copy, do not redo.
  const twins = await db.mediaVariant.findMany({ where: { cacheKey: { in: todo.map((p) => keys.get(p.name)!) }, asset: { workspaceId: asset.workspaceId } } });
  const remaining: VariantProfile[] = [];
  for (const p of todo) {
    const t = twins.find((v) => v.cacheKey === keys.get(p.name));
    if (t && (await storage().exists(t.storageKey))) {
      await db.mediaVariant.upsert({
        where: { assetId_cacheKey: { assetId: asset.id, cacheKey: t.cacheKey } },
        create: { assetId: asset.id, profile: p.name, cacheKey: t.cacheKey, storageKey: t.storageKey, contentType: t.contentType, size: t.size, width: t.width, height: t.height, durationMs: t.durationMs },
        update: {},
      });
      reused.push(p.name);
    } else remaining.push(p);
  }

  let thumbnail: Buffer | null = null;
  if (remaining.length) {
    const original = await storage().get(asset.originalKey);
    if (!original) throw new Error(`original ${asset.originalKey} of media ${asset.id} is missing from storage`);
    let done = todo.length - remaining.length;
    const step = async (p: VariantProfile, out: Produced) => {
      await save(p, out);
      await progress(++done);
    };
    if (asset.kind === "image") {
      thumbnail = await imageVariants(original.bytes, asset.animated, edits, asset.workspaceId, remaining, step);
    } else {
      thumbnail = await avVariants(original.bytes, asset.kind, edits, remaining, step);
    }
  }

  // Edits changed while this job ran: the newer job owns the final state.
  const now = await db.mediaAsset.findUnique({ where: { id: asset.id }, select: { edits: true } });
  if (!now) return { assetId, produced, reused, status: "missing" };
  if (editsHash(parseEdits(asset.kind, now.edits)) !== hash) return { assetId, produced, reused, status: "superseded" };

  let thumbnailKey = asset.thumbnailKey;
  if (thumbnail) {
    thumbnailKey = `thumbs/${asset.workspaceId}/${asset.id}-${hash}.jpg`;
    await storage().put(thumbnailKey, thumbnail, "image/jpeg");
  }
  const current = new Set(keys.values());
  const stale = await db.mediaVariant.findMany({ where: { assetId: asset.id, cacheKey: { notIn: [...current] } } });
  if (stale.length) {
    await db.mediaVariant.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
    await deleteUnreferenced(stale.map((s) => s.storageKey));
  }
  await db.mediaAsset.update({ where: { id: asset.id }, data: { status: "ready", progress: 100, error: null, thumbnailKey } });
  if (thumbnailKey !== asset.thumbnailKey && asset.thumbnailKey) await storage().delete(asset.thumbnailKey).catch(() => {});
  log.info({ assetId, produced, reused }, "media variants ready");
  return { assetId, produced, reused, status: "ready" };
}

/** Deletes stored objects no variant row points at any more (variants may be shared by re-uploads). */
export async function deleteUnreferenced(keys: string[]): Promise<void> {
  for (const key of new Set(keys)) {
    const still = await db.mediaVariant.count({ where: { storageKey: key } });
    if (!still) await storage().delete(key).catch(() => {});
  }
}

async function imageVariants(
  original: Buffer, animated: boolean, edits: Edit[], workspaceId: string, profiles: VariantProfile[],
  step: (p: VariantProfile, out: Produced) => Promise<void>,
): Promise<Buffer> {
  const shared = baseEdits(edits);
  // Leave room for the per-recipient text, which adds detail the budget search has not seen.
  const headroom = overlayOf(edits) ? 0.9 : 1;
  const loadLogo = async (id: string) => {
    const logo = await db.mediaAsset.findFirst({ where: { id, workspaceId, kind: "image" }, select: { originalKey: true } });
    return logo ? ((await storage().get(logo.originalKey))?.bytes ?? null) : null;
  };
  // The largest variant is 1600 px: decode no larger unless a crop will zoom in.
  const working = await decodeWorking(original, shared.some((e) => e.type === "crop") ? 2048 : 1600);
  const base = await applyImageEdits(working, shared, loadLogo);
  const encode = async (p: VariantProfile): Promise<Encoded> => {
    const budget = Math.floor(p.budgetBytes * headroom);
    let out: Encoded | null = null;
    // Animations stay animated when nothing is drawn on them and they fit.
    if (animated && edits.length === 0) out = await fitAnimatedGif(original, p.maxWidth, p.maxHeight, budget);
    // Transparency survives as PNG where the handset class takes PNG (not "basic", which gets 100 KB).
    if (!out && working.hasAlpha && p.budgetBytes > 100 * 1024) out = await fitPng(base, p.maxWidth, p.maxHeight, budget);
    return out ?? fitJpeg(base, p.maxWidth, p.maxHeight, budget);
  };
  // libvips runs each encode on one thread here (sharp's default without jemalloc): encoding the
  // profiles side by side is what uses the second core.
  const encoded = await Promise.all(profiles.map(encode));
  for (const [i, p] of profiles.entries()) {
    const out = encoded[i]!;
    await step(p, { bytes: out.bytes, contentType: out.contentType, width: out.width, height: out.height, durationMs: null });
  }
  return fromRaster(base).resize(320, 320, { fit: "inside", withoutEnlargement: true }).flatten({ background: "#ffffff" }).jpeg({ quality: 75 }).toBuffer();
}

async function avVariants(
  original: Buffer, kind: "audio" | "video", edits: Edit[], profiles: VariantProfile[],
  step: (p: VariantProfile, out: Produced) => Promise<void>,
): Promise<Buffer | null> {
  const dir = await mkdtemp(path.join(tmpRoot(), "media-transcode-"));
  try {
    const input = path.join(dir, "original");
    await writeFile(input, original);
    const info = await probe(input);
    let m: Mezzanine;
    let thumbnail: Buffer | null = null;
    if (kind === "video") {
      const caption = edits.find((e) => e.type === "caption") as Extract<Edit, { type: "caption" }> | undefined;
      m = await videoMezzanine(input, info, edits, dir, caption ? async (w, h) => {
        await ensureFonts();
        const layer = textLayer(w, h, caption, caption.text);
        return layer ? sharp({ create: { width: w, height: h, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).composite([{ input: layer.svg, top: layer.top, left: 0 }]).png().toBuffer() : null;
      } : undefined);
      const poster = edits.find((e) => e.type === "poster") as Extract<Edit, { type: "poster" }> | undefined;
      const at = poster ? Math.min(poster.atMs, Math.max(0, m.durationMs - 100)) : Math.min(1000, m.durationMs / 2);
      const frame = await posterFrame(m.file, at);
      thumbnail = await sharp(frame).resize(320, 320, { fit: "inside" }).jpeg({ quality: 75 }).toBuffer();
    } else {
      m = await audioMezzanine(input, info, edits, dir);
    }
    for (const p of profiles) {
      const out = kind === "video" ? await videoVariant(m, p, dir) : await audioVariant(m, p, dir);
      await step(p, out);
    }
    return thumbnail;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
