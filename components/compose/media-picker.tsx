"use client";
// Step 1: choose a picture, video or sound from the library, upload one, or take one with the camera.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { MediaItem } from "./types";

export function thumbUrl(id: string) {
  return `/api/media/${id}/file?v=thumbnail`;
}

async function upload(file: File): Promise<MediaItem> {
  const form = new FormData();
  form.set("file", file);
  return api<MediaItem>("/api/media", { method: "POST", body: form });
}

export function MediaPicker({ open, onOpenChange, kind, onPick }: { open: boolean; onOpenChange: (o: boolean) => void; kind: "visual" | "audio"; onPick: (m: MediaItem) => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const camRef = useRef<HTMLInputElement>(null);
  const list = useQuery({ queryKey: ["media", "picker"], queryFn: () => api<{ items: MediaItem[] }>("/api/media"), enabled: open });
  const items = (list.data?.items ?? []).filter((m) => (kind === "audio" ? m.kind === "audio" : m.kind !== "audio"));
  const accept = kind === "audio" ? "audio/*" : "image/*,video/*";

  async function onFile(f: File | undefined) {
    if (!f) return;
    setError(null);
    setBusy(true);
    try {
      const m = await upload(f);
      await qc.invalidateQueries({ queryKey: ["media"] });
      onPick(m);
      onOpenChange(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={kind === "audio" ? "Choose a sound" : "Choose a picture or video"} description="From your library, a file on this device, or the camera.">
      <div className="space-y-4">
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" disabled={busy} onClick={() => fileRef.current?.click()}><Upload className="h-4 w-4" /> Upload</Button>
          {kind === "visual" ? <Button type="button" variant="secondary" disabled={busy} onClick={() => camRef.current?.click()}><Camera className="h-4 w-4" /> Take a photo or video</Button> : null}
          <input ref={fileRef} type="file" accept={accept} className="hidden" data-testid="media-upload" onChange={(e) => onFile(e.target.files?.[0])} />
          <input ref={camRef} type="file" accept="image/*,video/*" capture="environment" className="hidden" onChange={(e) => onFile(e.target.files?.[0])} />
        </div>
        {busy ? <Alert tone="info">Uploading…</Alert> : null}
        {error ? <Alert>{error}</Alert> : null}
        {list.isLoading ? <p className="text-sm text-slate-500">Loading your library…</p> : items.length === 0 ? (
          <p className="text-sm text-slate-500">Your library is empty: upload a file or take a photo.</p>
        ) : (
          <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4">
            {items.map((m) => (
              <li key={m.id}>
                <button type="button" className="group w-full overflow-hidden rounded-lg border border-slate-200 text-left hover:border-brand-500" onClick={() => { onPick(m); onOpenChange(false); }} data-testid="library-item" title={m.name}>
                  {m.kind === "audio" ? <div className="flex aspect-square items-center justify-center bg-slate-100 text-xs text-slate-500">♪ audio</div> : (
                    // eslint-disable-next-line @next/next/no-img-element
                    <img src={thumbUrl(m.id)} alt={m.name} className="aspect-square w-full object-cover" />
                  )}
                  <span className="block truncate px-1.5 py-1 text-xs text-slate-600">{m.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
