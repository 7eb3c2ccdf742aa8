"use client";
// The non-destructive editor: controls build an edit list, the server renders the preview from
// the original (the same code that makes the variants), Save stores the list and re-queues them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FlipHorizontal, FlipVertical, RotateCw } from "lucide-react";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError } from "@/components/providers";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { fromEdits, toEdits, type EditState, type Text } from "./edit-state";
import { bytes, duration, fileUrl, type MediaItem, type MediaVariantView } from "./format";
import { PhoneFrame } from "./phone-frame";

type Detail = MediaItem & { variants: MediaVariantView[] };

function Range({ label, value, min, max, step, onChange, show }: { label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void; show?: string }) {
  return (
    <label className="block text-sm text-slate-700">
      <span className="flex justify-between"><span>{label}</span><span className="text-slate-500">{show ?? value}</span></span>
      <input type="range" className="w-full accent-brand-600" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} aria-label={label} />
    </label>
  );
}

function TextControls({ label, value, onChange, hint }: { label: string; value: Text; onChange: (t: Text) => void; hint?: ReactNode }) {
  const set = (p: Partial<Text>) => onChange({ ...value, ...p });
  return (
    <div className="space-y-3">
      <Field label={label} hint={hint}><Input value={value.text} onChange={(e) => set({ text: e.target.value })} maxLength={200} aria-label={label} /></Field>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Select value={value.font} onChange={(e) => set({ font: e.target.value as Text["font"] })} aria-label={`${label} font`}><option value="sans-bold">Bold</option><option value="sans">Regular</option></Select>
        <Select value={value.position} onChange={(e) => set({ position: e.target.value as Text["position"] })} aria-label={`${label} position`}><option value="top">Top</option><option value="center">Middle</option><option value="bottom">Bottom</option></Select>
        <input type="color" value={value.color} onChange={(e) => set({ color: e.target.value })} className="h-10 w-full rounded-lg border border-slate-300" aria-label={`${label} colour`} />
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={value.outline} onChange={(e) => set({ outline: e.target.checked })} />Outline</label>
      </div>
      <Range label="Size" value={value.size} min={0.03} max={0.2} step={0.01} onChange={(size) => set({ size })} show={`${Math.round(value.size * 100)}%`} />
    </div>
  );
}

