"use client";
// The message as the handset renders it: one card per SMIL slide (image or video above text, audio under it).
import type { MessageView } from "@/lib/phones/simulator";
import { Button } from "@/components/ui/button";

export function MessageSlides({ base, message, onRead, readPending }: { base: string; message: MessageView; onRead: () => void; readPending: boolean }) {
  const src = (n: number) => `${base}/messages/${encodeURIComponent(message.id)}/parts/${n}`;
  return (
    <div className="space-y-3" data-testid="message">
      <div>
        <div className="font-medium text-slate-900">{message.subject ?? "(no subject)"}</div>
        <div className="text-xs text-slate-500">From {message.from}</div>
      </div>
      {message.rejected ? <p className="text-sm text-red-700">The handset refused this message: {message.rejected}.</p> : null}
      {message.adaptation.length ? <p className="text-xs text-amber-700">Adapted for this phone: {message.adaptation.join("; ")}.</p> : null}
      <div className="mx-auto max-w-[20rem] space-y-3 rounded-[1.5rem] border-4 border-slate-800 bg-slate-50 p-3">
        {message.slides.map((s, i) => (
          <section key={i} className="space-y-2 rounded-xl bg-white p-2 shadow-sm" aria-label={`Slide ${i + 1}`} data-testid="slide">
            {s.image ? <img src={src(s.image.part)} alt={`Slide ${i + 1} picture`} className="w-full rounded-lg" /> : null}
            {s.video ? <video src={src(s.video.part)} controls className="w-full rounded-lg" aria-label={`Slide ${i + 1} video`} /> : null}
            {s.audio ? <audio src={src(s.audio.part)} controls className="w-full" aria-label={`Slide ${i + 1} audio`} /> : null}
            {s.text ? <p className="whitespace-pre-wrap break-words px-1 text-sm text-slate-800">{s.text}</p> : null}
            {s.durationMs ? <div className="text-right text-[10px] text-slate-400">{Math.round(s.durationMs / 1000)} s</div> : null}
          </section>
        ))}
        {message.slides.length === 0 ? <p className="text-sm text-slate-500">This message has nothing the phone can show.</p> : null}
      </div>
      <Button size="sm" variant="ghost" onClick={onRead} disabled={readPending || message.read}>
        {message.read ? "Read" : "Mark as read"}
      </Button>
    </div>
  );
}
