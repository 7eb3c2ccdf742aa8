"use client";
// A segment: its name, its rules, and while the rules change the live count of matching contacts
// (debounced, POST /api/segments/preview) with a few of them. Saved segments can be frozen: the
// members of today are kept as a snapshot (a political campaign's universe must not move).
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Lock, Snowflake, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { rulesSchema, type Group } from "@/lib/segments/rules";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { ConsentBadge, fullName, when } from "@/components/contacts/format";
import { useDebounced } from "@/components/contacts/use-debounced";
import { GroupEditor, type Pickers } from "./rule-builder";
import { emptyGroup } from "./conditions";

export type SegmentView = { id: string; name: string; description: string | null; rules: Group; frozenAt: string | null; frozenCount: number | null; updatedAt: string };
type Preview = { count: number; sample: Array<{ id: string; phone: string; firstName: string | null; lastName: string | null; tags: string[]; consent: string }> };

const errText = (e: unknown, f: string) => (e instanceof ApiError ? e.message : f);

export function SegmentEditor({ initial, canWrite }: { initial: SegmentView | null; canWrite: boolean }) {
  const router = useRouter();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [rules, setRules] = useState<Group>(initial?.rules ?? emptyGroup());
  const [saved, setSaved] = useState(() => JSON.stringify({ name: initial?.name ?? "", description: initial?.description ?? "", rules: initial?.rules ?? emptyGroup() }));
  const [seg, setSeg] = useState(initial);
  const [deleting, setDeleting] = useState(false);
  const dirty = JSON.stringify({ name, description, rules }) !== saved;

  const meta = useQuery({ queryKey: ["contacts", "tags"], queryFn: () => api<{ tags: Array<{ tag: string }>; attributes: string[] }>("/api/contacts/tags"), staleTime: 60_000 });
  const campaigns = useQuery({ queryKey: ["campaigns", "picker"], queryFn: () => api<{ items: Array<{ id: string; name: string }> }>("/api/campaigns?limit=100"), staleTime: 60_000 });
  const pickers: Pickers = { attributes: meta.data?.attributes ?? [], tags: (meta.data?.tags ?? []).map((t) => t.tag), campaigns: campaigns.data?.items ?? [] };

  const debounced = useDebounced(rules, 300);
  const check = useMemo(() => rulesSchema.safeParse(debounced), [debounced]);
  const problem = check.success ? null : check.error.issues[0]?.message ?? "Complete the conditions.";
  const preview = useQuery({
    queryKey: ["segments", "preview", JSON.stringify(debounced)],
    queryFn: () => api<Preview>("/api/segments/preview", { method: "POST", json: { rules: debounced } }),
    enabled: check.success,
    placeholderData: (prev) => prev,
    staleTime: 5_000,
  });
  // A count for rules that are not the ones on screen (typing, or an unfinished condition) is shown greyed.
  const updating = preview.isFetching || debounced !== rules || !!problem;

  const save = useMutation({
    mutationFn: () => {
      const body = { name, description: description || null, rules };
      return seg ? api<SegmentView>(`/api/segments/${seg.id}`, { method: "PATCH", json: body }) : api<SegmentView>("/api/segments", { method: "POST", json: body });
    },
    onSuccess: (s) => {
      setSaved(JSON.stringify({ name, description, rules }));
      setSeg(s);
      if (!seg) router.replace(`/segments/${s.id}`);
      router.refresh();
    },
  });
  const freeze = useMutation({
    mutationFn: (on: boolean) => api<SegmentView>(`/api/segments/${seg!.id}/freeze`, { method: on ? "POST" : "DELETE" }),
    onSuccess: (s) => { setSeg(s); router.refresh(); },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/segments/${seg!.id}`, { method: "DELETE" }),
    onSuccess: () => { router.push("/segments"); router.refresh(); },
  });

  const frozen = !!seg?.frozenAt;
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-6">
        <Card>
          <CardBody className="grid gap-4 sm:grid-cols-2">
            <Field label="Segment name" htmlFor="sg-name"><Input id="sg-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Volunteers in district 7" disabled={!canWrite} /></Field>
            <Field label="Description" htmlFor="sg-desc"><Input id="sg-desc" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Optional" disabled={!canWrite} /></Field>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Rules" description="Combine conditions; nest a group for “this, or that and that”." />
          <CardBody className="overflow-x-auto">
            {frozen ? <div className="mb-3"><Alert tone="info">This segment is frozen: it keeps the {seg!.frozenCount?.toLocaleString("en-GB")} contacts it had on {when(seg!.frozenAt)}. Changing the rules affects it only once unfrozen.</Alert></div> : null}
            <GroupEditor group={rules} onChange={setRules} pickers={pickers} />
            <datalist id="segment-attributes">{pickers.attributes.map((a) => <option key={a} value={a} />)}</datalist>
            <datalist id="segment-tags">{pickers.tags.map((t) => <option key={t} value={t} />)}</datalist>
          </CardBody>
        </Card>
        {save.error ? <Alert>{errText(save.error, "The segment was not saved.")}</Alert> : null}
        {freeze.error ? <Alert>{errText(freeze.error, "That did not work.")}</Alert> : null}
        {canWrite ? (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => save.mutate()} disabled={!name.trim() || !!problem || save.isPending || (!dirty && !!seg)}>{save.isPending ? "Saving…" : seg ? (dirty ? "Save changes" : "Saved") : "Save segment"}</Button>
            {seg ? (
              frozen
                ? <Button variant="secondary" onClick={() => freeze.mutate(false)} disabled={freeze.isPending}><Snowflake className="h-4 w-4" aria-hidden />Unfreeze (follow the rules again)</Button>
                : <Button variant="secondary" onClick={() => freeze.mutate(true)} disabled={freeze.isPending || dirty} title={dirty ? "Save first" : undefined}><Lock className="h-4 w-4" aria-hidden />{freeze.isPending ? "Freezing…" : "Freeze today's members"}</Button>
            ) : null}
            {seg ? <Button variant="ghost" onClick={() => setDeleting(true)}><Trash2 className="h-4 w-4" aria-hidden />Delete</Button> : null}
          </div>
        ) : null}
      </div>

      <aside className="lg:sticky lg:top-6 lg:self-start">
        <Card>
          <CardHeader title="Matching contacts" description={frozen ? "Live count of the rules; the frozen snapshot is what campaigns use." : "Updates as you edit."} />
          <CardBody className="space-y-3">
            {problem ? <p className="text-sm text-amber-700" role="status">{problem}</p> : null}
            <p className={`text-3xl font-semibold tabular-nums ${updating ? "text-slate-400" : "text-slate-900"}`} data-testid="segment-live-count" data-updating={updating ? "true" : "false"}>
              {preview.data ? preview.data.count.toLocaleString("en-GB") : "…"}
            </p>
            {frozen ? <p className="text-sm text-slate-600" data-testid="segment-frozen">Frozen: {seg!.frozenCount?.toLocaleString("en-GB")} contacts on {when(seg!.frozenAt)}</p> : null}
            {preview.error ? <Alert>{errText(preview.error, "The count failed.")}</Alert> : null}
            {preview.data?.sample.length ? (
              <ul className="divide-y divide-slate-100 text-sm" data-testid="segment-sample">
                {preview.data.sample.map((s) => (
                  <li key={s.id} className="flex items-center justify-between gap-2 py-1.5">
                    <Link href={`/contacts/${s.id}`} className="min-w-0 truncate hover:underline">{fullName(s) || s.phone}</Link>
                    <ConsentBadge state={s.consent} />
                  </li>
                ))}
              </ul>
            ) : null}
          </CardBody>
        </Card>
      </aside>

      <Dialog open={deleting} onOpenChange={setDeleting} title="Delete this segment?" description="Contacts are not touched; campaigns already sent keep their recipients.">
        {remove.error ? <Alert>{errText(remove.error, "The segment could not be deleted.")}</Alert> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(false)}>Cancel</Button>
          <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>Delete segment</Button>
        </div>
      </Dialog>
    </div>
  );
}
