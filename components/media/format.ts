// Display helpers shared by the library grid and the editor.
export type MediaItem = {
  id: string; kind: "image" | "audio" | "video"; name: string; tags: string[]; status: "processing" | "ready" | "failed"; error: string | null;
  contentType: string; size: string | number; width: number | null; height: number | null; durationMs: number | null; animated: boolean;
  edits: unknown; progress: number; thumbnailKey: string | null; createdAt: string;
};
export type MediaVariantView = { id: string; profile: string; contentType: string; size: number; width: number | null; height: number | null; durationMs: number | null };

export const fileUrl = (id: string, v = "original") => `/api/media/${id}/file?v=${encodeURIComponent(v)}`;

export function bytes(n: string | number): string {
  const v = Number(n);
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${Math.round(v / 1024)} KB`;
  return `${(v / 1024 / 1024).toFixed(1)} MB`;
}

export function duration(ms: number | null): string | null {
  if (ms == null) return null;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
