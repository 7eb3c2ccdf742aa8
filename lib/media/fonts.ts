// Fonts shipped with the project (public/fonts, DejaVu: see DEJAVU-LICENSE.txt), registered with
// fontconfig inside libvips so captions render the same on a machine that has no fonts installed.
import path from "node:path";
import sharp from "sharp";
import type { TextSpec } from "./edits";

export const FONT_FAMILY = "DejaVu Sans";

export function fontsDir(): string {
  return process.env.POSTINO_FONTS_DIR ?? path.join(process.cwd(), "public", "fonts");
}

let ready: Promise<void> | undefined;

/** Once per process: sharp's `fontfile` adds the file to fontconfig, which librsvg then also uses. */
export function ensureFonts(): Promise<void> {
  ready ??= (async () => {
    for (const [file, font] of [["DejaVuSans.ttf", FONT_FAMILY], ["DejaVuSans-Bold.ttf", `${FONT_FAMILY} Bold`]] as const) {
      await sharp({ text: { text: ".", font, fontfile: path.join(/*turbopackIgnore: true*/ fontsDir(), file) } }).png().toBuffer();
    }
  })();
  return ready;
}

export function fontWeight(font: TextSpec["font"]): "bold" | "normal" {
  return font === "sans-bold" ? "bold" : "normal";
}
