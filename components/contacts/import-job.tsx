"use client";
// /contacts/import/<id>: the mapping step while the job waits for choices, then the live progress
// (polled every second from the job row, so a reload picks it up where it is), cancel, and the
// rejected rows as CSV with the reason for each.
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ImportMapping } from "./import-mapping";
import { isActive, progressPercent, type ImportJob } from "./import-types";

const STATUS: Record<ImportJob["status"], [string, Tone]> = {
  pending: ["Waiting", "gray"], running: ["Importing", "blue"], completed: ["Done", "green"], failed: ["Failed", "red"], cancelled: ["Cancelled", "amber"],
};

export function ImportStatusBadge({ job }: { job: ImportJob }) {
  const [label, tone] = job.status === "pending" && !job.options ? ["Not started", "gray" as Tone] : STATUS[job.status];
  return <Badge tone={tone}>{label}</Badge>;
}

export function ImportJobView({ initial }: { initial: ImportJob }) {
  const qc = useQueryClient();
  const key = ["imports", initial.id];
  const job = useQuery({
    queryKey: key,
    queryFn: () => api<ImportJob>(`/api/imports/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && isActive(q.state.data) ? 1000 : false),
  });
  const cancel = useMutation({
    mutationFn: () => api<ImportJob>(`/api/imports/${initial.id}/cancel`, { method: "POST" }),
    onSuccess: (j) => qc.setQueryData(key, j),
  });
  const j = job.data;

  if (j.status === "pending" && !j.options && j.preview) {
    return <ImportMapping job={j} onStarted={(started) => { qc.setQueryData(key, started); qc.invalidateQueries({ queryKey: ["imports", "list"] }); }} />;
  }

  const pct = progressPercent(j);
  const done = !isActive(j);
  const counters: Array<[string, number, string]> = [
    ["Rows read", j.rowsRead, "rows-read"], ["Imported", j.imported, "imported"], ["Updated", j.updated, "updated"], ["Skipped", j.skipped, "skipped"], ["Invalid", j.invalid, "invalid"],
  ];
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={j.fileName} description={j.kind === "suppressions" ? "Numbers added to the suppression list." : "Contacts import"} actions={<ImportStatusBadge job={j} />} />
        <CardBody className="space-y-5">
          <div>
            <div className="mb-1 flex justify-between text-sm"><span className="text-slate-600">{done ? (j.status === "completed" ? "Finished" : "Stopped") : j.cancelRequested ? "Stopping…" : "Reading the file…"}</span><span className="font-medium" data-testid="import-percent">{pct} %</span></div>
            <div className="h-3 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
              <div className={`h-full rounded-full transition-all ${j.status === "completed" ? "bg-emerald-500" : j.status === "failed" ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${pct}%` }} />
            </div>
          </div>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            {counters.map(([label, n, id]) => (
              <div key={id} className="rounded-lg bg-slate-50 px-3 py-2">
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums" data-testid={`import-${id}`}>{n.toLocaleString("en-GB")}</dd>
              </div>
            ))}
          </dl>
          {j.error ? <Alert>{j.error}</Alert> : null}
          {cancel.error ? <Alert>{cancel.error instanceof ApiError ? cancel.error.message : "Could not cancel."}</Alert> : null}
          <div className="flex flex-wrap gap-2">
            {!done && !j.cancelRequested ? <Button variant="secondary" onClick={() => cancel.mutate()} disabled={cancel.isPending}>Cancel import</Button> : null}
            {j.invalid > 0 ? <Button asChild variant="secondary"><a href={`/api/imports/${j.id}/errors`} download><Download className="h-4 w-4" aria-hidden />Download the {j.invalid.toLocaleString("en-GB")} invalid rows</a></Button> : null}
            {done && j.status === "completed" ? <Button asChild><Link href={j.kind === "suppressions" ? "/settings/suppressions" : "/contacts"}>{j.kind === "suppressions" ? "See the suppression list" : "See the contacts"}</Link></Button> : null}
            {done ? <Button asChild variant="ghost"><Link href="/contacts/import">Import another file</Link></Button> : null}
          </div>
          {j.invalid > 0 && done ? <p className="text-sm text-slate-500">The invalid rows file lists each rejected line with the reason; fix them and import that file again.</p> : null}
        </CardBody>
      </Card>
    </div>
  );
}
