// The non-destructive edit list: what the browser editor saves, what the transcoder applies to the
// untouched original. Geometry is in fractions of the (current) picture, so an edit made on a
// small preview means the same thing on the full-size original.
import { createHash } from "node:crypto";
import { z } from "zod";

const frac = z.number().min(0).max(1);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Colours are written like #ff8800.");

export const FONTS = ["sans", "sans-bold"] as const;

/** A line of text drawn on the picture: a fixed caption, or a personalised overlay with merge fields. */
export const textSpec = z.object({
  text: z.string().trim().min(1, "Write the text to show.").max(200, "Keep the text under 200 characters."),
  font: z.enum(FONTS).default("sans-bold"),
  /** Font size as a fraction of the picture's height. */
  size: z.number().min(0.02).max(0.4).default(0.08),
  color: colour.default("#ffffff"),
  /** Outline colour; null for none. */
  outline: colour.nullable().default("#000000"),
  position: z.enum(["top", "center", "bottom"]).default("bottom"),
});
export type TextSpec = z.infer<typeof textSpec>;

const ms = z.number().int().min(0).max(3_600_000);

export const edit = z.discriminatedUnion("type", [
  z.object({ type: z.literal("crop"), x: frac, y: frac, w: frac.refine((v) => v > 0.01), h: frac.refine((v) => v > 0.01), aspect: z.enum(["free", "1:1", "3:2", "2:3"]).default("free") }),
  z.object({ type: z.literal("rotate"), degrees: z.union([z.literal(90), z.literal(180), z.literal(270)]) }),
  z.object({ type: z.literal("flip"), axis: z.enum(["horizontal", "vertical"]) }),
  z.object({ type: z.literal("resize"), maxWidth: z.number().int().min(16).max(4096), maxHeight: z.number().int().min(16).max(4096) }),
  z.object({ type: z.literal("adjust"), brightness: z.number().min(0.2).max(3).default(1), contrast: z.number().min(0.2).max(3).default(1) }),
  z.object({ type: z.literal("caption"), ...textSpec.shape }),
  z.object({ type: z.literal("logo"), assetId: z.string().min(1).max(64), position: z.enum(["top-left", "top-right", "bottom-left", "bottom-right"]).default("bottom-right"), scale: z.number().min(0.05).max(0.5).default(0.2) }),
  /** Rendered per recipient at send time (lib/media/personalise.ts), never baked into variants. */
  z.object({ type: z.literal("overlay"), ...textSpec.shape }),
  z.object({ type: z.literal("trim"), startMs: ms, endMs: ms }),
  z.object({ type: z.literal("fade"), inMs: ms.max(30_000).default(0), outMs: ms.max(30_000).default(0) }),
  z.object({ type: z.literal("volume"), gain: z.number().min(0).max(4) }),
  z.object({ type: z.literal("mute") }),
  z.object({ type: z.literal("poster"), atMs: ms }),
]);
export type Edit = z.infer<typeof edit>;
export type OverlayEdit = Extract<Edit, { type: "overlay" }>;

const allowed: Record<"image" | "audio" | "video", ReadonlySet<Edit["type"]>> = {
  image: new Set(["crop", "rotate", "flip", "resize", "adjust", "caption", "logo", "overlay"]),
  audio: new Set(["trim", "fade", "volume"]),
  video: new Set(["trim", "mute", "poster", "caption"]),
};

const label: Record<Edit["type"], string> = {
  crop: "Crop", rotate: "Rotate", flip: "Flip", resize: "Resize", adjust: "Brightness and contrast", caption: "A caption",
  logo: "A logo", overlay: "A personalised overlay", trim: "Trim", fade: "Fade", volume: "Volume", mute: "Mute", poster: "A poster frame",
};

const kindPhrase = { image: "an image", audio: "an audio file", video: "a video" } as const;

export const editList = z.array(edit).max(30, "Keep the edit list under 30 steps.");

/** Validates an edit list for a kind of media; throws a ZodError with a sentence per problem. */
export function parseEdits(kind: "image" | "audio" | "video", input: unknown): Edit[] {
  return editList
    .superRefine((list, c) => {
      list.forEach((e, i) => {
        if (!allowed[kind].has(e.type)) c.addIssue({ code: "custom", path: [i, "type"], message: `${label[e.type]} cannot be applied to ${kindPhrase[kind]}.` });
        if (e.type === "trim" && e.endMs <= e.startMs) c.addIssue({ code: "custom", path: [i], message: "The end of a trim must come after its start." });
      });
      if (list.filter((e) => e.type === "overlay").length > 1) c.addIssue({ code: "custom", path: [], message: "Only one personalised overlay is allowed per image." });
    })
    .parse(input);
}

/** Stable JSON: object keys sorted, so equal edit lists hash equally whatever order the browser wrote. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export function editsHash(edits: readonly Edit[]): string {
  return createHash("sha256").update(canonicalJson(edits)).digest("hex").slice(0, 16);
}

/** The overlay, if any: the part of the edits that varies per recipient. */
export function overlayOf(edits: readonly Edit[]): OverlayEdit | null {
  return (edits.find((e) => e.type === "overlay") as OverlayEdit | undefined) ?? null;
}

/** Edits that shape the shared base picture (everything but the per-recipient overlay). */
export function baseEdits(edits: readonly Edit[]): Edit[] {
  return edits.filter((e) => e.type !== "overlay");
}
