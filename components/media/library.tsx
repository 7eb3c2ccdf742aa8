"use client";
// The media library: drop, pick, shoot with the phone's camera or import by address; then find
// items by name or tag. The grid refreshes itself while items are still being converted.
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Film, ImageIcon, Link2, Music, Search, Trash2, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { bytes, duration, fileUrl, type MediaItem } from "./format";

type Page = { items: MediaItem[]; nextCursor: string | null };
const KIND_ICON = { image: ImageIcon, audio: Music, video: Film } as const;

export function MediaLibrary({ initial, canWrite }: { initial: Page; canWrite: boolean }) {
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [url, setUrl] = useState("");
  const pick = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const filtered = !!search || !!tag;

  const list = useQuery({
    queryKey: ["media", "list", search, tag],
    queryFn: () => api<Page>(`/api/media?${new URLSearchParams({ ...(search ? { q: search } : {}), ...(tag ? { tag } : {}) })}`),
    initialData: filtered ? undefined : initial,
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.status === "processing") ? 2000 : false),
  });
  const tags = useQuery({ queryKey: ["media", "tags"], queryFn: () => api<{ tags: string[] }>("/api/media/tags") });
  const refresh = () => qc.invalidateQueries({ queryKey: ["media"] });

  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const failed: string[] = [];
      for (const f of files) {
        const form = new FormData();
        form.append("file", f);
        await api("/api/media", { method: "POST", body: form }).catch((e: unknown) => failed.push(`${f.name}: ${e instanceof ApiError ? e.message : "upload failed"}`));
      }
      return failed;
    },
    onSuccess: (failed) => { setErrors(failed); refresh(); },
  });
  const importUrl = useMutation({
    mutationFn: () => api("/api/media/import", { method: "POST", json: { url } }),
    onSuccess: () => { setUrl(""); setErrors([]); refresh(); },
    onError: (e) => setErrors([e instanceof ApiError ? e.message : "The import failed."]),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/media/${id}`, { method: "DELETE" }),
    onSuccess: () => { setErrors([]); refresh(); },
    onError: (e) => setErrors([e instanceof ApiError ? e.message : "The item could not be deleted."]),
  });

  const onFiles = (fl: FileList | null) => fl && fl.length && upload.mutate([...fl]);
  const items = list.data?.items ?? [];

  return (
    <div
      onDragOver={(e) => { if (canWrite) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => { e.preventDefault(); setDragging(false); if (canWrite) onFiles(e.dataTransfer.files); }}
      className={dragging ? "rounded-xl ring-2 ring-brand-400 ring-offset-4" : undefined}
    >
      {canWrite ? (
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <input ref={pick} type="file" multiple hidden accept="image/*,audio/*,video/*" onChange={(e) => { onFiles(e.target.files); e.target.value = ""; }} data-testid="media-file-input" />
          <input ref={camera} type="file" hidden accept="image/*,video/*" capture="environment" onChange={(e) => { onFiles(e.target.files); e.target.value = ""; }} />
          <Button onClick={() => pick.current?.click()} disabled={upload.isPending}><Upload className="h-4 w-4" aria-hidden />{upload.isPending ? "Uploading…" : "Upload files"}</Button>
          <Button variant="secondary" className="sm:hidden" onClick={() => camera.current?.click()}>Take a photo</Button>
          <form className="flex min-w-0 flex-1 gap-2 sm:max-w-md" onSubmit={(e) => { e.preventDefault(); if (url.trim()) importUrl.mutate(); }}>
            <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://… image, sound or video address" aria-label="Import from a web address" />
            <Button variant="secondary" type="submit" disabled={importUrl.isPending || !url.trim()}><Link2 className="h-4 w-4" aria-hidden />{importUrl.isPending ? "Importing…" : "Import"}</Button>
          </form>
        </div>
      ) : null}
      {errors.length ? (
        <div role="alert" className="mb-4 space-y-1 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
          {errors.map((e) => <p key={e}>{e}</p>)}
        </div>
      ) : null}

      {!items.length && !filtered ? (
        <EmptyState icon={ImageIcon} title="Your media library is empty" action={canWrite ? <Button onClick={() => pick.current?.click()}>Upload your first picture</Button> : null}>
          Drop a photo, a short sound or a video here. Postino checks it, then prepares a version for every kind of phone (100, 300 and 600 KB), so your campaigns arrive everywhere.
        </EmptyState>
      ) : (
        <>
          <div className="mb-4 flex flex-wrap items-center gap-2">
            <div className="relative w-full sm:w-64">
              <Search className="pointer-events-none absolute left-3 top-3 h-4 w-4 text-slate-400" aria-hidden />
              <Input className="pl-9" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search by name or tag" aria-label="Search media" />
            </div>
            {(tags.data?.tags ?? []).map((t) => (
              <button key={t} onClick={() => setTag(tag === t ? null : t)} className={`rounded-full px-3 py-1 text-sm ${tag === t ? "bg-brand-600 text-white" : "bg-white text-slate-600 ring-1 ring-slate-200"}`}>#{t}</button>
            ))}
          </div>
          {!items.length ? <p className="text-sm text-slate-500">Nothing matches this search.</p> : null}
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {items.map((m) => {
              const Icon = KIND_ICON[m.kind];
              return (
                <li key={m.id} className="group overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="media-card">
                  <Link href={`/media/${m.id}`} className="block">
                    <div className="flex aspect-square items-center justify-center bg-slate-100">
                      {m.thumbnailKey ? <img src={fileUrl(m.id, "thumbnail")} alt="" className="h-full w-full object-cover" loading="lazy" /> : <Icon className="h-10 w-10 text-slate-400" aria-hidden />}
                    </div>
                  </Link>
                  <div className="space-y-1 p-3">
                    <div className="flex items-start justify-between gap-2">
                      <Link href={`/media/${m.id}`} className="truncate text-sm font-medium text-slate-900 hover:underline">{m.name}</Link>
                      {canWrite ? (
                        <button className="text-slate-400 hover:text-red-600" aria-label={`Delete ${m.name}`} onClick={() => { if (confirm(`Delete "${m.name}"?`)) remove.mutate(m.id); }}><Trash2 className="h-4 w-4" /></button>
                      ) : null}
                    </div>
                    <p className="text-xs text-slate-500">
                      {[m.kind === "image" && m.animated ? "GIF animation" : m.kind, m.width && m.height ? `${m.width}×${m.height}` : null, duration(m.durationMs), bytes(m.size)].filter(Boolean).join(" · ")}
                    </p>
                    {m.status === "processing" ? <Badge tone="amber">Preparing… {m.progress}%</Badge> : m.status === "failed" ? <Badge tone="red">{m.error ?? "Failed"}</Badge> : <Badge tone="green">Ready</Badge>}
                    {m.tags.length ? <p className="truncate text-xs text-brand-700">{m.tags.map((t) => `#${t}`).join(" ")}</p> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
