"use client";
// The live page of a campaign: polls the pipeline's stats every 2 s while it can still change.
import { useMutation, useQuery, useQueryClient, useInfiniteQuery } from "@tanstack/react-query";
import { Download, Pause, Play, RotateCcw, XCircle } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { StateBadge } from "./state-badge";
import { ThroughputChart } from "./throughput-chart";

type Stats = {
  total: number;
  byStatus: Record<string, number>;
  failuresByReason: Array<{ reason: string; count: number }>;
  skippedByReason: Array<{ reason: string; count: number }>;
  throughput: Array<{ t: string; submitted: number; delivered: number }>;
  noReport: number;
  state: string;
  startedAt: string | null;
  completedAt: string | null;
};
type Recipient = { id: string; phone: string; name: string | null; status: string; reason: string | null; attempts: number; submittedAt: string | null; deliveredAt: string | null; webViews: number };
type Timeline = { message: { phone: string; status: string; reason: string | null; contact: { firstName: string | null; handsetClass: string } }; events: Array<{ id: string; type: string; status: string | null; detail: unknown; occurredAt: string }> };

const LIVE = new Set(["sending", "scheduled", "paused"]);

export function LiveCampaign({ id, canSend }: { id: string; canSend: boolean }) {
  const qc = useQueryClient();
  const stats = useQuery({
    queryKey: ["campaign-stats", id],
    queryFn: () => api<Stats>(`/api/campaigns/${id}/stats`),
    refetchInterval: (q) => (q.state.data && !LIVE.has(q.state.data.state) ? false : 2000),
  });
  const act = useMutation({
    mutationFn: (action: "pause" | "resume" | "cancel" | "resend-unknown") => api(`/api/campaigns/${id}/${action}`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["campaign-stats", id] }),
  });
  const s = stats.data;
  if (stats.error) return <Alert>{(stats.error as Error).message}</Alert>;
  if (!s) return <p className="text-sm text-slate-500">Loading…</p>;
  const b = s.byStatus;
  const skipped = b.skipped ?? 0;
  const delivered = (b.delivered ?? 0) + (b.read ?? 0);
  const submitted = (b.submitted ?? 0) + delivered + (b.failed ?? 0) + (b.unknown ?? 0);
  const queued = (b.queued ?? 0) + (b.retry ?? 0) + (b.submitting ?? 0);
  const toSend = s.total - skipped;
  const done = toSend ? Math.round(((toSend - queued) / toSend) * 100) : s.state === "completed" ? 100 : 0;
  const funnel: Array<[string, number, string]> = [
    ["Targeted", s.total, "bg-slate-400"],
    ["Excluded", skipped, "bg-slate-300"],
    ["Queued", queued, "bg-violet-400"],
    ["Submitted", submitted, "bg-brand-500"],
    ["Delivered", delivered, "bg-emerald-500"],
    ["Read", b.read ?? 0, "bg-emerald-700"],
    ["Failed", b.failed ?? 0, "bg-red-500"],
    ["Unknown", b.unknown ?? 0, "bg-amber-500"],
  ];
  return (
    <div className="space-y-5">
      <Card>
        <CardBody className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="flex items-center gap-3"><StateBadge state={s.state} /><span className="text-sm text-slate-600">{done}% sent</span></div>
            {canSend ? (
              <div className="flex flex-wrap gap-2">
                {s.state === "sending" || s.state === "scheduled" ? <Button size="sm" variant="secondary" onClick={() => act.mutate("pause")}><Pause className="h-4 w-4" /> Pause</Button> : null}
                {s.state === "paused" ? <Button size="sm" variant="secondary" onClick={() => act.mutate("resume")}><Play className="h-4 w-4" /> Resume</Button> : null}
                {(b.unknown ?? 0) > 0 && s.state !== "cancelled" ? <Button size="sm" variant="secondary" onClick={() => confirm(`Resend ${b.unknown} messages whose outcome is unknown? Some people may receive them twice.`) && act.mutate("resend-unknown")}><RotateCcw className="h-4 w-4" /> Resend unknown</Button> : null}
                {LIVE.has(s.state) ? <Button size="sm" variant="danger" onClick={() => confirm("Cancel this campaign? Messages not yet sent will not be sent.") && act.mutate("cancel")}><XCircle className="h-4 w-4" /> Cancel</Button> : null}
              </div>
            ) : null}
          </div>
          <div className="h-3 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuenow={done} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${done}%` }} />
          </div>
          {act.error ? <Alert>{(act.error as Error).message}</Alert> : null}
        </CardBody>
      </Card>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card>
          <CardHeader title="Funnel" />
          <CardBody className="space-y-2" data-testid="funnel">
            {funnel.map(([label, n, color]) => (
              <div key={label} className="grid grid-cols-[6rem_1fr_3.5rem] items-center gap-2 text-sm">
                <span className="text-slate-600">{label}</span>
                <div className="h-2.5 rounded bg-slate-100"><div className={`h-full rounded ${color}`} style={{ width: `${s.total ? (n / s.total) * 100 : 0}%` }} /></div>
                <span className="text-right tabular-nums" data-testid={`funnel-${label.toLowerCase()}`}>{n}</span>
              </div>
            ))}
            {s.skippedByReason.length ? <p className="pt-2 text-xs text-slate-500">Excluded: {s.skippedByReason.map((r) => `${r.reason} (${r.count})`).join(", ")}</p> : null}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Throughput" description="Messages per 10 seconds." />
          <CardBody><ThroughputChart points={s.throughput} /></CardBody>
        </Card>
      </div>
      {s.failuresByReason.length ? (
        <Card>
          <CardHeader title="Failures by reason" />
          <Table><tbody>{s.failuresByReason.map((r) => <tr key={r.reason}><Td>{r.reason}</Td><Td className="text-right tabular-nums">{r.count}</Td></tr>)}</tbody></Table>
        </Card>
      ) : null}
      <Recipients id={id} live={LIVE.has(s.state)} />
    </div>
  );
}

