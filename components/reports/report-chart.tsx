// Stacked bars per day (delivered/read, submitted, failed, other) as inline SVG.
import type { DayRow } from "@/lib/campaigns/reports";

const SERIES: Array<{ key: string; label: string; color: string; pick: (d: DayRow) => number }> = [
  { key: "delivered", label: "Delivered or read", color: "#10b981", pick: (d) => (d.byStatus.delivered ?? 0) + (d.byStatus.read ?? 0) },
  { key: "submitted", label: "Sent, awaiting report", color: "#2f6fed", pick: (d) => (d.byStatus.submitted ?? 0) + (d.byStatus.unknown ?? 0) },
  { key: "failed", label: "Failed", color: "#ef4444", pick: (d) => d.byStatus.failed ?? 0 },
  { key: "other", label: "Queued or excluded", color: "#cbd5e1", pick: (d) => (d.byStatus.queued ?? 0) + (d.byStatus.retry ?? 0) + (d.byStatus.submitting ?? 0) + (d.byStatus.skipped ?? 0) },
];

export function ReportChart({ days }: { days: DayRow[] }) {
  const W = 600, H = 160;
  const max = Math.max(1, ...days.map((d) => d.total));
  const bw = W / Math.max(days.length, 1);
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-44 w-full" role="img" aria-label="Messages per day by status">
        {days.map((d, i) => {
          let y = H;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.total} messages`}</title>
              {SERIES.map((s) => {
                const h = (s.pick(d) / max) * (H - 4);
                y -= h;
                return h > 0 ? <rect key={s.key} x={i * bw + 1} y={y} width={Math.max(bw - 2, 1)} height={h} fill={s.color} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-500">
        {SERIES.map((s) => <span key={s.key}><span className="mr-1 inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />{s.label}</span>)}
      </figcaption>
    </figure>
  );
}
