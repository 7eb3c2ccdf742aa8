// The editor's live preview: the unsaved edit list applied to the original, with the overlay
// filled from a sample contact, as a small JPEG. Same code path as the variants and the send-time
// render, so what the user sees is what recipients get.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { db } from "@/lib/db/client";
import type { MemberContext } from "@/lib/auth/context";
import { notFound } from "@/lib/http/errors";
import { storage } from "@/lib/storage";
import { posterFrame } from "./av-transcode";
import { baseEdits, canonicalJson, overlayOf, parseEdits, type Edit } from "./edits";
import { ensureFonts } from "./fonts";
import { applyImageEdits } from "./image-edits";
import { tmpRoot } from "./inspect";
import { Lru } from "./lru";
import { renderMergeFields, type MergeValues } from "./merge-fields";
import { decodeWorking, fromRaster, toRaster, type Raster } from "./raster";
import { textLayer } from "./text-layer";

const working = new Lru<Promise<Raster>>(64 * 1024 * 1024, () => 8 * 1024 * 1024);
const based = new Lru<Promise<Raster>>(64 * 1024 * 1024, () => 2 * 1024 * 1024);

export async function renderMediaPreview(
  ctx: Pick<MemberContext, "workspaceId">, id: string, input: { edits?: unknown; values?: MergeValues; atMs?: number; maxSide?: number },
): Promise<{ bytes: Buffer; contentType: string }> {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { id: true, kind: true, sha256: true, originalKey: true, edits: true } });
  if (!asset) throw notFound("This media item");
  if (asset.kind === "audio") throw notFound("A picture preview of an audio file");
  const edits = parseEdits(asset.kind, input.edits ?? asset.edits);
  const maxSide = Math.min(1024, input.maxSide ?? 640);
  await ensureFonts();

  if (asset.kind === "video") {
    const dir = await mkdtemp(path.join(tmpRoot(), "media-preview-"));
    try {
      const file = path.join(dir, "original");
      await writeFile(file, (await storage().get(asset.originalKey))?.bytes ?? Buffer.alloc(0));
      const poster = edits.find((e) => e.type === "poster") as Extract<Edit, { type: "poster" }> | undefined;
      const frame = await toRaster(sharp(await posterFrame(file, input.atMs ?? poster?.atMs ?? 1000)).resize(maxSide, maxSide, { fit: "inside" }).removeAlpha());
      const out = await applyImageEdits(frame, edits.filter((e) => e.type === "caption"));
      return { bytes: await fromRaster(out).jpeg({ quality: 80 }).toBuffer(), contentType: "image/jpeg" };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  // Images: the decoded original and the shared edits are cached, so dragging the overlay or
  // switching the sample contact only redraws the text.
  let w = working.get(asset.sha256);
  if (!w) {
    w = (async () => decodeWorking((await storage().get(asset.originalKey))!.bytes, 1600))();
    w.catch(() => working.delete(asset.sha256));
    working.set(asset.sha256, w);
  }
  const shared = baseEdits(edits);
  const bKey = `${asset.sha256}|${maxSide}|${canonicalJson(shared)}`;
  let b = based.get(bKey);
  if (!b) {
    b = (async () => {
      const logo = async (logoId: string) => {
        const l = await db.mediaAsset.findFirst({ where: { id: logoId, workspaceId: ctx.workspaceId, kind: "image" }, select: { originalKey: true } });
        return l ? ((await storage().get(l.originalKey))?.bytes ?? null) : null;
      };
      const r = await applyImageEdits(await w!, shared, logo);
      return toRaster(fromRaster(r).resize(maxSide, maxSide, { fit: "inside", withoutEnlargement: true }));
    })();
    b.catch(() => based.delete(bKey));
    based.set(bKey, b);
  }
  const base = await b;
  const overlay = overlayOf(edits);
  const layer = overlay ? textLayer(base.width, base.height, overlay, renderMergeFields(overlay.text, input.values ?? {})) : null;
  const s = layer ? fromRaster(base).composite([{ input: layer.svg, top: layer.top, left: layer.left }]) : fromRaster(base);
  return { bytes: await s.flatten({ background: "#ffffff" }).jpeg({ quality: 80 }).toBuffer(), contentType: "image/jpeg" };
}