function Recipients({ id, live }: { id: string; live: boolean }) {
  const [status, setStatus] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const pages = useInfiniteQuery({
    queryKey: ["recipients", id, status],
    initialPageParam: "",
    queryFn: ({ pageParam }) => api<{ items: Recipient[]; nextCursor: string | null }>(`/api/campaigns/${id}/recipients?${new URLSearchParams({ ...(status ? { status } : {}), ...(pageParam ? { after: pageParam } : {}), limit: "50" })}`),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: live ? 5000 : false,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <CardHeader
        title="Recipients"
        actions={
          <div className="flex gap-2">
            <Select aria-label="Status" className="h-8 w-36" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">All</option>
              {["queued", "submitted", "delivered", "read", "failed", "unknown", "skipped"].map((s) => <option key={s} value={s}>{s}</option>)}
            </Select>
            <Button asChild size="sm" variant="secondary"><a href={`/api/campaigns/${id}/export`} download><Download className="h-4 w-4" /> CSV</a></Button>
          </div>
        }
      />
      <Table>
        <thead><tr><Th>Phone</Th><Th className="hidden sm:table-cell">Name</Th><Th>Status</Th><Th className="hidden md:table-cell">Reason</Th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="cursor-pointer hover:bg-slate-50" onClick={() => setOpen(r.id)} data-testid="recipient-row">
              <Td className="font-mono text-xs">{r.phone}</Td>
              <Td className="hidden sm:table-cell">{r.name ?? "—"}</Td>
              <Td>{r.status}</Td>
              <Td className="hidden text-slate-500 md:table-cell">{r.reason ?? ""}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {!rows.length && !pages.isLoading ? <p className="px-5 py-4 text-sm text-slate-500">No recipients{status ? ` with status ${status}` : " yet: they appear as the campaign fans out"}.</p> : null}
      {pages.hasNextPage ? <div className="p-3 text-center"><Button size="sm" variant="secondary" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>Load more</Button></div> : null}
      <Dialog open={!!open} onOpenChange={(o) => !o && setOpen(null)} title="Recipient timeline">{open ? <TimelineView id={id} messageId={open} /> : null}</Dialog>
    </Card>
  );
}

function TimelineView({ id, messageId }: { id: string; messageId: string }) {
  const t = useQuery({ queryKey: ["timeline", id, messageId], queryFn: () => api<Timeline>(`/api/campaigns/${id}/recipients/${messageId}`) });
  if (!t.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const m = t.data.message;
  return (
    <div className="space-y-3 text-sm">
      <p><span className="font-mono">{m.phone}</span> · {m.status}{m.reason ? ` (${m.reason})` : ""} · phone type {m.contact.handsetClass}</p>
      <ol className="space-y-2 border-l border-slate-200 pl-4">
        {t.data.events.map((e) => (
          <li key={e.id}>
            <p className="font-medium">{e.type.replace(/_/g, " ")}{e.status ? ` → ${e.status}` : ""}</p>
            <p className="text-xs text-slate-500">{new Date(e.occurredAt).toLocaleString()}</p>
          </li>
        ))}
        {!t.data.events.length ? <li className="text-slate-500">No events yet.</li> : null}
      </ol>
    </div>
  );
}
