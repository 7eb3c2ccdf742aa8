"use client";
// The suppression list: numbers that never receive anything, whatever their consent says. Add by
// hand, import a file (through the same import screens as contacts), search, remove. Removing does
// not re-subscribe a contact: that needs new consent.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban, Search, Trash2, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { COUNTRIES, when } from "./format";
import { guessCountry, rememberCountry, useDebounced } from "./use-debounced";

type Row = { id: string; phone: string; reason: string | null; createdAt: string };
type Page = { items: Row[]; nextCursor: string | null };
const errText = (e: unknown, f: string) => (e instanceof ApiError ? e.message : f);

export function SuppressionsManager({ canWrite }: { canWrite: boolean }) {
  const qc = useQueryClient();
  const router = useRouter();
  const pick = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const [form, setForm] = useState({ phone: "", reason: "", defaultCountry: "IT" });
  useEffect(() => setForm((f) => ({ ...f, defaultCountry: guessCountry() })), []);
  const [notice, setNotice] = useState<string | null>(null);

  const list = useInfiniteQuery({
    queryKey: ["suppressions", q],
    queryFn: ({ pageParam }) => api<Page>(`/api/suppressions?${new URLSearchParams({ ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: "",
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
  const add = useMutation({
    mutationFn: () => api<{ phone: string; added: boolean }>("/api/suppressions", { method: "POST", json: { phone: form.phone, reason: form.reason || null, defaultCountry: form.defaultCountry } }),
    onSuccess: (r) => {
      rememberCountry(form.defaultCountry);
      setNotice(r.added ? `${r.phone} will never receive messages.` : `${r.phone} was already on the list.`);
      setForm((f) => ({ ...f, phone: "", reason: "" }));
      qc.invalidateQueries({ queryKey: ["suppressions"] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/suppressions/${id}`, { method: "DELETE" }),
    onSuccess: () => { setNotice("Removed. The contact stays opted out until it gives consent again."); qc.invalidateQueries({ queryKey: ["suppressions"] }); },
  });
  const upload = useMutation({
    mutationFn: (file: File) => { const fd = new FormData(); fd.append("file", file); return api<{ job: { id: string } }>("/api/suppressions/import", { method: "POST", body: fd }); },
    onSuccess: (r) => router.push(`/contacts/import/${r.job.id}`),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-6">
      {canWrite ? (
        <Card>
          <CardHeader title="Add numbers" description="Suppressed numbers are skipped by every campaign; a matching contact is marked opted out, with a note in its history." />
          <CardBody className="space-y-4">
            <form className="grid gap-3 sm:grid-cols-[1fr_10rem_1fr_auto] sm:items-end" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
              <Field label="Mobile number" htmlFor="sp-phone"><Input id="sp-phone" value={form.phone} onChange={(e) => setForm((f) => ({ ...f, phone: e.target.value }))} inputMode="tel" /></Field>
              <Field label="Country" htmlFor="sp-country"><Select id="sp-country" value={form.defaultCountry} onChange={(e) => setForm((f) => ({ ...f, defaultCountry: e.target.value }))}>{COUNTRIES.map(([c, n]) => <option key={c} value={c}>{n}</option>)}</Select></Field>
              <Field label="Reason" htmlFor="sp-reason"><Input id="sp-reason" value={form.reason} onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))} placeholder="asked by phone" /></Field>
              <Button type="submit" disabled={!form.phone.trim() || add.isPending}>Add</Button>
            </form>
            <div className="flex flex-wrap items-center gap-2 text-sm text-slate-500">
              <input ref={pick} type="file" hidden accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => { const f = e.target.files?.[0]; if (f) upload.mutate(f); e.target.value = ""; }} data-testid="suppression-file-input" />
              <Button variant="secondary" size="sm" onClick={() => pick.current?.click()} disabled={upload.isPending}><Upload className="h-4 w-4" aria-hidden />{upload.isPending ? "Uploading…" : "Import a file of numbers"}</Button>
              A CSV or Excel file with one number per row (other columns are ignored).
            </div>
            {add.error ? <Alert>{errText(add.error, "The number was not added.")}</Alert> : null}
            {upload.error ? <Alert>{errText(upload.error, "The upload failed.")}</Alert> : null}
          </CardBody>
        </Card>
      ) : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {remove.error ? <Alert>{errText(remove.error, "The number was not removed.")}</Alert> : null}

      {!rows.length && !q && !list.isFetching ? (
        <EmptyState icon={Ban} title="No suppressed numbers">
          Numbers that answer STOP are added here automatically. Add anyone who asked not to be contacted, or import a do-not-contact list you already keep.
        </EmptyState>
      ) : (
        <Card>
          <div className="border-b border-slate-100 p-3">
            <div className="relative sm:w-72">
              <Search className="pointer-events-none absolute left-3 top-3 h-4 w-4 text-slate-400" aria-hidden />
              <Input className="pl-9" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search a number" aria-label="Search suppressed numbers" />
            </div>
          </div>
          <Table>
            <thead><tr><Th>Number</Th><Th className="hidden sm:table-cell">Reason</Th><Th className="hidden md:table-cell">Added</Th>{canWrite ? <Th className="text-right">Remove</Th> : null}</tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="suppression-row">
                  <Td className="whitespace-nowrap font-mono text-xs">{r.phone}</Td>
                  <Td className="hidden max-w-xs truncate text-slate-600 sm:table-cell">{r.reason ?? "—"}</Td>
                  <Td className="hidden whitespace-nowrap text-slate-500 md:table-cell">{when(r.createdAt)}</Td>
                  {canWrite ? <Td className="text-right"><button className="text-slate-400 hover:text-red-600" aria-label={`Remove ${r.phone}`} onClick={() => { if (confirm(`Remove ${r.phone} from the suppression list? It stays opted out until it gives consent again.`)) remove.mutate(r.id); }}><Trash2 className="h-4 w-4" /></button></Td> : null}
                </tr>
              ))}
            </tbody>
          </Table>
          {!rows.length ? <p className="px-5 py-6 text-sm text-slate-500">No suppressed number matches.</p> : null}
        </Card>
      )}
      {list.hasNextPage ? <div className="text-center"><Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>Load more</Button></div> : null}
    </div>
  );
}
