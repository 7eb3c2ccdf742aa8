"use client";
// The three-step composer: 1 media, 2 edit and write, 3 recipients and send. Every change autosaves
// (PATCH, debounced); the server re-validates and is the one that refuses.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Image as ImageIcon, Plus, Trash2, ArrowUp, ArrowDown, Music } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { MAX_SLIDES, newSlideId, type Slide } from "@/lib/campaigns/slides";
import { MediaPicker, thumbUrl } from "./media-picker";
import { PhonePreview, overlayText } from "./phone-preview";
import { RecipientsStep } from "./recipients-step";
import type { Draft, MediaItem, Option, Preflight, SampleRecipient } from "./types";

const STEPS = ["Media", "Edit and write", "Recipients and send"] as const;

export function Composer({ initial, segments, connections, sender, canWriteAll, initialMedia }: { initial: Draft; segments: Option[]; connections: Array<Option & { maxMessageBytes: number }>; sender: string; canWriteAll: boolean; initialMedia: MediaItem[] }) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [step, setStep] = useState(0);
  const [save, setSave] = useState<{ state: "idle" | "saving" | "saved" | "error"; message?: string }>({ state: "idle" });
  const pending = useRef<Partial<Draft>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const qc = useQueryClient();
  const [media, setMedia] = useState(() => new Map(initialMedia.map((m) => [m.id, m])));

  async function flush() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const patch = pending.current;
    if (!Object.keys(patch).length) return true;
    pending.current = {};
    setSave({ state: "saving" });
    try {
      await api(`/api/campaigns/${draft.id}`, { method: "PATCH", json: patch });
      setSave({ state: "saved" });
      await qc.invalidateQueries({ queryKey: ["preflight", draft.id] });
      await qc.invalidateQueries({ queryKey: ["sample", draft.id] });
      return true;
    } catch (e) {
      setSave({ state: "error", message: (e as Error).message });
      return false;
    }
  }

  function change(patch: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...patch }));
    pending.current = { ...pending.current, ...patch };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 700);
  }
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  // Media still being prepared: poll until ready so the estimate and warnings settle.
  const processing = [...media.values()].filter((m) => m.status === "processing").map((m) => m.id);
  useQuery({
    queryKey: ["media-status", processing.join(",")],
    enabled: processing.length > 0,
    refetchInterval: 1500,
    queryFn: async () => {
      const fresh = await Promise.all(processing.map((id) => api<MediaItem>(`/api/media/${id}`).catch(() => null)));
      setMedia((old) => {
        const next = new Map(old);
        for (const m of fresh) if (m) next.set(m.id, { ...next.get(m.id)!, ...m });
        return next;
      });
      if (fresh.some((m) => m && m.status !== "processing")) await qc.invalidateQueries({ queryKey: ["preflight", draft.id] });
      return fresh.length;
    },
  });

  const setSlides = (slides: Slide[]) => change({ slides });
  const addMedia = (m: MediaItem) => setMedia((old) => new Map(old).set(m.id, m));

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Input aria-label="Campaign name" className="max-w-md text-base font-semibold" value={draft.name} onChange={(e) => change({ name: e.target.value })} data-testid="campaign-name" />
        <span className="text-xs text-slate-500" data-testid="save-state" role="status">
          {save.state === "saving" ? "Saving…" : save.state === "saved" ? "All changes saved" : save.state === "error" ? <span className="text-red-600">{save.message}</span> : "Drafts save automatically"}
        </span>
      </div>
      <ol className="grid grid-cols-3 gap-2" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s}>
            <button type="button" onClick={async () => { await flush(); setStep(i); }} className={`w-full rounded-lg border px-3 py-2 text-left text-sm ${i === step ? "border-brand-500 bg-brand-50 font-semibold text-brand-700" : "border-slate-200 bg-white text-slate-600"}`} aria-current={i === step ? "step" : undefined}>
              <span className="block text-xs text-slate-400">Step {i + 1}</span>
              <span className="hidden sm:inline">{s}</span>
              <span className="sm:hidden">{s.split(" ")[0]}</span>
            </button>
          </li>
        ))}
      </ol>

      {step === 0 ? <MediaStep slides={draft.slides} media={media} onSlides={setSlides} onMedia={addMedia} /> : null}
      {step === 1 ? <WriteStep draft={draft} media={media} onChange={change} onMedia={addMedia} sender={sender} /> : null}
      {step === 2 ? <RecipientsStep draft={draft} onChange={change} flush={flush} segments={segments} connections={connections} canWriteAll={canWriteAll} /> : null}

      <div className="flex justify-between">
        <Button type="button" variant="secondary" disabled={step === 0} onClick={async () => { await flush(); setStep((s) => s - 1); }}>Back</Button>
        {step < 2 ? <Button type="button" onClick={async () => { await flush(); setStep((s) => s + 1); }} data-testid="next-step">Next: {STEPS[step + 1]}</Button> : null}
      </div>
    </div>
  );
}

