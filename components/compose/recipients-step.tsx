"use client";
// Step 3: who receives it, how and when; the count after consent, suppression and duplicates; a test
// send to a virtual phone; confirm and launch.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { parsePastedNumbers } from "./paste-numbers";
import { Warnings } from "./composer";
import type { Draft, Option, Preflight } from "./types";

function SegmentChooser({ label, options, chosen, onChange, testId }: { label: string; options: Option[]; chosen: string[]; onChange: (ids: string[]) => void; testId: string }) {
  return (
    <Field label={label}>
      {options.length === 0 ? <p className="text-sm text-slate-500">No segments yet: create one under Segments.</p> : (
        <ul className="flex flex-wrap gap-2" data-testid={testId}>
          {options.map((o) => {
            const on = chosen.includes(o.id);
            return (
              <li key={o.id}>
                <label className={`flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1 text-sm ${on ? "border-brand-500 bg-brand-50 text-brand-700" : "border-slate-300 bg-white"}`}>
                  <input type="checkbox" className="sr-only" checked={on} onChange={() => onChange(on ? chosen.filter((x) => x !== o.id) : [...chosen, o.id])} />
                  {o.name}
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </Field>
  );
}

export function RecipientsStep({ draft, onChange, flush, segments, connections, canWriteAll }: { draft: Draft; onChange: (p: Partial<Draft>) => void; flush: () => Promise<boolean>; segments: Option[]; connections: Array<Option & { maxMessageBytes: number }>; canWriteAll: boolean }) {
  const router = useRouter();
  const pre = useQuery({ queryKey: ["preflight", draft.id], queryFn: () => api<Preflight>(`/api/campaigns/${draft.id}/preflight`) });
  const [pasted, setPasted] = useState(draft.audience.numbers.join("\n"));
  const [pasteReport, setPasteReport] = useState<string | null>(null);
  const [testPhone, setTestPhone] = useState("");
  const [confirm, setConfirm] = useState(false);
  const a = draft.audience;

  function applyPaste(text: string) {
    setPasted(text);
    const r = parsePastedNumbers(text, null);
    onChange({ audience: { ...a, numbers: r.numbers } });
    const bad = r.invalid.slice(0, 3).map((x) => `line ${x.line} (“${x.input}”): ${x.reason}`).join("; ");
    setPasteReport(r.invalid.length || r.duplicates ? `${r.numbers.length} numbers. ${r.duplicates ? `${r.duplicates} duplicates removed. ` : ""}${r.invalid.length ? `${r.invalid.length} not usable: ${bad}${r.invalid.length > 3 ? "…" : ""}` : ""}` : null);
  }

  const test = useMutation({
    mutationFn: async () => {
      await flush();
      return api<{ status: string; reason: string | null }>(`/api/campaigns/${draft.id}/test-send`, { method: "POST", json: { phone: testPhone } });
    },
  });
  const launch = useMutation({
    mutationFn: async () => {
      if (!(await flush())) throw new Error("The latest changes could not be saved; fix them first.");
      return api<{ id: string; state: string }>(`/api/campaigns/${draft.id}/launch`, { method: "POST" });
    },
    onSuccess: () => router.push(`/campaigns/${draft.id}`),
  });
  const count = pre.data?.count;
  const est = pre.data?.estimate;

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Who receives it" description={canWriteAll ? "Segments, contacts or pasted numbers; opted-out and suppressed numbers are left out automatically." : "As a support agent you can send to one contact or one number."} />
        <CardBody className="space-y-4">
          {canWriteAll ? (
            <>
              <SegmentChooser label="Send to these segments" options={segments} chosen={a.segmentIds} onChange={(ids) => onChange({ audience: { ...a, segmentIds: ids, excludeSegmentIds: a.excludeSegmentIds.filter((x) => !ids.includes(x)) } })} testId="include-segments" />
              <SegmentChooser label="…except people in these segments" options={segments.filter((s) => !a.segmentIds.includes(s.id))} chosen={a.excludeSegmentIds} onChange={(ids) => onChange({ audience: { ...a, excludeSegmentIds: ids } })} testId="exclude-segments" />
            </>
          ) : null}
          {a.contactIds.length ? <p className="text-sm text-slate-600">Plus {a.contactIds.length} chosen contact{a.contactIds.length === 1 ? "" : "s"}. <button type="button" className="text-brand-600 underline" onClick={() => onChange({ audience: { ...a, contactIds: [] } })}>Remove</button></p> : null}
          <Field label={canWriteAll ? "Numbers (one per line, with +country code)" : "Or a number (+country code)"} hint={pasteReport ?? undefined}>
            <Textarea rows={canWriteAll ? 3 : 1} value={pasted} onChange={(e) => applyPaste(e.target.value)} placeholder="+39 333 123 4567" data-testid="pasted-numbers" />
          </Field>
          <div className="grid grid-cols-2 gap-3 rounded-lg bg-slate-50 p-3 text-sm sm:grid-cols-5" data-testid="audience-count">
            <Stat label="Targeted" value={count?.targeted} />
            <Stat label="Opted out" value={count?.excludedOptedOut} />
            <Stat label="Suppressed" value={count?.excludedSuppressed} />
            <Stat label="Duplicates" value={count?.duplicates} />
            <Stat label="Will receive" value={count?.sendable} strong testId="sendable-count" />
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="How and when" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field label="Carrier connection" htmlFor="connection">
            <Select id="connection" value={draft.connectionId ?? ""} onChange={(e) => onChange({ connectionId: e.target.value || null })}>
              <option value="">Choose…</option>
              {connections.map((c) => <option key={c.id} value={c.id}>{c.name} (max {Math.round(c.maxMessageBytes / 1024)} KB)</option>)}
            </Select>
          </Field>
          <Field label="Kind of message" htmlFor="class" hint="Advertisements respect quiet hours and need an opt-out line.">
            <Select id="class" value={draft.messageClass} onChange={(e) => onChange({ messageClass: e.target.value as Draft["messageClass"] })} data-testid="message-class">
              <option value="advertisement">Advertisement</option>
              <option value="informational">Informational</option>
            </Select>
          </Field>
          <Field label="Send" htmlFor="schedule">
            <Select id="schedule" value={draft.scheduleKind} onChange={(e) => onChange({ scheduleKind: e.target.value as Draft["scheduleKind"] })}>
              <option value="now">Now</option>
              <option value="at">At a date and time</option>
              <option value="local">At a local time in each recipient&apos;s time zone</option>
            </Select>
          </Field>
          {draft.scheduleKind === "at" ? (
            <Field label="Date and time" htmlFor="at">
              <Input id="at" type="datetime-local" value={draft.scheduledAt ? toLocalInput(draft.scheduledAt) : ""} onChange={(e) => onChange({ scheduledAt: e.target.value ? new Date(e.target.value).toISOString() : null })} />
            </Field>
          ) : draft.scheduleKind === "local" ? (
            <Field label="Local time" htmlFor="localtime"><Input id="localtime" type="time" value={draft.localTime ?? ""} onChange={(e) => onChange({ localTime: e.target.value || null })} /></Field>
          ) : <div />}
          <Field label="Quiet hours (recipient's time)" hint="Advertisements are only delivered inside this window.">
            <div className="flex items-center gap-2">
              <Input type="time" className="w-32" value={draft.quietHours?.start ?? "08:00"} onChange={(e) => onChange({ quietHours: { start: e.target.value, end: draft.quietHours?.end ?? "21:00", enabled: draft.quietHours?.enabled ?? true } })} aria-label="From" />
              <span className="text-sm text-slate-500">to</span>
              <Input type="time" className="w-32" value={draft.quietHours?.end ?? "21:00"} onChange={(e) => onChange({ quietHours: { start: draft.quietHours?.start ?? "08:00", end: e.target.value, enabled: draft.quietHours?.enabled ?? true } })} aria-label="To" />
            </div>
          </Field>
          <Field label="Throughput cap (messages per second)" hint="Empty: the connection's own limit.">
            <Input type="number" min={1} value={draft.maxPerSecond ?? ""} onChange={(e) => onChange({ maxPerSecond: e.target.value ? Math.max(1, Number(e.target.value)) : null })} />
          </Field>
          <Field label="Expires after (hours)" hint="Not delivered by then? The carrier gives up.">
            <Input type="number" min={1} max={336} value={draft.expiryHours} onChange={(e) => onChange({ expiryHours: Math.min(336, Math.max(1, Number(e.target.value) || 72)) })} />
          </Field>
          <div className="text-sm text-slate-600 sm:col-span-2" data-testid="estimate">
            {est ? <>About <strong>{Math.round(est.bytesByHandset.standard / 1024)} KB</strong> per message ({Math.round(est.bytesByHandset.basic / 1024)} KB on older phones){est.carrierLimitBytes ? `, carrier limit ${Math.round(est.carrierLimitBytes / 1024)} KB` : ""}.{" "}{est.cost !== null ? <>Estimated cost <strong>{est.cost.toFixed(2)} {est.currency}</strong>.</> : "Set a price per message in workspace settings to see the cost."}</> : "Estimating…"}
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Test it" description="Send one copy to a test phone (Test phones in the menu) before sending to everyone." />
        <CardBody className="flex flex-wrap items-end gap-2">
          <Field label="Test phone number" htmlFor="test-phone"><Input id="test-phone" value={testPhone} onChange={(e) => setTestPhone(e.target.value)} placeholder="+39 333 000 0001" /></Field>
          <Button type="button" variant="secondary" disabled={!testPhone || test.isPending} onClick={() => test.mutate()}>{test.isPending ? "Sending…" : "Send test"}</Button>
          {test.data ? <Alert tone={test.data.status === "failed" ? "error" : "success"}>Test {test.data.status}{test.data.reason ? `: ${test.data.reason}` : "."}</Alert> : null}
          {test.error ? <Alert>{(test.error as Error).message}</Alert> : null}
        </CardBody>
      </Card>

      <Warnings pre={pre.data} />
      {launch.error ? <Alert>{(launch.error as Error).message}</Alert> : null}
      <div className="flex justify-end">
        <Button type="button" size="lg" disabled={!pre.data?.canLaunch || launch.isPending} onClick={async () => { await flush(); await pre.refetch(); setConfirm(true); }} data-testid="review-send">Review and send</Button>
      </div>
      <Dialog open={confirm} onOpenChange={setConfirm} title="Send this campaign?" description="Once sent it cannot be edited; you can pause or cancel it from its page.">
        <p className="text-sm">
          <strong>{count?.sendable ?? 0}</strong> recipient{count?.sendable === 1 ? "" : "s"} {draft.scheduleKind === "now" ? "now" : draft.scheduleKind === "at" ? `on ${draft.scheduledAt ? new Date(draft.scheduledAt).toLocaleString() : "…"}` : `at ${draft.localTime} their time`}
          {draft.messageClass === "advertisement" ? `, within ${draft.quietHours?.start ?? "08:00"}–${draft.quietHours?.end ?? "21:00"} their time` : ""}.
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setConfirm(false)}>Not yet</Button>
          <Button type="button" disabled={launch.isPending} onClick={() => launch.mutate()} data-testid="confirm-send">{launch.isPending ? "Sending…" : "Send"}</Button>
        </div>
      </Dialog>
    </div>
  );
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function Stat({ label, value, strong, testId }: { label: string; value: number | undefined; strong?: boolean; testId?: string }) {
  return (
    <div>
      <p className="text-xs text-slate-500">{label}</p>
      <p className={strong ? "text-lg font-semibold text-slate-900" : "text-lg text-slate-700"} data-testid={testId}>{value ?? "…"}</p>
    </div>
  );
}
