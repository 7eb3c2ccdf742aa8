// Size, content class and cost of a draft before it is sent, per handset class, computed from the
// variants the transcoder already produced with the same pickVariant the pipeline uses at dispatch.
import { db } from "@/lib/db/client";
import { pickVariant, type HandsetClassName } from "@/lib/handset";
import { loadMediaForSend, type SendableMedia } from "@/lib/media/for-send";
import type { Slide } from "./slides";

const KB = 1024;
/** SMIL and MIME part headers (same allowance as the composer of the pipeline). */
const OVERHEAD_BYTES = 2_048;

export type SlideEstimate = {
  index: number;
  kind: "image" | "video" | "audio" | "text" | "empty";
  /** Bytes of this slide for a standard handset (media + audio + text). */
  bytes: number;
  /** OMA MMS content class the slide fits: Text, Image Basic, Image Rich, Megapixel, Video Basic, Video Rich, or "too large". */
  contentClass: string;
  mediaStatus: "ready" | "processing" | "failed" | "missing" | null;
};

export type Estimate = {
  slides: SlideEstimate[];
  /** Whole message per handset class, bytes. */
  bytesByHandset: Record<"basic" | "standard" | "rich", number>;
  /** Media that fit no variant for that handset class (dropped there; the web view still shows them). */
  droppedByHandset: Record<"basic" | "standard" | "rich", number>;
  carrierLimitBytes: number | null;
  /** null when the workspace has no price set. */
  pricePerMessage: number | null;
  currency: string;
  cost: number | null;
};

function contentClass(kind: SlideEstimate["kind"], bytes: number): string {
  if (kind === "text" || kind === "empty") return "Text";
  if (kind === "video") return bytes <= 100 * KB ? "Video Basic" : bytes <= 300 * KB ? "Video Rich" : "too large";
  if (kind === "audio") return bytes <= 100 * KB ? "Image Rich" : bytes <= 300 * KB ? "Megapixel" : "too large";
  return bytes <= 30 * KB ? "Image Basic" : bytes <= 100 * KB ? "Image Rich" : bytes <= 300 * KB ? "Megapixel" : "too large";
}

/** Pure: the estimate from slides, their media, rendered texts and the carrier's limit. */
export function estimateFrom(slides: Slide[], media: Map<string, SendableMedia>, carrierLimitBytes: number | null, textBytes: (s: Slide) => number): Omit<Estimate, "pricePerMessage" | "currency" | "cost"> {
  const classes = ["basic", "standard", "rich"] as const;
  const bytesByHandset = { basic: OVERHEAD_BYTES, standard: OVERHEAD_BYTES, rich: OVERHEAD_BYTES };
  const droppedByHandset = { basic: 0, standard: 0, rich: 0 };
  const budget = { basic: 0, standard: 0, rich: 0 };
  const limits = { basic: 100 * KB, standard: 300 * KB, rich: 600 * KB };
  const texts = slides.map(textBytes);
  const totalText = texts.reduce((a, b) => a + b, 0);
  for (const h of classes) {
    budget[h] = Math.min(limits[h], carrierLimitBytes ?? Infinity) - totalText - OVERHEAD_BYTES;
    bytesByHandset[h] += totalText;
  }
  const out: SlideEstimate[] = slides.map((s, index) => {
    const m = s.mediaId ? media.get(s.mediaId) : undefined;
    const a = s.audioId ? media.get(s.audioId) : undefined;
    let standardBytes = texts[index]!;
    for (const h of classes) {
      for (const asset of [m, a]) {
        if (!asset) continue;
        const v = pickVariant(asset.variants, h as HandsetClassName, budget[h]);
        if (v) {
          budget[h] -= v.size;
          bytesByHandset[h] += v.size;
          if (h === "standard") standardBytes += v.size;
        } else if (asset.status === "ready") droppedByHandset[h]++;
      }
    }
    const kind: SlideEstimate["kind"] = m ? m.kind : a ? "audio" : (s.text ?? "").trim() ? "text" : "empty";
    const status = s.mediaId || s.audioId ? (m ?? a)?.status ?? "missing" : null;
    return { index, kind, bytes: standardBytes, contentClass: contentClass(kind, standardBytes), mediaStatus: status };
  });
  return { slides: out, bytesByHandset, droppedByHandset, carrierLimitBytes };
}

/** Reads the workspace price (settings.pricePerMessage, settings.currency) if one was set. */
function priceOf(settings: unknown): { price: number | null; currency: string } {
  const s = settings && typeof settings === "object" ? (settings as Record<string, unknown>) : {};
  const price = typeof s.pricePerMessage === "number" && s.pricePerMessage >= 0 ? s.pricePerMessage : null;
  return { price, currency: typeof s.currency === "string" ? s.currency : "EUR" };
}

export async function estimateCampaign(workspaceId: string, c: { slides: Slide[]; connectionId: string | null }, sendable: number, textBytes: (s: Slide) => number): Promise<Estimate> {
  const ids = [...new Set(c.slides.flatMap((s) => [s.mediaId, s.audioId].filter((x): x is string => !!x)))];
  const [media, conn, ws] = await Promise.all([
    ids.length ? loadMediaForSend(workspaceId, ids) : Promise.resolve(new Map<string, SendableMedia>()),
    c.connectionId ? db.carrierConnection.findFirst({ where: { id: c.connectionId, workspaceId }, select: { maxMessageBytes: true } }) : null,
    db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } }),
  ]);
  const base = estimateFrom(c.slides, media, conn?.maxMessageBytes ?? null, textBytes);
  const { price, currency } = priceOf(ws?.settings);
  return { ...base, pricePerMessage: price, currency, cost: price === null ? null : Math.round(price * sendable * 100) / 100 };
}
