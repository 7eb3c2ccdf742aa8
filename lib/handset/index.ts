// The one place that decides what a handset can receive. The campaigns pipeline asks it at dispatch
// time; the transcoder asks it which variants to produce (lib/handset/profiles.ts).
export { VARIANT_PROFILES, profilesFor, profileByName, type VariantProfile, type MediaFamily } from "./profiles";

export type HandsetClassName = "unknown" | "legacy" | "basic" | "standard" | "rich";

export type HandsetProfile = {
  /** false: no MMS at all; the pipeline sends an SMS notice with a link to the web view. */
  mms: boolean;
  maxMessageBytes: number;
  imageTypes: readonly string[];
  audioTypes: readonly string[];
  videoTypes: readonly string[];
  /** Acceptable variant profiles, best first. */
  variantProfiles: readonly string[];
};

const KB = 1024;
const basic: HandsetProfile = {
  mms: true,
  maxMessageBytes: 100 * KB,
  // OMA "Image Basic/Rich": baseline JPEG and GIF are the safe pair.
  imageTypes: ["image/jpeg", "image/gif"],
  audioTypes: ["audio/amr"],
  videoTypes: ["video/3gpp"],
  variantProfiles: ["image-100k", "audio-amr-100k", "video-3gp-100k"],
};
// 300 KB is what every carrier handles (Infobip, AOSP default mms_config maxMessageSize 307200).
const standard: HandsetProfile = {
  mms: true,
  maxMessageBytes: 300 * KB,
  imageTypes: ["image/jpeg", "image/gif", "image/png"],
  audioTypes: ["audio/mp4", "audio/amr"],
  videoTypes: ["video/mp4", "video/3gpp"],
  variantProfiles: ["image-300k", "image-100k", "audio-m4a-300k", "audio-amr-100k", "video-mp4-300k", "video-3gp-300k", "video-3gp-100k"],
};
const rich: HandsetProfile = {
  ...standard,
  maxMessageBytes: 600 * KB,
  variantProfiles: ["image-600k", "audio-m4a-600k", "video-mp4-600k", ...standard.variantProfiles],
};

export const HANDSET_PROFILES: Record<HandsetClassName, HandsetProfile> = {
  legacy: { mms: false, maxMessageBytes: 0, imageTypes: [], audioTypes: [], videoTypes: [], variantProfiles: [] },
  basic,
  standard,
  // Nothing known about the phone: what every carrier delivers.
  unknown: standard,
  rich,
};

export function handsetProfile(handsetClass: HandsetClassName | null | undefined): HandsetProfile {
  return HANDSET_PROFILES[handsetClass ?? "unknown"] ?? standard;
}

export type VariantLike = { profile: string; contentType: string; size: number };

/**
 * The best variant this handset can show within `budgetBytes` (what is left of the message after
 * text and SMIL), or null when none fits: the caller then drops the part or falls back to an SMS notice.
 */
export function pickVariant<V extends VariantLike>(variants: readonly V[], handsetClass: HandsetClassName | null | undefined, budgetBytes: number): V | null {
  const hp = handsetProfile(handsetClass);
  if (!hp.mms) return null;
  const limit = Math.min(budgetBytes, hp.maxMessageBytes);
  const types = new Set([...hp.imageTypes, ...hp.audioTypes, ...hp.videoTypes]);
  let best: V | null = null;
  let bestRank = Infinity;
  for (const v of variants) {
    const rank = hp.variantProfiles.indexOf(v.profile);
    if (rank < 0 || v.size > limit || !types.has(v.contentType.split(";")[0]!.trim())) continue;
    if (rank < bestRank || (rank === bestRank && best && v.size > best.size)) {
      best = v;
      bestRank = rank;
    }
  }
  return best;
}
