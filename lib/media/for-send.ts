// What the campaigns pipeline reads once per campaign: each slide's media, its variants and its
// overlay. Per recipient it then calls pickVariant (lib/handset) and, when `overlay` is set,
// renderPersonalisedImage with that variant and the recipient's values.
import { db } from "@/lib/db/client";
import { overlayOf, parseEdits, type OverlayEdit } from "./edits";

export type SendableMedia = {
  id: string;
  kind: "image" | "audio" | "video";
  status: "processing" | "ready" | "failed";
  overlay: OverlayEdit | null;
  variants: Array<{ profile: string; contentType: string; size: number; storageKey: string; width: number | null; height: number | null; durationMs: number | null }>;
};

export async function loadMediaForSend(workspaceId: string, assetIds: string[]): Promise<Map<string, SendableMedia>> {
  const rows = await db.mediaAsset.findMany({ where: { workspaceId, id: { in: assetIds } }, include: { variants: true } });
  return new Map(
    rows.map((a) => [
      a.id,
      {
        id: a.id, kind: a.kind, status: a.status,
        overlay: a.kind === "image" ? overlayOf(parseEdits("image", a.edits)) : null,
        variants: a.variants.map((v) => ({ profile: v.profile, contentType: v.contentType, size: v.size, storageKey: v.storageKey, width: v.width, height: v.height, durationMs: v.durationMs })),
      },
    ]),
  );
}
