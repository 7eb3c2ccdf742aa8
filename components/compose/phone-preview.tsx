"use client";
// The message as a phone shows it, for one chosen recipient. Templates render in the browser with
// the same compileTemplate the pipeline uses, so what is seen here is what is sent.
import { compileTemplate, mergeValues, type MergeValues } from "@/lib/campaigns/merge";
import type { Slide } from "@/lib/campaigns/slides";
import { thumbUrl } from "./media-picker";
import type { MediaItem } from "./types";

function safe(template: string | null | undefined, values: MergeValues): string {
  if (!template) return "";
  try {
    return compileTemplate(template)(values);
  } catch {
    return template;
  }
}

export function overlayText(m: MediaItem | undefined): string | null {
  const edits = Array.isArray(m?.edits) ? (m!.edits as Array<{ type: string; text?: string }>) : [];
  return edits.find((e) => e.type === "overlay")?.text ?? null;
}

export function PhonePreview({ slides, subject, media, recipient, sender }: { slides: Slide[]; subject: string | null; media: Map<string, MediaItem>; recipient: { firstName?: string | null; lastName?: string | null; phone: string; attributes?: unknown }; sender: string }) {
  const values = mergeValues(recipient);
  return (
    <div className="mx-auto w-64 rounded-[2rem] border-8 border-slate-800 bg-slate-800 shadow-lg" data-testid="phone-preview">
      <div className="h-[28rem] overflow-y-auto rounded-[1.4rem] bg-slate-50 p-3">
        <p className="mb-2 text-center text-[11px] text-slate-400">{sender}</p>
        <div className="space-y-2">
          {subject ? <p className="text-xs font-semibold text-slate-700">{safe(subject, values)}</p> : null}
          {slides.map((s) => {
            const m = s.mediaId ? media.get(s.mediaId) : undefined;
            const overlay = overlayText(m);
            const text = safe(s.text, values).trim();
            return (
              <div key={s.id} className="max-w-[92%] overflow-hidden rounded-2xl rounded-bl-sm bg-white shadow-sm">
                {m && m.kind !== "audio" ? (
                  <div className="relative">
                    {/* eslint-disable-next-line @next/next/no-img-element */}
                    <img src={thumbUrl(m.id)} alt="" className="w-full" />
                    {overlay ? <span className="absolute inset-x-0 bottom-2 px-2 text-center text-sm font-bold text-white [text-shadow:0_0_3px_#000]">{safe(overlay, values)}</span> : null}
                    {m.kind === "video" ? <span className="absolute left-2 top-2 rounded bg-black/60 px-1.5 text-[10px] text-white">▶ video</span> : null}
                  </div>
                ) : null}
                {s.audioId ? <p className="px-3 pt-2 text-[11px] text-slate-500">♪ sound</p> : null}
                {text ? <p className="whitespace-pre-wrap px-3 py-2 text-sm text-slate-800" data-testid="preview-text">{text}</p> : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
