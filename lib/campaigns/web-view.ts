// The web view of one message, /m/<token>: no login, reached by its unguessable token (web-token.ts)
// (in the SMS notice to handsets without MMS, and for sharing). It renders the message for that
// recipient, and lives until the campaign's expiry + 30 days; afterwards it is simply not found.
import { db } from "@/lib/db/client";
import { overlayOf, parseEdits } from "@/lib/media/edits";
import { renderPersonalisedImage } from "@/lib/media/personalise";
import { storage } from "@/lib/storage";
import { compileTemplate, mergeValues, type MergeValues } from "./merge";
import { readSlides, slideDuration, type Slide } from "./slides";
import { webTokenMessageId, webTokenValid } from "./web-token";

const DAY_MS = 86_400_000;
export const WEB_VIEW_GRACE_DAYS = 30;
/** Best first: the web is not bound by a carrier's limit, but stays light on a phone's data plan. */
const WEB_PROFILES = ["image-600k", "image-300k", "image-100k", "video-mp4-600k", "video-mp4-300k", "video-3gp-300k", "video-3gp-100k", "audio-m4a-600k", "audio-m4a-300k", "audio-amr-100k"];

export type WebPart = { n: number; kind: "image" | "video" | "audio"; contentType: string; url: string; fileName: string };
export type WebSlide = { text: string; media: WebPart | null; audio: WebPart | null; durationMs: number };
export type WebView = { messageId: string; campaignName: string; subject: string | null; slides: WebSlide[]; expiresAt: Date; sender: string | null };

export function webViewExpiry(c: { startedAt: Date | null; createdAt: Date; expiryHours: number }, messageCreatedAt: Date): Date {
  const from = Math.max((c.startedAt ?? c.createdAt).getTime(), messageCreatedAt.getTime());
  return new Date(from + c.expiryHours * 3_600_000 + WEB_VIEW_GRACE_DAYS * DAY_MS);
}

async function load(token: string, now: Date) {
  const id = webTokenMessageId(token);
  if (id === null) return null;
  const m = await db.message.findUnique({
    where: { id },
    select: {
      id: true, createdAt: true, workspaceId: true,
      contact: { select: { firstName: true, lastName: true, phone: true, attributes: true } },
      campaign: { select: { id: true, workspaceId: true, webKey: true, name: true, subject: true, slides: true, expiryHours: true, startedAt: true, createdAt: true, workspace: { select: { name: true } } } },
    },
  });
  if (!m || !webTokenValid(m.campaign.webKey, token) || m.campaign.workspaceId !== m.workspaceId) return null;
  const expiresAt = webViewExpiry(m.campaign, m.createdAt);
  if (expiresAt.getTime() <= now.getTime()) return null;
  return { m, expiresAt, slides: readSlides(m.campaign.slides), values: mergeValues(m.contact) };
}

/** Media parts in a fixed order (slide by slide: picture/video, then sound), numbered from 1. */
function partRefs(slides: Slide[]): Array<{ n: number; slide: number; assetId: string; role: "media" | "audio" }> {
  const out: Array<{ n: number; slide: number; assetId: string; role: "media" | "audio" }> = [];
  slides.forEach((s, i) => {
    if (s.mediaId) out.push({ n: out.length + 1, slide: i, assetId: s.mediaId, role: "media" });
    if (s.audioId) out.push({ n: out.length + 1, slide: i, assetId: s.audioId, role: "audio" });
  });
  return out;
}

function render(template: string | null | undefined, values: MergeValues): string {
  if (!template?.trim()) return "";
  try {
    return compileTemplate(template)(values).trim();
  } catch {
    return template;
  }
}

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "video/mp4": "mp4", "video/3gpp": "3gp", "audio/amr": "amr", "audio/mp4": "m4a" };

/** The page's content, or null (→ the friendly 404). Does not count a view: see recordWebView. */
export async function openWebView(token: string, now = new Date()): Promise<WebView | null> {
  const v = await load(token, now);
  if (!v) return null;
  const refs = partRefs(v.slides);
  const assets = await db.mediaAsset.findMany({ where: { id: { in: refs.map((r) => r.assetId) }, workspaceId: v.m.workspaceId }, select: { id: true, kind: true, variants: { select: { profile: true, contentType: true } } } });
  const byId = new Map(assets.map((a) => [a.id, a]));
  const part = (slide: number, role: "media" | "audio"): WebPart | null => {
    const r = refs.find((x) => x.slide === slide && x.role === role);
    const a = r && byId.get(r.assetId);
    if (!r || !a) return null;
    const variant = WEB_PROFILES.map((p) => a.variants.find((x) => x.profile === p)).find(Boolean);
    if (!variant) return null;
    const contentType = a.kind === "image" ? "image/jpeg" : variant.contentType;
    return { n: r.n, kind: a.kind, contentType, url: `/api/m/${token}/parts/${r.n}`, fileName: `${a.kind}-${r.n}.${EXT[contentType] ?? "bin"}` };
  };
  return {
    messageId: v.m.id.toString(),
    campaignName: v.m.campaign.name,
    subject: render(v.m.campaign.subject, v.values) || null,
    slides: v.slides.map((s, i) => ({ text: render(s.text, v.values), media: part(i, "media"), audio: part(i, "audio"), durationMs: slideDuration(s) })),
    expiresAt: v.expiresAt,
    sender: v.m.campaign.workspace.name,
  };
}

/** Counts one view: Message.webViews and a message_event, in one transaction. */
export async function recordWebView(token: string, now = new Date()): Promise<boolean> {
  const v = await load(token, now);
  if (!v) return false;
  await db.$transaction([
    db.message.update({ where: { id: v.m.id }, data: { webViews: { increment: 1 } } }),
    db.messageEvent.create({ data: { messageId: v.m.id, type: "web_view", detail: {} } }),
  ]);
  return true;
}

/** Bytes of part n for this recipient (pictures with a personalised overlay are rendered for them). */
export async function webViewPart(token: string, n: number, now = new Date()): Promise<{ bytes: Buffer; contentType: string; fileName: string } | null> {
  const v = await load(token, now);
  if (!v) return null;
  const ref = partRefs(v.slides).find((r) => r.n === n);
  if (!ref) return null;
  const a = await db.mediaAsset.findFirst({ where: { id: ref.assetId, workspaceId: v.m.workspaceId }, include: { variants: true } });
  if (!a) return null;
  const variant = WEB_PROFILES.map((p) => a.variants.find((x) => x.profile === p)).find(Boolean);
  if (!variant) return null;
  const fileName = `${a.kind}-${n}.${EXT[variant.contentType] ?? "bin"}`;
  const overlay = a.kind === "image" ? overlayOf(parseEdits("image", a.edits)) : null;
  if (overlay) {
    const p = await renderPersonalisedImage({
      variant: { storageKey: variant.storageKey, contentType: variant.contentType, profile: variant.profile, size: variant.size },
      overlay: overlay as Parameters<typeof renderPersonalisedImage>[0]["overlay"],
      values: v.values as Record<string, string | number | null | undefined>,
    });
    return { bytes: p.bytes, contentType: p.contentType, fileName: fileName.replace(/\.\w+$/, `.${EXT[p.contentType] ?? "jpg"}`) };
  }
  const got = await storage().get(variant.storageKey);
  if (!got) return null;
  return { bytes: got.bytes, contentType: variant.contentType, fileName };
}
