// Campaign.slides: the one definition of what a slide is. The pipeline and the composer both
// parse with SlidesSchema, so a malformed draft is refused at save time, never at send time.
import { z } from "zod";

export const MAX_SLIDES = 8;
export const DEFAULT_SLIDE_MS = 5000;
/** Long texts are legal MMS but unreadable on a handset and costly; the composer warns well before this. */
export const MAX_SLIDE_TEXT = 5000;

export const SlideSchema = z.object({
  id: z.string().min(1).max(64),
  /** MediaAsset id: image or video. */
  mediaId: z.string().min(1).max(64).optional(),
  /** MediaAsset id: audio played with the slide. */
  audioId: z.string().min(1).max(64).optional(),
  /** Liquid template with merge fields ({{ first_name | default: "amico" }}). */
  text: z.string().max(MAX_SLIDE_TEXT, `A slide's text can be at most ${MAX_SLIDE_TEXT} characters.`).optional(),
  durationMs: z.number().int().min(500, "A slide must show for at least half a second.").max(60_000, "A slide can show for at most 60 seconds.").optional(),
});

export const SlidesSchema = z.array(SlideSchema).max(MAX_SLIDES, `A message can have at most ${MAX_SLIDES} slides.`);

export type Slide = z.infer<typeof SlideSchema>;

/** Reads Campaign.slides (JSON) leniently: anything unparseable becomes no slides rather than a crash in a page. */
export function readSlides(json: unknown): Slide[] {
  const r = SlidesSchema.safeParse(json);
  return r.success ? r.data : [];
}

export function slideDuration(s: Slide): number {
  return s.durationMs ?? DEFAULT_SLIDE_MS;
}

/** A slide with neither media nor text adds nothing to the message. */
export function isEmptySlide(s: Slide): boolean {
  return !s.mediaId && !s.audioId && !(s.text ?? "").trim();
}

/** Every MediaAsset id the slides reference, once each. */
export function slideMediaIds(slides: Slide[]): string[] {
  return [...new Set(slides.flatMap((s) => [s.mediaId, s.audioId].filter((x): x is string => !!x)))];
}

/** A fresh id for a new slide in the composer (not security-relevant; unique within one campaign). */
export function newSlideId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
