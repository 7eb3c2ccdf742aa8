// The editor's controls ⇄ the saved edit list (lib/media/edits.ts). Geometry is stored in
// fractions of the picture so the server applies the same crop to the full-size original.
export type Aspect = "free" | "1:1" | "3:2" | "2:3";
export type Text = { text: string; font: "sans" | "sans-bold"; size: number; color: string; outline: boolean; position: "top" | "center" | "bottom" };
export type EditState = {
  aspect: Aspect; rotate: 0 | 90 | 180 | 270; flipH: boolean; flipV: boolean; brightness: number; contrast: number;
  caption: Text; overlay: Text; trimStart: number; trimEnd: number | null; fadeIn: number; fadeOut: number; volume: number; mute: boolean; posterAt: number | null;
};
type AnyEdit = Record<string, unknown> & { type: string };

const text = (t?: AnyEdit): Text => ({
  text: String(t?.text ?? ""), font: (t?.font as Text["font"]) ?? "sans-bold", size: Number(t?.size ?? 0.08), color: String(t?.color ?? "#ffffff"),
  outline: t ? t.outline !== null : true, position: (t?.position as Text["position"]) ?? "bottom",
});

export function fromEdits(list: unknown): EditState {
  const edits = (Array.isArray(list) ? list : []) as AnyEdit[];
  const find = (type: string) => edits.find((e) => e.type === type);
  const trim = find("trim");
  const fade = find("fade");
  return {
    aspect: (find("crop")?.aspect as Aspect) ?? "free",
    rotate: (Number(find("rotate")?.degrees ?? 0) as EditState["rotate"]),
    flipH: edits.some((e) => e.type === "flip" && e.axis === "horizontal"),
    flipV: edits.some((e) => e.type === "flip" && e.axis === "vertical"),
    brightness: Number(find("adjust")?.brightness ?? 1), contrast: Number(find("adjust")?.contrast ?? 1),
    caption: text(find("caption")), overlay: text(find("overlay")),
    trimStart: trim ? Number(trim.startMs) / 1000 : 0, trimEnd: trim ? Number(trim.endMs) / 1000 : null,
    fadeIn: fade ? Number(fade.inMs) / 1000 : 0, fadeOut: fade ? Number(fade.outMs) / 1000 : 0,
    volume: Number(find("volume")?.gain ?? 1), mute: !!find("mute"), posterAt: find("poster") ? Number(find("poster")!.atMs) / 1000 : null,
  };
}

function centreCrop(aspect: Aspect, w: number, h: number) {
  if (aspect === "free") return null;
  const [a, b] = aspect.split(":").map(Number) as [number, number];
  const r = a / b;
  return w / h > r ? { x: (1 - (h * r) / w) / 2, y: 0, w: (h * r) / w, h: 1 } : { x: 0, y: (1 - w / r / h) / 2, w: 1, h: w / r / h };
}

const textEdit = (type: "caption" | "overlay", t: Text) =>
  t.text.trim() ? [{ type, text: t.text.trim(), font: t.font, size: t.size, color: t.color, outline: t.outline ? "#000000" : null, position: t.position }] : [];

export function toEdits(kind: "image" | "audio" | "video", s: EditState, dims: { width: number | null; height: number | null; durationMs: number | null }): AnyEdit[] {
  const out: AnyEdit[] = [];
  const dur = (dims.durationMs ?? 0) / 1000;
  const trim = (s.trimStart > 0 || (s.trimEnd != null && s.trimEnd < dur)) ? [{ type: "trim", startMs: Math.round(s.trimStart * 1000), endMs: Math.round((s.trimEnd ?? dur) * 1000) }] : [];
  if (kind === "image") {
    if (s.rotate) out.push({ type: "rotate", degrees: s.rotate });
    if (s.flipH) out.push({ type: "flip", axis: "horizontal" });
    if (s.flipV) out.push({ type: "flip", axis: "vertical" });
    const swap = s.rotate === 90 || s.rotate === 270;
    const crop = centreCrop(s.aspect, (swap ? dims.height : dims.width) ?? 1, (swap ? dims.width : dims.height) ?? 1);
    if (crop) out.push({ type: "crop", ...crop, aspect: s.aspect });
    if (s.brightness !== 1 || s.contrast !== 1) out.push({ type: "adjust", brightness: s.brightness, contrast: s.contrast });
    out.push(...textEdit("caption", s.caption), ...textEdit("overlay", s.overlay));
  } else if (kind === "audio") {
    out.push(...trim);
    if (s.fadeIn || s.fadeOut) out.push({ type: "fade", inMs: Math.round(s.fadeIn * 1000), outMs: Math.round(s.fadeOut * 1000) });
    if (s.volume !== 1) out.push({ type: "volume", gain: s.volume });
  } else {
    out.push(...trim);
    if (s.mute) out.push({ type: "mute" });
    if (s.posterAt != null) out.push({ type: "poster", atMs: Math.round(s.posterAt * 1000) });
    out.push(...textEdit("caption", s.caption));
  }
  return out;
}
