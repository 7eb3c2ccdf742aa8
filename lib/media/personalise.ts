// Personalised pictures at send time: the overlay text of one recipient, composited onto the
// variant's decoded pixels (decoded once per process) and encoded once. Identical texts on the
// same base give the same bytes from the cache: two recipients named Anna cost one render.
import { createHash } from "node:crypto";
import { profileByName } from "@/lib/handset";
import { storage } from "@/lib/storage";
import { canonicalJson, type TextSpec } from "./edits";
import { encodeJpeg, encodePng } from "./fit-image";
import { ensureFonts } from "./fonts";
import { Lru } from "./lru";
import { renderMergeFields, type MergeValues } from "./merge-fields";
import { decodeWorking, fromRaster, type Raster } from "./raster";

import { textLayer } from "./text-layer";

export type OverlaySpec = Pick<TextSpec, "text"> & Partial<Omit<TextSpec, "text">>;
export type PersonaliseSource = { storageKey: string; contentType: string; profile?: string; size?: number };
export type Personalised = { bytes: Buffer; contentType: string; cacheKey: string; text: string };

type Base = { raster: Raster; format: "jpeg" | "png"; quality: number; budget: number };

const bases = new Lru<Promise<Base>>(48, () => 1);
const renders = new Lru<Personalised>(64 * 1024 * 1024, (r) => r.bytes.length + 200);
const inflight = new Map<string, Promise<Personalised>>();

const spec = (o: OverlaySpec): TextSpec => ({ font: "sans-bold", size: 0.08, color: "#ffffff", outline: "#000000", position: "bottom", ...o });

/**
 * Draws the text on the band of rows it covers only, then splices the band back into a copy of the
 * base rows: compositing the whole picture would premultiply every pixel for a few lines of text.
 */
async function encode(base: Base, layerFor: (w: number, h: number) => ReturnType<typeof textLayer>, quality: number, format = base.format): Promise<Buffer> {
  const r = base.raster;
  const layer = layerFor(r.width, r.height);
  let pixels = r;
  if (layer) {
    const rowBytes = r.width * r.channels;
    const band: Raster = { data: r.data.subarray(layer.top * rowBytes, (layer.top + layer.height) * rowBytes), width: r.width, height: layer.height, channels: r.channels };
    let s = fromRaster(band).composite([{ input: layer.svg, top: 0, left: 0 }]);
    s = r.channels === 4 ? s.ensureAlpha() : s.removeAlpha();
    const drawn = await s.raw().toBuffer();
    pixels = { ...r, data: Buffer.concat([r.data.subarray(0, layer.top * rowBytes), drawn, r.data.subarray((layer.top + layer.height) * rowBytes)]) };
  }
  return format === "png" ? encodePng(pixels, quality) : encodeJpeg(pixels, quality);
}

/** Decodes a variant once and finds the JPEG quality that keeps a long name within the budget. */
function loadBase(src: PersonaliseSource, overlay: TextSpec, budgetBytes?: number): Promise<Base> {
  const key = `${src.storageKey}|${budgetBytes ?? ""}|${canonicalJson({ ...overlay, text: "" })}`;
  let hit = bases.get(key);
  if (!hit) {
    hit = (async () => {
      await ensureFonts();
      const got = await storage().get(src.storageKey);
      if (!got) throw new Error(`variant ${src.storageKey} is missing from storage`);
      const raster = await decodeWorking(got.bytes, 4096);
      const budget = budgetBytes ?? profileByName(src.profile ?? "")?.budgetBytes ?? Math.max(30 * 1024, Math.round((src.size ?? got.bytes.length) * 1.1));
      const worst = renderMergeFields(overlay.text.replace(/\{\{[^}]*\}\}/g, "Wwwwwwwwwwwww"), {});
      const layerFor = (w: number, h: number) => textLayer(w, h, overlay, worst);
      let base: Base = { raster, format: src.contentType === "image/png" ? "png" : "jpeg", quality: 256, budget };
      if (base.format === "png" && (await encode(base, layerFor, 256)).length > budget) base = { ...base, format: "jpeg" };
      if (base.format === "jpeg") {
        let lo = 38, hi = 82, q = 38;
        while (lo <= hi) {
          const mid = Math.round((lo + hi) / 2);
          if ((await encode(base, layerFor, mid)).length <= budget) {
            q = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        base = { ...base, quality: q };
      }
      return base;
    })();
    hit.catch(() => bases.delete(key));
    bases.set(key, hit);
  }
  return hit;
}

/**
 * Renders `overlay` (with merge fields filled from `values`) onto a variant. Fast path for
 * campaigns: call it per recipient with the variant pickVariant chose; results are cached by text.
 */
export async function renderPersonalisedImage(input: { variant: PersonaliseSource; overlay: OverlaySpec; values: MergeValues; budgetBytes?: number }): Promise<Personalised> {
  const overlay = spec(input.overlay);
  const text = renderMergeFields(overlay.text, input.values).replace(/\s+/g, " ").trim();
  const cacheKey = createHash("sha256").update(canonicalJson([input.variant.storageKey, input.budgetBytes ?? null, { ...overlay, text: "" }, text])).digest("hex").slice(0, 32);
  const cached = renders.get(cacheKey);
  if (cached) return cached;
  const pending = inflight.get(cacheKey);
  if (pending) return pending;
  const job = (async () => {
    const base = await loadBase(input.variant, overlay, input.budgetBytes);
    const layerFor = (w: number, h: number) => textLayer(w, h, overlay, text);
    let bytes = await encode(base, layerFor, base.quality);
    // A text longer than the sample used to size the budget: step the quality down until it fits.
    for (let q = base.quality - 8; bytes.length > base.budget && base.format === "jpeg" && q >= 30; q -= 8) bytes = await encode(base, layerFor, q);
    const out: Personalised = { bytes, contentType: base.format === "png" ? "image/png" : "image/jpeg", cacheKey, text };
    renders.set(cacheKey, out);
    return out;
  })();
  inflight.set(cacheKey, job);
  try {
    return await job;
  } finally {
    inflight.delete(cacheKey);
  }
}