function MediaStep({ slides, media, onSlides, onMedia }: { slides: Slide[]; media: Map<string, MediaItem>; onSlides: (s: Slide[]) => void; onMedia: (m: MediaItem) => void }) {
  const [picking, setPicking] = useState<{ index: number; kind: "visual" | "audio" } | null>(null);
  const update = (i: number, patch: Partial<Slide>) => onSlides(slides.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, d: number) => {
    const next = [...slides];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    onSlides(next);
  };
  return (
    <Card>
      <CardHeader title="Pictures, videos and sounds" description={`Up to ${MAX_SLIDES} slides. Each slide can have a picture or a video, a sound, and text (next step).`} />
      <CardBody className="space-y-3">
        {slides.length === 0 ? <p className="text-sm text-slate-500">Start with a picture: add the first slide.</p> : null}
        <ul className="space-y-3">
          {slides.map((s, i) => {
            const m = s.mediaId ? media.get(s.mediaId) : undefined;
            return (
              <li key={s.id} className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 p-3" data-testid="slide">
                <span className="w-6 text-sm font-semibold text-slate-400">{i + 1}</span>
                {m ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={thumbUrl(m.id)} alt={m.name} className="h-16 w-16 rounded object-cover" />
                ) : <div className="flex h-16 w-16 items-center justify-center rounded bg-slate-100 text-slate-400"><ImageIcon className="h-6 w-6" /></div>}
                <div className="min-w-0 flex-1 text-sm">
                  <p className="truncate font-medium">{m?.name ?? "Text only"}</p>
                  {m?.status === "processing" ? <Badge tone="amber">Preparing for phones… {m.progress}%</Badge> : m?.status === "failed" ? <Badge tone="red">Could not be prepared</Badge> : null}
                  {s.audioId ? <p className="text-xs text-slate-500">♪ {media.get(s.audioId)?.name ?? "sound"}</p> : null}
                </div>
                <div className="flex flex-wrap gap-1">
                  <Button type="button" size="sm" variant="secondary" onClick={() => setPicking({ index: i, kind: "visual" })} data-testid="choose-media">{m ? "Change" : "Choose"} picture/video</Button>
                  <Button type="button" size="sm" variant="ghost" onClick={() => setPicking({ index: i, kind: "audio" })} aria-label="Add a sound"><Music className="h-4 w-4" /></Button>
                  <Button type="button" size="sm" variant="ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label="Move up"><ArrowUp className="h-4 w-4" /></Button>
                  <Button type="button" size="sm" variant="ghost" disabled={i === slides.length - 1} onClick={() => move(i, 1)} aria-label="Move down"><ArrowDown className="h-4 w-4" /></Button>
                  <Button type="button" size="sm" variant="ghost" onClick={() => onSlides(slides.filter((_, j) => j !== i))} aria-label="Remove slide"><Trash2 className="h-4 w-4" /></Button>
                </div>
              </li>
            );
          })}
        </ul>
        <Button type="button" variant="secondary" disabled={slides.length >= MAX_SLIDES} onClick={() => onSlides([...slides, { id: newSlideId() }])} data-testid="add-slide"><Plus className="h-4 w-4" /> Add slide</Button>
        <MediaPicker
          open={!!picking}
          onOpenChange={(o) => !o && setPicking(null)}
          kind={picking?.kind ?? "visual"}
          onPick={(m) => {
            onMedia(m);
            if (picking) update(picking.index, picking.kind === "audio" ? { audioId: m.id } : { mediaId: m.id });
          }}
        />
      </CardBody>
    </Card>
  );
}

function CaptionEditor({ m, onMedia }: { m: MediaItem; onMedia: (m: MediaItem) => void }) {
  const [text, setText] = useState(overlayText(m) ?? "");
  const [error, setError] = useState<string | null>(null);
  const saveCaption = useMutation({
    mutationFn: async () => {
      const edits = (Array.isArray(m.edits) ? (m.edits as Array<{ type: string }>) : []).filter((e) => e.type !== "overlay");
      const next = text.trim() ? [...edits, { type: "overlay", text: text.trim() }] : edits;
      return api<MediaItem>(`/api/media/${m.id}`, { method: "PATCH", json: { edits: next } });
    },
    onSuccess: (fresh) => { setError(null); onMedia({ ...m, ...fresh }); },
    onError: (e) => setError((e as Error).message),
  });
  return (
    <Field label="Caption on the picture (personalised per recipient)" hint={<>Drawn on the image for each person, e.g. {"Ciao {{ first_name }}!"}. <Link className="text-brand-600 underline" href={`/media/${m.id}`}>More edits in the media editor</Link></>} error={error}>
      <div className="flex gap-2">
        <Input value={text} onChange={(e) => setText(e.target.value)} placeholder="Ciao {{ first_name }}!" data-testid="caption-input" />
        <Button type="button" variant="secondary" onClick={() => saveCaption.mutate()} disabled={saveCaption.isPending} data-testid="caption-save">{saveCaption.isPending ? "Saving…" : "Apply"}</Button>
      </div>
    </Field>
  );
}

