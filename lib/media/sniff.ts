// The type of a file, decided by its first bytes: never by its name or the declared content type.
import type { MediaFamily } from "@/lib/handset";

export type Sniffed =
  | { accepted: true; family: MediaFamily | "av"; contentType: string; label: string }
  | { accepted: false; label: string; hint?: string };

const startsWith = (b: Buffer, sig: number[] | string, at = 0) => {
  const s = typeof sig === "string" ? Buffer.from(sig, "latin1") : Buffer.from(sig);
  return b.length >= at + s.length && b.subarray(at, at + s.length).equals(s);
};

function isoBrand(b: Buffer): string | null {
  return b.length >= 12 && startsWith(b, "ftyp", 4) ? b.subarray(8, 12).toString("latin1") : null;
}

export function sniff(b: Buffer): Sniffed {
  if (b.length === 0) return { accepted: false, label: "empty file" };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { accepted: true, family: "image", contentType: "image/jpeg", label: "JPEG image" };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { accepted: true, family: "image", contentType: "image/png", label: "PNG image" };
  if (startsWith(b, "GIF87a") || startsWith(b, "GIF89a")) return { accepted: true, family: "image", contentType: "image/gif", label: "GIF image" };
  if (startsWith(b, "RIFF") && startsWith(b, "WEBP", 8)) return { accepted: true, family: "image", contentType: "image/webp", label: "WebP image" };
  if (startsWith(b, "RIFF") && startsWith(b, "WAVE", 8)) return { accepted: true, family: "audio", contentType: "audio/wav", label: "WAV audio file" };
  if (startsWith(b, "RIFF") && startsWith(b, "AVI ", 8)) return { accepted: true, family: "video", contentType: "video/x-msvideo", label: "AVI video" };
  const brand = isoBrand(b);
  if (brand) {
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)/.test(brand)) {
      return { accepted: false, label: "HEIC photo", hint: "Export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and upload it again." };
    }
    if (/^avi[fs]/.test(brand)) return { accepted: true, family: "image", contentType: "image/avif", label: "AVIF image" };
    if (/^M4A |^M4B /.test(brand)) return { accepted: true, family: "audio", contentType: "audio/mp4", label: "M4A audio file" };
    if (/^3g/.test(brand)) return { accepted: true, family: "av", contentType: "video/3gpp", label: "3GP video" };
    if (brand === "qt  ") return { accepted: true, family: "av", contentType: "video/quicktime", label: "QuickTime video" };
    return { accepted: true, family: "av", contentType: "video/mp4", label: "MP4 video" };
  }
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return { accepted: true, family: "av", contentType: "video/webm", label: "WebM video" };
  if (startsWith(b, "#!AMR")) return { accepted: true, family: "audio", contentType: "audio/amr", label: "AMR audio file" };
  if (startsWith(b, "ID3") || (b.length > 1 && b[0] === 0xff && (b[1]! & 0xe6) === 0xe2)) return { accepted: true, family: "audio", contentType: "audio/mpeg", label: "MP3 audio file" };
  if (b.length > 1 && b[0] === 0xff && (b[1]! & 0xf6) === 0xf0) return { accepted: true, family: "audio", contentType: "audio/aac", label: "AAC audio file" };
  if (startsWith(b, "OggS")) return { accepted: true, family: "audio", contentType: "audio/ogg", label: "Ogg audio file" };
  if (startsWith(b, "fLaC")) return { accepted: true, family: "audio", contentType: "audio/flac", label: "FLAC audio file" };

  if (startsWith(b, "%PDF")) return { accepted: false, label: "PDF", hint: "Export the page you want as a JPEG or PNG image." };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return { accepted: false, label: "ZIP archive (or an Office document)" };
  if (startsWith(b, "BM")) return { accepted: false, label: "BMP image", hint: "Save it as JPEG or PNG and upload it again." };
  if (startsWith(b, "II*\0") || startsWith(b, "MM\0*")) return { accepted: false, label: "TIFF image", hint: "Save it as JPEG or PNG and upload it again." };
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(b, "MZ")) return { accepted: false, label: "program" };
  const head = b.subarray(0, 512).toString("utf8").replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) {
    return { accepted: false, label: "SVG drawing", hint: "SVG files can carry scripts and phones rarely show them: export it as PNG." };
  }
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /^<(head|body|script|meta|div)\b/.test(head)) {
    return { accepted: false, label: "web page (HTML)", hint: "If you copied a link to a page, open the page and copy the image's own address instead." };
  }
  if (head.startsWith("{") || head.startsWith("[")) return { accepted: false, label: "JSON document" };
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(b.subarray(0, 256).toString("latin1"))) return { accepted: false, label: "text file" };
  return { accepted: false, label: "file of an unknown type" };
}

/** What the user meant to upload, judged from the name and declared type (only for wording refusals). */
export function intendedFamily(fileName?: string, declaredType?: string): MediaFamily | null {
  const t = (declaredType ?? "").toLowerCase();
  const ext = (fileName ?? "").toLowerCase().split(".").pop() ?? "";
  if (t.startsWith("image/") || /^(jpe?g|png|gif|webp|heic|avif|bmp)$/.test(ext)) return "image";
  if (t.startsWith("audio/") || /^(mp3|wav|m4a|aac|amr|ogg|flac)$/.test(ext)) return "audio";
  if (t.startsWith("video/") || /^(mp4|mov|3gp|webm|avi|m4v)$/.test(ext)) return "video";
  return null;
}

const article = (s: string) => (/^[aeiou]/i.test(s) ? `an ${s}` : `a ${s}`);

/** "This file is a PDF, not an image." */
export function refusalSentence(s: Extract<Sniffed, { accepted: false }>, intended: MediaFamily | null): string {
  if (s.label === "empty file") return "This file is empty (0 bytes). Choose the file again, or check that it finished downloading.";
  const what = intended ? article(intended === "image" ? "image" : `${intended} file`) : "an image, audio or video file";
  return `This file is ${article(s.label)}, not ${what}.${s.hint ? ` ${s.hint}` : ""}`;
}