export function MediaEditor({ initial, canWrite }: { initial: Detail; canWrite: boolean }) {
  const qc = useQueryClient();
  const detail = useQuery({
    queryKey: ["media", initial.id],
    queryFn: () => api<Detail>(`/api/media/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === "processing" ? 2000 : false),
  });
  const m = detail.data!;
  const [name, setName] = useState(initial.name);
  const [tags, setTags] = useState(initial.tags.join(", "));
  const [s, setS] = useState<EditState>(() => fromEdits(initial.edits));
  const [contacts, setContacts] = useState(["Anna", "Marco"]);
  const [who, setWho] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const set = (p: Partial<EditState>) => setS((x) => ({ ...x, ...p }));
  const edits = useMemo(() => toEdits(m.kind, s, m), [m, s]);
  const editsKey = JSON.stringify(edits);

  // Debounced server preview (images, and the poster frame of videos).
  const [preview, setPreview] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  useEffect(() => {
    if (m.kind === "audio") return;
    const ctl = new AbortController();
    const t = setTimeout(async () => {
      try {
        const res = await fetch(`/api/media/${m.id}/preview`, {
          method: "POST", signal: ctl.signal, headers: { "content-type": "application/json" },
          body: JSON.stringify({ edits, values: { first_name: contacts[who] }, ...(m.kind === "video" ? { atMs: Math.round((s.posterAt ?? s.trimStart + 1) * 1000) } : {}) }),
        });
        if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "The preview could not be drawn.");
        const url = URL.createObjectURL(await res.blob());
        setPreview((old) => { if (old) URL.revokeObjectURL(old); return url; });
        setPreviewError(null);
      } catch (e) {
        if (!ctl.signal.aborted) setPreviewError((e as Error).message);
      }
    }, 250);
    return () => { ctl.abort(); clearTimeout(t); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editsKey, who, contacts[who], m.id, m.kind]);

  const save = useMutation({
    mutationFn: () => api<MediaItem>(`/api/media/${m.id}`, { method: "PATCH", json: { name, tags: tags.split(",").map((t) => t.trim()).filter(Boolean), edits } }),
    onSuccess: () => { setMessage("Saved. The phone versions are being prepared again."); qc.invalidateQueries({ queryKey: ["media"] }); },
    onError: (e) => setMessage(e instanceof ApiError ? e.message : "Saving failed."),
  });

  const dur = (m.durationMs ?? 0) / 1000;
  const fragment = `#t=${s.trimStart.toFixed(1)}${s.trimEnd != null ? `,${s.trimEnd.toFixed(1)}` : ""}`;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="space-y-4">
        <Card>
          <CardHeader title="Details" description={[m.kind, m.width && m.height ? `${m.width}×${m.height}` : null, duration(m.durationMs), bytes(m.size)].filter(Boolean).join(" · ")} actions={m.status === "processing" ? <Badge tone="amber">Preparing… {m.progress}%</Badge> : m.status === "failed" ? <Badge tone="red">Failed</Badge> : <Badge tone="green">Ready</Badge>} />
          <CardBody className="grid gap-3 sm:grid-cols-2">
            <Field label="Name"><Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canWrite} /></Field>
            <Field label="Tags" hint="Separate tags with commas."><Input value={tags} onChange={(e) => setTags(e.target.value)} disabled={!canWrite} /></Field>
            {m.error ? <p className="text-sm text-red-600 sm:col-span-2" role="alert">{m.error}</p> : null}
          </CardBody>
        </Card>

        {m.kind === "image" ? (
          <Card>
            <CardHeader title="Edit" description="Edits are applied to a copy; the original is kept as uploaded." />
            <CardBody className="space-y-5">
              <div className="flex flex-wrap gap-2" role="group" aria-label="Crop">
                {(["free", "1:1", "3:2", "2:3"] as const).map((a) => (
                  <Button key={a} size="sm" variant={s.aspect === a ? "primary" : "secondary"} onClick={() => set({ aspect: a })}>{a === "free" ? "Original" : a === "1:1" ? "Square" : a}</Button>
                ))}
                <Button size="sm" variant="secondary" onClick={() => set({ rotate: (((s.rotate + 90) % 360) as EditState["rotate"]) })} aria-label="Rotate"><RotateCw className="h-4 w-4" /></Button>
                <Button size="sm" variant={s.flipH ? "primary" : "secondary"} onClick={() => set({ flipH: !s.flipH })} aria-label="Flip horizontally"><FlipHorizontal className="h-4 w-4" /></Button>
                <Button size="sm" variant={s.flipV ? "primary" : "secondary"} onClick={() => set({ flipV: !s.flipV })} aria-label="Flip vertically"><FlipVertical className="h-4 w-4" /></Button>
              </div>
              <div className="grid gap-3 sm:grid-cols-2">
                <Range label="Brightness" value={s.brightness} min={0.5} max={1.5} step={0.05} onChange={(brightness) => set({ brightness })} />
                <Range label="Contrast" value={s.contrast} min={0.5} max={1.5} step={0.05} onChange={(contrast) => set({ contrast })} />
              </div>
              <TextControls label="Caption" value={s.caption} onChange={(caption) => set({ caption })} />
              <TextControls label="Personalised text" value={s.overlay} onChange={(overlay) => set({ overlay })} hint={<>Drawn for each recipient when sending, e.g. <code>Ciao {"{{ first_name }}"}!</code></>} />
            </CardBody>
          </Card>
        ) : (
          <Card>
            <CardHeader title="Edit" description="Edits are applied to a copy; the original is kept as uploaded." />
            <CardBody className="space-y-4">
              <Range label="Start" value={s.trimStart} min={0} max={Math.max(0, (s.trimEnd ?? dur) - 0.5)} step={0.1} onChange={(trimStart) => set({ trimStart })} show={`${s.trimStart.toFixed(1)} s`} />
              <Range label="End" value={s.trimEnd ?? dur} min={s.trimStart + 0.5} max={dur} step={0.1} onChange={(v) => set({ trimEnd: v >= dur ? null : v })} show={`${(s.trimEnd ?? dur).toFixed(1)} s`} />
              {m.kind === "audio" ? (
                <div className="grid gap-3 sm:grid-cols-3">
                  <Range label="Fade in" value={s.fadeIn} min={0} max={5} step={0.5} onChange={(fadeIn) => set({ fadeIn })} show={`${s.fadeIn} s`} />
                  <Range label="Fade out" value={s.fadeOut} min={0} max={5} step={0.5} onChange={(fadeOut) => set({ fadeOut })} show={`${s.fadeOut} s`} />
                  <Range label="Volume" value={s.volume} min={0} max={2} step={0.1} onChange={(volume) => set({ volume })} show={`${Math.round(s.volume * 100)}%`} />
                </div>
              ) : (
                <>
                  <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={s.mute} onChange={(e) => set({ mute: e.target.checked })} />Remove the sound</label>
                  <Range label="Poster frame" value={s.posterAt ?? 1} min={0} max={dur} step={0.1} onChange={(posterAt) => set({ posterAt })} show={`${(s.posterAt ?? 1).toFixed(1)} s`} />
                  <TextControls label="Caption" value={s.caption} onChange={(caption) => set({ caption })} />
                </>
              )}
            </CardBody>
          </Card>
        )}

        {canWrite ? (
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => save.mutate()} disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</Button>
            {message ? <p className="text-sm text-slate-600" role="status">{message}</p> : null}
          </div>
        ) : null}

        <Card>
          <CardHeader title="Phone versions" description="What each kind of phone receives. Made again whenever the edits change." />
          <CardBody>
            {m.variants.length ? (
              <ul className="divide-y divide-slate-100 text-sm">
                {m.variants.map((v) => (
                  <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span className="font-medium">{v.profile}</span>
                    <span className="text-slate-500">{[v.contentType, v.width && v.height ? `${v.width}×${v.height}` : null, duration(v.durationMs), bytes(v.size)].filter(Boolean).join(" · ")}</span>
                    <a className="text-brand-700 hover:underline" href={`${fileUrl(m.id, v.profile)}&download=1`}>Download</a>
                  </li>
                ))}
              </ul>
            ) : <p className="text-sm text-slate-500">{m.status === "failed" ? "No versions could be made." : "Being prepared…"}</p>}
          </CardBody>
        </Card>
      </div>

      <div className="space-y-3 lg:sticky lg:top-6 lg:self-start">
        {m.kind === "image" ? (
          <div className="flex flex-wrap gap-2" role="group" aria-label="Preview for">
            {contacts.map((c, i) => (
              <Input key={i} value={c} onFocus={() => setWho(i)} onChange={(e) => setContacts((xs) => xs.map((x, j) => (j === i ? e.target.value : x)))} className={`h-8 w-28 ${who === i ? "ring-2 ring-brand-300" : ""}`} aria-label={`Sample contact ${i + 1} first name`} />
            ))}
          </div>
        ) : null}
        <PhoneFrame caption={m.kind === "image" ? `Preview for ${contacts[who] || "a contact without a name"}` : "Preview"}>
          {m.kind === "image" ? (
            preview ? <img src={preview} alt="Preview" className="w-full rounded-lg" data-testid="media-preview" /> : <p className="text-center text-xs text-slate-400">Drawing the preview…</p>
          ) : m.kind === "video" ? (
            <div className="space-y-2">
              <video key={fragment} src={`${fileUrl(m.id)}${fragment}`} controls muted={s.mute} className="w-full rounded-lg" poster={preview ?? undefined} />
              {s.caption.text ? <p className="text-center text-xs text-slate-500">Caption burnt in: “{s.caption.text}”</p> : null}
            </div>
          ) : (
            <audio key={fragment} src={`${fileUrl(m.id)}${fragment}`} controls className="w-full" />
          )}
        </PhoneFrame>
        {previewError ? <p className="text-sm text-red-600" role="alert">{previewError}</p> : null}
      </div>
    </div>
  );
}
