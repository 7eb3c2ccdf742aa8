// The media library, scoped to one workspace (the MemberContext's, never the request's): upload,
// import, list, edit, delete, preview and file download. Route handlers stay thin around these.
import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { Prisma, db } from "@/lib/db/client";
import type { MemberContext } from "@/lib/auth/context";
import { conflict, notFound } from "@/lib/http/errors";
import { getQueue, enqueue, jobId } from "@/lib/queues";
import { storage } from "@/lib/storage";
import { editsHash, parseEdits, type Edit } from "./edits";
import { inspectMedia } from "./inspect";
import { downloadFromUrl } from "./url-import";
import { deleteUnreferenced } from "./transcode";

type Ctx = Pick<MemberContext, "workspaceId"> & { user?: { id: string } };

const newId = () => `m${randomBytes(12).toString("hex")}`;

export const assetSelect = {
  id: true, kind: true, name: true, tags: true, status: true, error: true, contentType: true, size: true,
  width: true, height: true, durationMs: true, animated: true, edits: true, progress: true, thumbnailKey: true,
  createdAt: true, updatedAt: true,
} satisfies Prisma.MediaAssetSelect;

const variantSelect = { id: true, profile: true, contentType: true, size: true, width: true, height: true, durationMs: true, storageKey: true } satisfies Prisma.MediaVariantSelect;

export type MediaSummary = Prisma.MediaAssetGetPayload<{ select: typeof assetSelect }>;

function cleanName(fileName: string | undefined, kind: string): string {
  const base = (fileName ?? "").split(/[\\/]/).pop()!.replace(/\.[a-z0-9]{1,5}$/i, "").replace(/[\u0000-\u001f]/g, "").trim();
  return (base || `Untitled ${kind}`).slice(0, 120);
}

/** Removes a finished job with the same id, so going back to an earlier edit list re-runs it. */
async function scheduleTranscode(assetId: string, hash: string): Promise<void> {
  const id = jobId("media", assetId, hash);
  const old = await getQueue("mediaTranscode").getJob(id);
  if (old && ((await old.isCompleted()) || (await old.isFailed()))) await old.remove().catch(() => {});
  await enqueue("mediaTranscode", { assetId }, { jobId: id });
}

/** Stores an upload after checking it; the variants are made by the media-transcode worker. */
export async function createMedia(ctx: Ctx, input: { bytes: Buffer; fileName?: string; declaredType?: string; tags?: string[] }): Promise<MediaSummary> {
  const info = await inspectMedia(input.bytes, { fileName: input.fileName, declaredType: input.declaredType });
  const id = newId();
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const originalKey = `originals/${ctx.workspaceId}/${id}`;
  await storage().put(originalKey, input.bytes, info.contentType);
  let thumbnailKey: string | null = null;
  if (info.thumbnail) {
    thumbnailKey = `thumbs/${ctx.workspaceId}/${id}.jpg`;
    await storage().put(thumbnailKey, info.thumbnail, "image/jpeg");
  }
  const asset = await db.mediaAsset.create({
    data: {
      id, workspaceId: ctx.workspaceId, kind: info.kind, name: cleanName(input.fileName, info.kind), tags: normaliseTags(input.tags ?? []),
      status: "processing", originalKey, contentType: info.contentType, size: BigInt(input.bytes.length), sha256,
      width: info.width, height: info.height, durationMs: info.durationMs, animated: info.animated, thumbnailKey, createdById: ctx.user?.id ?? null,
    },
    select: assetSelect,
  });
  await scheduleTranscode(asset.id, editsHash([]));
  return asset;
}

export async function importMediaFromUrl(ctx: Ctx, url: string, tags?: string[]): Promise<MediaSummary> {
  const got = await downloadFromUrl(url);
  return createMedia(ctx, { bytes: got.bytes, fileName: got.fileName, declaredType: got.declaredType, tags });
}

export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, "-")).filter((t) => t && t.length <= 40))].slice(0, 20);
}

export async function listMedia(ctx: Ctx, q: { search?: string; tag?: string; kind?: "image" | "audio" | "video"; cursor?: string; limit?: number } = {}) {
  const search = q.search?.trim();
  const limit = Math.min(100, q.limit ?? 48);
  const where: Prisma.MediaAssetWhereInput = {
    workspaceId: ctx.workspaceId,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.tag ? { tags: { has: q.tag.toLowerCase() } } : {}),
    ...(search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { tags: { has: search.toLowerCase() } }] } : {}),
  };
  const rows = await db.mediaAsset.findMany({
    where, select: assetSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

export async function listMediaTags(ctx: Ctx): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ tag: string }>>`select distinct unnest(tags) as tag from media_asset where "workspaceId" = ${ctx.workspaceId} order by 1 limit 200`;
  return rows.map((r) => r.tag);
}

