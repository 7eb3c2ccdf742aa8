// Everything a dispatcher needs about one campaign, loaded once per process and reused by every
// batch: the connection, compiled templates (parsed once, rendered per recipient), the media
// assets with their variants. Reloaded when the campaign or connection changes.
import { db, type CarrierConnection, type MediaVariant } from "@/lib/db/client";
import { compileTemplate, type MergeValues } from "@/lib/campaigns/merge";
import { readSlides, slideDuration, type Slide } from "@/lib/campaigns/slides";
import { overlayOf, type OverlayEdit } from "@/lib/media/edits";
import { resolveWindow, type SendWindow } from "@/lib/campaigns/quiet-hours";
import { storage } from "@/lib/storage";
import { freezeBody } from "@/lib/mms";

export type KitSlide = {
  slide: Slide;
  durationMs: number;
  text: ((v: MergeValues) => string) | null;
  media: { assetId: string; kind: "image" | "audio" | "video"; variants: MediaVariant[]; overlay: OverlayEdit | null } | null;
  audio: { assetId: string; variants: MediaVariant[] } | null;
};

export type CampaignKit = {
  id: string;
  workspaceId: string;
  name: string;
  /** Key of the messages' web-view tokens (web-token.ts). */
  webKey: string;
  state: string;
  messageClass: "Advertisement" | "Informational" | "Personal";
  advertisement: boolean;
  subject: ((v: MergeValues) => string) | null;
  slides: KitSlide[];
  connection: CarrierConnection;
  maxPerSecond: number | null;
  window: SendWindow;
  workspaceZone: string;
  /** Rows not submitted by then fail "expired before sending". */
  expiresAt: Date | null;
  startedAt: Date | null;
  /** For cache validation. */
  version: string;
  bytes: (storageKey: string) => Promise<Buffer>;
};

const MESSAGE_CLASSES = { advertisement: "Advertisement", informational: "Informational", personal: "Personal" } as const;

type Entry = { kit: CampaignKit; loadedAt: number };
const kits = new Map<string, Entry>();
const loading = new Map<string, Promise<CampaignKit>>();

/** Shared media bytes of all campaigns in this process: a 100 KB image is read once, not per recipient. */
const byteCache = new Map<string, Promise<Buffer>>();
function sharedBytes(key: string): Promise<Buffer> {
  let p = byteCache.get(key);
  if (!p) {
    p = storage()
      .get(key)
      .then((o) => {
        if (!o) throw new Error(`media ${key} is missing from storage`);
        // Shared by every recipient and never written to: the MM7 encoder may base64 it once.
        return freezeBody(o.bytes);
      });
    p.catch(() => byteCache.delete(key));
    if (byteCache.size > 256) byteCache.delete(byteCache.keys().next().value!);
    byteCache.set(key, p);
  }
  return p;
}

async function load(campaignId: string): Promise<CampaignKit> {
  const c = await db.campaign.findUnique({ where: { id: campaignId }, include: { connection: true, workspace: { select: { timeZone: true, settings: true } } } });
  if (!c) throw new Error(`campaign ${campaignId} does not exist`);
  if (!c.connection) throw new Error(`campaign ${campaignId} has no carrier connection`);
  const slides = readSlides(c.slides);
  const ids = [...new Set(slides.flatMap((s) => [s.mediaId, s.audioId].filter((x): x is string => !!x)))];
  const assets = ids.length ? await db.mediaAsset.findMany({ where: { id: { in: ids }, workspaceId: c.workspaceId }, include: { variants: true } }) : [];
  const byId = new Map(assets.map((a) => [a.id, a]));
  const kitSlides: KitSlide[] = slides.map((s) => {
    const m = s.mediaId ? byId.get(s.mediaId) : undefined;
    const a = s.audioId ? byId.get(s.audioId) : undefined;
    const edits = Array.isArray(m?.edits) ? (m!.edits as unknown as Parameters<typeof overlayOf>[0]) : [];
    return {
      slide: s,
      durationMs: slideDuration(s),
      text: s.text?.trim() ? compileTemplate(s.text) : null,
      media: m ? { assetId: m.id, kind: m.kind, variants: m.variants, overlay: m.kind === "image" ? overlayOf(edits) : null } : null,
      audio: a ? { assetId: a.id, variants: a.variants } : null,
    };
  });
  const startedAt = c.startedAt;
  return {
    id: c.id,
    webKey: c.webKey,
    workspaceId: c.workspaceId,
    name: c.name,
    state: c.state,
    messageClass: MESSAGE_CLASSES[c.messageClass.toLowerCase() as keyof typeof MESSAGE_CLASSES] ?? "Advertisement",
    advertisement: c.messageClass.toLowerCase() === "advertisement",
    subject: c.subject?.trim() ? compileTemplate(c.subject) : null,
    slides: kitSlides,
    connection: c.connection,
    maxPerSecond: c.maxPerSecond,
    window: resolveWindow(c.quietHours, c.workspace.settings),
    workspaceZone: c.workspace.timeZone,
    expiresAt: startedAt ? new Date(startedAt.getTime() + c.expiryHours * 3_600_000) : null,
    startedAt,
    version: `${c.updatedAt.getTime()}|${c.connection.updatedAt.getTime()}`,
    bytes: sharedBytes,
  };
}

/**
 * The kit for a campaign, at most `maxAgeMs` old. State (paused, cancelled) is NOT read from here:
 * the dispatcher checks the control key and the database before every chunk.
 */
export async function campaignKit(campaignId: string, maxAgeMs = 30_000): Promise<CampaignKit> {
  const hit = kits.get(campaignId);
  if (hit && Date.now() - hit.loadedAt < maxAgeMs) return hit.kit;
  let p = loading.get(campaignId);
  if (!p) {
    p = load(campaignId).finally(() => loading.delete(campaignId));
    loading.set(campaignId, p);
  }
  const kit = await p;
  kits.set(campaignId, { kit, loadedAt: Date.now() });
  if (kits.size > 200) kits.delete(kits.keys().next().value!);
  return kit;
}

export function forgetKit(campaignId: string): void {
  kits.delete(campaignId);
}
