// Content adaptation on retrieval, as an MMSC does from the handset's UAProf (Mbuni: scale images, replace
// unsupported parts with text, replace what is still too large by a short text). Pure function of
// (content, profile), so the result is cached per content hash and profile.
import sharp from "sharp";
import type { MimeEntity } from "@/lib/mms";
import { entitySize } from "./content";
import { accepts, type HandsetProfile } from "./profiles";

export type Adapted = { content: MimeEntity; size: number; notes: string[] };

const RESIZABLE = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

function textPart(text: string, like: MimeEntity): MimeEntity {
  return { contentType: "text/plain", params: { charset: "utf-8" }, contentId: like.contentId, contentLocation: like.contentLocation ? like.contentLocation.replace(/\.[^.]*$/, "") + ".txt" : undefined, body: Buffer.from(text, "utf8") };
}

function mapLeaves(e: MimeEntity, fn: (leaf: MimeEntity) => MimeEntity): MimeEntity {
  return e.parts ? { ...e, parts: e.parts.map((p) => mapLeaves(p, fn)) } : fn(e);
}

async function shrinkImage(leaf: MimeEntity, maxPx: number, budget: number): Promise<MimeEntity> {
  let px = maxPx;
  let out = leaf.body!;
  for (let i = 0; i < 6; i++) {
    out = await sharp(leaf.body!, { animated: false })
      .resize({ width: px, height: px, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: i === 0 ? 80 : 65, mozjpeg: false })
      .toBuffer();
    if (out.length <= budget) break;
    px = Math.max(64, Math.floor(px * 0.6));
  }
  const loc = leaf.contentLocation?.replace(/\.[^.]*$/, "") ;
  return { ...leaf, contentType: "image/jpeg", params: {}, contentLocation: loc ? `${loc}.jpg` : leaf.contentLocation, body: out };
}

/** Whether the handset takes the content as stored: within its size and every part a type it renders. */
export function fitsAsIs(leaves: Array<{ contentType: string; size: number }>, profile: HandsetProfile): boolean {
  let size = 0;
  for (const l of leaves) {
    if (!accepts(profile, l.contentType) && l.contentType !== "application/smil") return false;
    size += l.size;
  }
  return size <= profile.maxBytes;
}

/** Returns the content as this handset receives it, or null when it cannot be made to fit ("reject" mode). */
export async function adaptFor(content: MimeEntity, profile: HandsetProfile, mode: "adapt" | "reject"): Promise<Adapted | null> {
  const notes: string[] = [];
  const size = entitySize(content);
  const unsupported = (l: MimeEntity) => !accepts(profile, l.contentType) && l.contentType !== "application/smil";
  const leavesOf = (e: MimeEntity): MimeEntity[] => (e.parts ? e.parts.flatMap(leavesOf) : [e]);
  if (fitsAsIs(leavesOf(content).map((l) => ({ contentType: l.contentType, size: l.body?.length ?? 0 })), profile)) return { content, size, notes };
  if (mode === "reject") return null;

  // 1. Parts the handset cannot render become a line of text.
  let c = mapLeaves(content, (l) => {
    if (!unsupported(l)) return l;
    notes.push(`replaced ${l.contentType} with text`);
    return textPart(`[${l.contentType.split("/")[0]} not supported by this phone]`, l);
  });
  // 2. Images are scaled to the handset's resolution and into the size budget.
  if (entitySize(c) > profile.maxBytes) {
    const images = leavesOf(c).filter((l) => RESIZABLE.has(l.contentType) && l.body);
    const nonImage = entitySize(c) - images.reduce((n, l) => n + l.body!.length, 0);
    const budget = Math.max(2048, Math.floor((profile.maxBytes - nonImage) / Math.max(1, images.length)));
    const shrunk = new Map<MimeEntity, MimeEntity>();
    for (const img of images) shrunk.set(img, await shrinkImage(img, profile.maxImagePx, budget));
    c = mapLeaves(c, (l) => shrunk.get(l) ?? l);
    if (images.length) notes.push(`scaled ${images.length} image(s)`);
  }
  // 3. Largest non-text parts are dropped until it fits.
  while (entitySize(c) > profile.maxBytes) {
    const big = leavesOf(c)
      .filter((l) => !l.contentType.startsWith("text/") && l.contentType !== "application/smil")
      .sort((a, b) => (b.body?.length ?? 0) - (a.body?.length ?? 0))[0];
    if (!big) break;
    notes.push(`dropped ${big.contentType} (${big.body?.length ?? 0} bytes)`);
    c = mapLeaves(c, (l) => (l === big ? textPart("[content too large for this phone]", l) : l));
  }
  // 4. Still too large (very long text): a notice, as Mbuni's mms-message-too-large-txt.
  if (entitySize(c) > profile.maxBytes) {
    notes.push("replaced the message with a notice");
    c = { contentType: "text/plain", params: { charset: "utf-8" }, body: Buffer.from("This message is too large for your phone.", "utf8") };
  }
  return { content: c, size: entitySize(c), notes };
}