function WriteStep({ draft, media, onChange, onMedia, sender }: { draft: Draft; media: Map<string, MediaItem>; onChange: (p: Partial<Draft>) => void; onMedia: (m: MediaItem) => void; sender: string }) {
  const sample = useQuery({ queryKey: ["sample", draft.id], queryFn: () => api<SampleRecipient[]>(`/api/campaigns/${draft.id}/sample`) });
  const pre = useQuery({ queryKey: ["preflight", draft.id], queryFn: () => api<Preflight>(`/api/campaigns/${draft.id}/preflight`) });
  const [who, setWho] = useState<string>("");
  const recipients = sample.data ?? [];
  const recipient = recipients.find((r) => r.id === who) ?? recipients[0] ?? { firstName: "Anna", lastName: null, phone: "+390000000000", attributes: {} };
  const update = (i: number, patch: Partial<Slide>) => onChange({ slides: draft.slides.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const slides = draft.slides.length ? draft.slides : [];
  const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;
  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_18rem]">
      <div className="space-y-4">
        <Card>
          <CardBody className="space-y-4">
            <Field label="Subject" hint="Shown above the message on most phones; merge fields work here too." htmlFor="subject">
              <Input id="subject" value={draft.subject ?? ""} maxLength={80} onChange={(e) => onChange({ subject: e.target.value || null })} data-testid="subject" />
            </Field>
            {slides.length === 0 ? <Alert tone="info">Add a slide in step 1 first, or write a text-only message: <Button type="button" size="sm" variant="secondary" onClick={() => onChange({ slides: [{ id: newSlideId() }] })}>Add a text slide</Button></Alert> : null}
            {slides.map((s, i) => {
              const m = s.mediaId ? media.get(s.mediaId) : undefined;
              const est = pre.data?.estimate.slides[i];
              return (
                <div key={s.id} className="space-y-3 rounded-lg border border-slate-200 p-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <p className="text-sm font-semibold">Slide {i + 1}</p>
                    {est ? <span className="flex gap-1"><Badge>{kb(est.bytes)}</Badge><Badge tone={est.contentClass === "too large" ? "red" : "blue"}>{est.contentClass}</Badge></span> : null}
                  </div>
                  {m && m.kind === "image" ? <CaptionEditor m={m} onMedia={onMedia} /> : null}
                  <Field label="Text" hint={'Merge fields: {{ first_name }}, {{ last_name }}, any attribute. Fallback: {{ first_name | default: "amico" }}'}>
                    <Textarea rows={3} value={s.text ?? ""} onChange={(e) => update(i, { text: e.target.value })} data-testid="slide-text" />
                  </Field>
                  <Field label="Seconds on screen">
                    <Input type="number" min={1} max={60} className="w-24" value={Math.round((s.durationMs ?? 5000) / 1000)} onChange={(e) => update(i, { durationMs: Math.min(60, Math.max(1, Number(e.target.value) || 5)) * 1000 })} />
                  </Field>
                </div>
              );
            })}
          </CardBody>
        </Card>
        <Warnings pre={pre.data} />
      </div>
      <div className="space-y-3">
        <Field label="Preview for" htmlFor="preview-for">
          <Select id="preview-for" value={who} onChange={(e) => setWho(e.target.value)}>
            {recipients.length === 0 ? <option value="">Sample contact (Anna)</option> : recipients.map((r) => <option key={r.id} value={r.id}>{[r.firstName, r.lastName].filter(Boolean).join(" ") || r.phone}</option>)}
          </Select>
        </Field>
        <PhonePreview slides={slides} subject={draft.subject} media={media} recipient={recipient} sender={sender} />
      </div>
    </div>
  );
}

export function Warnings({ pre }: { pre: Preflight | undefined }) {
  if (!pre?.warnings.length) return null;
  return (
    <div className="space-y-2" data-testid="warnings">
      {pre.warnings.map((w) => <Alert key={w.code + w.message} tone={w.level === "blocking" ? "error" : "warning"}>{w.message}</Alert>)}
    </div>
  );
}

