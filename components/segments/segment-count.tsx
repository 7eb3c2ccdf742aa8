"use client";
// A live segment's size on the list, asked lazily per row so the page itself renders at once.
import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/providers";

export function SegmentCount({ id, rules }: { id: string; rules: unknown }) {
  const q = useQuery({
    queryKey: ["segments", "count", id, JSON.stringify(rules)],
    queryFn: () => api<{ count: number }>("/api/segments/preview", { method: "POST", json: { rules } }),
  });
  if (q.error) return <span className="text-slate-400" title={(q.error as Error).message}>—</span>;
  return <span data-testid="segment-count" className="tabular-nums">{q.data ? q.data.count.toLocaleString("en-GB") : "…"}</span>;
}
