// Fonts shipped with the project (public/fonts, DejaVu: see DEJAVU-LICENSE.txt), registered with
// fontconfig inside libvips so captions render the same on a machine that has no fonts installed.
import path from "node:path";
import sharp from "sharp";
import type { TextSpec } from "./edits";

export const FONT_FAMILY = "DejaVu Sans";

export function fontsDir(): string {
  return process.env.POSTINO_FONTS_DIR ?? path.join(process.cwd(), "public", "fonts");
}

export function fontFile(bold: boolean): string {
  return path.join(/*turbopackIgnore: true*/ fontsDir(), bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
}

let ready: Promise<void> | undefined;

/** Once per process: sharp's `fontfile` adds the file to fontconfig, which librsvg then also uses. */
export function ensureFonts(): Promise<void> {
  ready ??= (async () => {
    for (const [bold, font] of [[false, FONT_FAMILY], [true, `${FONT_FAMILY} Bold`]] as const) {
      await sharp({ text: { text: ".", font, fontfile: fontFile(bold) } }).png().toBuffer();
    }
  })();
  return ready;
}

export function fontWeight(font: TextSpec["font"]): "bold" | "normal" {
  return font === "sans-bold" ? "bold" : "normal";
}
