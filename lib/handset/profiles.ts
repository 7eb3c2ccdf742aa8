// Variant profiles: what the transcoder produces for every media item. A profile names a content
// family and a byte budget; lib/handset/classes.ts decides which handsets may receive which profile.
export type MediaFamily = "image" | "audio" | "video";

export type VariantProfile = {
  name: string;
  family: MediaFamily;
  budgetBytes: number;
  /** Image: longest side. Video: frame size (H.263 only allows a few sizes). */
  maxWidth: number;
  maxHeight: number;
  /** Container/codec choice for audio and video; images choose JPEG/PNG/GIF from the source. */
  format?: "amr" | "m4a" | "3gp" | "mp4";
};

const KB = 1024;

export const VARIANT_PROFILES: readonly VariantProfile[] = [
  { name: "image-100k", family: "image", budgetBytes: 100 * KB, maxWidth: 640, maxHeight: 640 },
  { name: "image-300k", family: "image", budgetBytes: 300 * KB, maxWidth: 1280, maxHeight: 1280 },
  { name: "image-600k", family: "image", budgetBytes: 600 * KB, maxWidth: 1600, maxHeight: 1600 },
  { name: "audio-amr-100k", family: "audio", budgetBytes: 100 * KB, maxWidth: 0, maxHeight: 0, format: "amr" },
  { name: "audio-m4a-300k", family: "audio", budgetBytes: 300 * KB, maxWidth: 0, maxHeight: 0, format: "m4a" },
  { name: "audio-m4a-600k", family: "audio", budgetBytes: 600 * KB, maxWidth: 0, maxHeight: 0, format: "m4a" },
  { name: "video-3gp-100k", family: "video", budgetBytes: 100 * KB, maxWidth: 176, maxHeight: 144, format: "3gp" },
  { name: "video-3gp-300k", family: "video", budgetBytes: 300 * KB, maxWidth: 352, maxHeight: 288, format: "3gp" },
  { name: "video-mp4-300k", family: "video", budgetBytes: 300 * KB, maxWidth: 480, maxHeight: 480, format: "mp4" },
  { name: "video-mp4-600k", family: "video", budgetBytes: 600 * KB, maxWidth: 640, maxHeight: 640, format: "mp4" },
];

export function profilesFor(family: MediaFamily): VariantProfile[] {
  return VARIANT_PROFILES.filter((p) => p.family === family);
}

export function profileByName(name: string): VariantProfile | undefined {
  return VARIANT_PROFILES.find((p) => p.name === name);
}