export async function getMedia(ctx: Ctx, id: string) {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { ...assetSelect, variants: { select: variantSelect, orderBy: { profile: "asc" } } } });
  if (!asset) throw notFound("This media item");
  return asset;
}

export async function updateMedia(ctx: Ctx, id: string, patch: { name?: string; tags?: string[]; edits?: unknown }): Promise<MediaSummary> {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { id: true, kind: true, edits: true } });
  if (!asset) throw notFound("This media item");
  const data: Prisma.MediaAssetUpdateInput = {};
  if (patch.name !== undefined) data.name = patch.name.trim().slice(0, 120) || "Untitled";
  if (patch.tags !== undefined) data.tags = normaliseTags(patch.tags);
  let hash: string | null = null;
  if (patch.edits !== undefined) {
    const edits = parseEdits(asset.kind, patch.edits);
    await assertLogosInWorkspace(ctx, edits);
    hash = editsHash(edits);
    if (hash !== editsHash(parseEdits(asset.kind, asset.edits))) {
      data.edits = edits as unknown as Prisma.InputJsonValue;
      data.status = "processing";
      data.progress = 0;
      data.error = null;
    } else hash = null;
  }
  const updated = await db.mediaAsset.update({ where: { id: asset.id }, data, select: assetSelect });
  if (hash) await scheduleTranscode(asset.id, hash);
  return updated;
}

/** Re-queues the variants of an item whose processing failed or stalled. */
export async function retryMedia(ctx: Ctx, id: string): Promise<MediaSummary> {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { id: true, kind: true, edits: true } });
  if (!asset) throw notFound("This media item");
  const updated = await db.mediaAsset.update({ where: { id: asset.id }, data: { status: "processing", progress: 0, error: null }, select: assetSelect });
  await scheduleTranscode(asset.id, editsHash(parseEdits(asset.kind, asset.edits)));
  return updated;
}

async function assertLogosInWorkspace(ctx: Ctx, edits: Edit[]) {
  for (const e of edits) {
    if (e.type !== "logo") continue;
    const ok = await db.mediaAsset.count({ where: { id: e.assetId, workspaceId: ctx.workspaceId, kind: "image" } });
    if (!ok) throw notFound("The logo image");
  }
}

/** Campaigns that will still send this item (scheduled, sending or paused) and so block its deletion. */
export async function campaignsUsingMedia(ctx: Ctx, id: string): Promise<Array<{ id: string; name: string; state: string }>> {
  return db.$queryRaw`
    select id, name, state::text as state from campaign
    where "workspaceId" = ${ctx.workspaceId} and state in ('scheduled', 'sending', 'paused')
      and jsonb_path_exists(slides, '$.** ? (@.mediaId == $id)', jsonb_build_object('id', ${id}::text))`;
}

export async function deleteMedia(ctx: Ctx, id: string): Promise<void> {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, include: { variants: { select: { storageKey: true } } } });
  if (!asset) throw notFound("This media item");
  const users = await campaignsUsingMedia(ctx, id);
  if (users.length) {
    const names = users.slice(0, 3).map((c) => `"${c.name}" (${c.state})`).join(", ");
    throw conflict(`"${asset.name}" is used by ${users.length === 1 ? "the campaign" : "the campaigns"} ${names}${users.length > 3 ? " and others" : ""}. Remove it from the campaign or cancel the campaign before deleting it.`);
  }
  await db.mediaAsset.delete({ where: { id: asset.id } });
  await deleteUnreferenced(asset.variants.map((v) => v.storageKey));
  for (const key of [asset.originalKey, asset.thumbnailKey]) if (key) await storage().delete(key).catch(() => {});
}

export type MediaFile = { stream: Readable; contentType: string; size: number; fileName: string };

/** The original, the thumbnail, or one variant (by profile name) of an item of this workspace. */
export async function openMediaFile(ctx: Ctx, id: string, which: string): Promise<MediaFile> {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, include: { variants: true } });
  if (!asset) throw notFound("This media item");
  let key: string | null = null;
  let suffix = "";
  if (which === "original") key = asset.originalKey;
  else if (which === "thumbnail") key = asset.thumbnailKey;
  else {
    const v = asset.variants.find((x) => x.profile === which);
    key = v?.storageKey ?? null;
    suffix = `-${which}`;
  }
  if (!key) throw notFound(which === "thumbnail" ? "The thumbnail" : "This version of the file");
  const got = await storage().getStream(key);
  if (!got) throw notFound("The stored file");
  const ext = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "audio/amr": "amr", "audio/mp4": "m4a", "video/3gpp": "3gp", "video/mp4": "mp4", "audio/mpeg": "mp3", "audio/wav": "wav", "image/webp": "webp" }[got.contentType] ?? "bin";
  return { ...got, fileName: `${asset.name}${suffix}.${ext}` };
}
