/**
 * MMS SMIL (OMA MMS SMIL, a SMIL 2.0 subset): Postino slides <-> presentation XML.
 * One <par dur> per slide; an Image region (img/video) above a Text region, as handsets expect.
 */
import { SmilParseError, XmlError } from "./errors";
import { child, escapeXml, lname, parseXml, type XNode } from "./xml";

export interface SlideMedia {
  /** Content-ID reference ("cid:abc") or Content-Location ("photo.jpg") of the part. */
  src: string;
  contentType: string;
}

export interface Slide {
  durationMs?: number;
  image?: SlideMedia;
  video?: SlideMedia;
  audio?: SlideMedia;
  text?: { src: string; contentType?: string };
}

export interface SmilLayout {
  width?: number;
  height?: number;
  /** Share of the height given to the image region, in percent (default 70). */
  imagePercent?: number;
}

export const DEFAULT_SLIDE_MS = 5000;

export function buildSmil(slides: Slide[], layout: SmilLayout = {}): string {
  const width = layout.width ?? 320;
  const height = layout.height ?? 480;
  const img = Math.max(0, Math.min(100, layout.imagePercent ?? 70));
  const hasVisual = slides.some((s) => s.image || s.video);
  const hasText = slides.some((s) => s.text);
  let out = `<smil><head><layout><root-layout width="${width}" height="${height}"/>`;
  if (hasVisual || !hasText) {
    out += `<region id="Image" top="0%" left="0%" width="100%" height="${hasText ? img : 100}%" fit="meet"/>`;
  }
  if (hasText) {
    const top = hasVisual ? img : 0;
    out += `<region id="Text" top="${top}%" left="0%" width="100%" height="${100 - top}%" fit="scroll"/>`;
  }
  out += `</layout></head><body>`;
  for (const s of slides) {
    const dur = s.durationMs ?? DEFAULT_SLIDE_MS;
    if (!Number.isFinite(dur) || dur < 0) throw new RangeError(`invalid slide duration ${dur}`);
    out += `<par dur="${Math.round(dur)}ms">`;
    if (s.image) out += `<img src="${escapeXml(s.image.src)}" region="Image"/>`;
    if (s.video) out += `<video src="${escapeXml(s.video.src)}" region="Image"/>`;
    if (s.text) out += `<text src="${escapeXml(s.text.src)}" region="Text"/>`;
    if (s.audio) out += `<audio src="${escapeXml(s.audio.src)}"/>`;
    out += `</par>`;
  }
  return out + `</body></smil>`;
}

/** SMIL clock value -> milliseconds ("5000ms", "10s", "1.5s", "00:00:05", "0.5min", "5"). */
export function parseClockValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  let m = /^(\d+(?:\.\d+)?)\s*(h|min|s|ms)?$/i.exec(t);
  if (m) {
    const n = Number(m[1]);
    const unit = (m[2] ?? "s").toLowerCase();
    const mult = unit === "h" ? 3_600_000 : unit === "min" ? 60_000 : unit === "ms" ? 1 : 1000;
    return Math.round(n * mult);
  }
  m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(t);
  if (m) return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000);
  return undefined;
}

const EXT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  png: "image/png",
  wbmp: "image/vnd.wap.wbmp",
  bmp: "image/bmp",
  webp: "image/webp",
  amr: "audio/amr",
  mid: "audio/midi",
  midi: "audio/midi",
  mp3: "audio/mpeg",
  aac: "audio/aac",
  m4a: "audio/mp4",
  wav: "audio/wav",
  "3gp": "video/3gpp",
  mp4: "video/mp4",
  txt: "text/plain",
  vcf: "text/x-vCard",
};

export function guessContentType(src: string): string | undefined {
  const m = /\.([A-Za-z0-9]+)(?:[?#].*)?$/.exec(src);
  return m ? EXT_TYPES[m[1].toLowerCase()] : undefined;
}

export interface SmilParseOptions {
  /** Map a src to the referenced part's content type (e.g. from the message's parts); falls back to the extension. */
  resolveContentType?: (src: string) => string | undefined;
}

export function parseSmil(xml: string, options: SmilParseOptions = {}): Slide[] {
  let root: XNode;
  try {
    root = parseXml(xml, { maxDepth: 32 });
  } catch (e) {
    if (e instanceof XmlError) throw new SmilParseError(e.code, e.message, { cause: e });
    throw e;
  }
  if (lname(root) !== "smil") throw new SmilParseError("NOT_SMIL", `root element is <${root.name}>, not <smil>`);
  const body = child(root, "body");
  if (!body) return [];
  const resolve = (src: string) => options.resolveContentType?.(src) ?? guessContentType(src);
  const slides: Slide[] = [];
  const visit = (container: XNode) => {
    for (const el of container.children) {
      const n = lname(el);
      if (n === "par") slides.push(slideFromPar(el, resolve));
      else if (n === "seq") visit(el);
      else if (MEDIA.has(n)) slides.push(slideFromPar({ ...el, name: "par", children: [el], attrs: {} }, resolve));
    }
  };
  visit(body);
  return slides;
}

const MEDIA = new Set(["img", "video", "audio", "text", "ref", "animation", "textstream"]);

function slideFromPar(par: XNode, resolve: (src: string) => string | undefined): Slide {
  const slide: Slide = {};
  const dur = parseClockValue(par.attrs.dur);
  if (dur !== undefined) slide.durationMs = dur;
  for (const el of par.children) {
    const n = lname(el);
    const src = el.attrs.src;
    if (src === undefined || !MEDIA.has(n)) continue;
    const ct = resolve(src);
    let kind: "image" | "video" | "audio" | "text" | undefined =
      n === "img" || n === "animation" ? "image" : n === "video" ? "video" : n === "audio" ? "audio" : n === "text" || n === "textstream" ? "text" : undefined;
    if (n === "ref" && ct) {
      kind = ct.startsWith("image/") ? "image" : ct.startsWith("video/") ? "video" : ct.startsWith("audio/") ? "audio" : ct.startsWith("text/") ? "text" : undefined;
    }
    if (!kind || slide[kind]) continue;
    if (kind === "text") slide.text = ct ? { src, contentType: ct } : { src };
    else slide[kind] = { src, contentType: ct ?? "application/octet-stream" };
  }
  return slide;
}
