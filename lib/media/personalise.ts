// Personalised pictures at send time: the overlay text of one recipient, painted onto a copy of the
// variant's decoded pixels (decoded once per process) and encoded once, at the quality found for
// the base. Identical texts on the same base give the same bytes from the cache: two recipients
// named Anna cost one render.
import { createHash } from "node:crypto";
import { profileByName } from "@/lib/handset";
import { storage } from "@/lib/storage";
import { canonicalJson, type TextSpec } from "./edits";
import { encodeJpeg, encodePng } from "./fit-image";
import { ensureFonts } from "./fonts";
import { jpegQuality } from "./jpeg-quality";
import { Lru } from "./lru";
import { renderMergeFields, type MergeValues } from "./merge-fields";
import { Canvas, paintText } from "./paint-text";
import { decodeWorking, type Raster } from "./raster";

export type OverlaySpec = Pick<TextSpec, "text"> & Partial<Omit<TextSpec, "text">>;
export type PersonaliseSource = { storageKey: string; contentType: string; profile?: string; size?: number };
export type Personalised = { bytes: Buffer; contentType: string; cacheKey: string; text: string };

type Base = { raster: Raster; format: "jpeg" | "png"; quality: number; budget: number };

const bases = new Lru<Promise<Base>>(48, () => 1);
// Enough for the names that repeat while a campaign is being sent (about 80 renders of 100 KB):
// most names are distinct, and at 64 MB the cache held a worker's RSS 110 MB above its bar.
const renders = new Lru<Personalised>(8 * 1024 * 1024, (r) => r.bytes.length + 200);
const inflight = new Map<string, Promise<Personalised>>();

const spec = (o: OverlaySpec): TextSpec => ({ font: "sans-bold", size: 0.08, color: "#ffffff", outline: "#000000", position: "bottom", ...o });

// Canvases reused across renders, preferably one last used on the same base: a fresh copy of the
// base per render (about 1 MB at 640 px) kept the garbage collector busy for a third of the
// render's CPU time.
const spare: Canvas[] = [];
const take = (r: Raster) => {
  let i = spare.findIndex((c) => c.holds(r));
  if (i < 0) i = spare.findIndex((c) => c.fits(r));
  return i < 0 ? new Canvas(r) : spare.splice(i, 1)[0]!;
};
const give = (c: Canvas) => spare.push(c) > 8 && spare.shift();

// Renders painting or encoding at once. A dispatch worker asks for a render per message of its 200 in flight,
// and each holds a canvas (about 1 MB) until encoded: unbounded, that was most of a worker's peak RSS (up to
// 300 MB). The work is CPU-bound on two cores, so a few at a time render as fast.
const MAX_RENDERING = 4;
let rendering = 0;
const queued: Array<() => void> = [];
async function renderSlot(): Promise<() => void> {
  if (rendering >= MAX_RENDERING) await new Promise<void>((resolve) => queued.push(resolve));
  else rendering++;
  return () => {
    const next = queued.shift();
    if (next) next();
    else rendering--;
  };
}

// Standard Huffman tables: a render is encoded once per recipient, and at 8 % more bytes for the
// same quality it costs 40 % of an optimised encode. The quality search below uses the same encoder,
// so the budget still holds.
const encode = (pixels: Raster, format: Base["format"], quality: number) =>
  format === "png" ? encodePng(pixels, quality) : encodeJpeg(pixels, quality, { standardTables: true });

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
      const drawn = await paintText(raster, overlay, worst);
      let base: Base = { raster, format: src.contentType === "image/png" ? "png" : "jpeg", quality: 256, budget };
      if (base.format === "png" && (await encode(drawn, "png", 256)).length > budget) base = { ...base, format: "jpeg" };
      if (base.format === "jpeg") {
        // Never above the quality the variant itself was saved at (see jpeg-quality.ts).
        const saved = src.contentType === "image/jpeg" ? jpegQuality(got.bytes) : undefined;
        let lo = 38, hi = Math.max(lo, Math.min(82, saved ?? 82)), q = 38;
        while (lo <= hi) {
          const mid = Math.round((lo + hi) / 2);
          if ((await encode(drawn, "jpeg", mid)).length <= budget) {
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
    const release = await renderSlot();
    const canvas = take(base.raster);
    let bytes: Buffer;
    try {
      const drawn = await paintText(base.raster, overlay, text, canvas);
      bytes = await encode(drawn, base.format, base.quality);
      // A text longer than the sample used to size the budget: step the quality down until it fits.
      for (let q = base.quality - 8; bytes.length > base.budget && base.format === "jpeg" && q >= 30; q -= 8) bytes = await encode(drawn, "jpeg", q);
    } finally {
      give(canvas);
      release();
    }
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
