// Inline SVG: two lines (submitted, delivered) over time buckets; no chart library for one picture.
export function ThroughputChart({ points }: { points: Array<{ t: string; submitted: number; delivered: number }> }) {
  if (points.length < 2) return <p className="text-sm text-slate-500">The chart fills in while messages are sent.</p>;
  const W = 480, H = 140, P = 4;
  const max = Math.max(1, ...points.map((p) => Math.max(p.submitted, p.delivered)));
  const x = (i: number) => P + (i / (points.length - 1)) * (W - 2 * P);
  const y = (v: number) => H - P - (v / max) * (H - 2 * P);
  const line = (k: "submitted" | "delivered") => points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`).join(" ");
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-36 w-full" role="img" aria-label={`Throughput, peak ${max} per 10 seconds`}>
        <line x1={P} x2={W - P} y1={H - P} y2={H - P} stroke="#e2e8f0" />
        <path d={line("submitted")} fill="none" stroke="#2f6fed" strokeWidth={2} />
        <path d={line("delivered")} fill="none" stroke="#10b981" strokeWidth={2} />
      </svg>
      <figcaption className="flex gap-4 text-xs text-slate-500">
        <span><span className="mr-1 inline-block h-2 w-2 rounded-full bg-brand-500" />submitted</span>
        <span><span className="mr-1 inline-block h-2 w-2 rounded-full bg-emerald-500" />delivered</span>
        <span className="ml-auto">peak {max} / 10 s</span>
      </figcaption>
    </figure>
  );
}
