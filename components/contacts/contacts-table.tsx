"use client";
// The contacts table: keyset pages from the server ("Load more" asks for the next page after the
// last id), a debounced search, filters by tag, consent and segment, and bulk actions on a selection
// or on everything the filter matches. Export downloads the same filter as CSV.
import Link from "next/link";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Search, Tag, Trash2, X } from "lucide-react";
import { useMemo, useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { ConsentBadge, filterQuery, fullName, type ContactFilter, type ContactPage } from "./format";
import { useDebounced } from "./use-debounced";

type Bulk = { action: "tag" | "untag" | "delete"; tag?: string };

export function ContactsTable({ initial, canWrite, canExport }: { initial: ContactPage; canWrite: boolean; canExport: boolean }) {
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [consent, setConsent] = useState("");
  const [segmentId, setSegmentId] = useState("");
  const q = useDebounced(search.trim(), 300);
  const filter: ContactFilter = useMemo(() => ({ q, tag, consent, segmentId }), [q, tag, consent, segmentId]);
  const qs = filterQuery(filter);
  const unfiltered = qs === "";

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [bulkTag, setBulkTag] = useState("");
  const [confirm, setConfirm] = useState<Bulk | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = useInfiniteQuery({
    queryKey: ["contacts", "list", qs],
    queryFn: ({ pageParam }) => api<ContactPage>(`/api/contacts?${qs}${qs ? "&" : ""}limit=50${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: unfiltered ? { pages: [initial], pageParams: [""] } : undefined,
    placeholderData: (prev) => prev,
  });
  const count = useQuery({ queryKey: ["contacts", "count", qs], queryFn: () => api<{ count: number }>(`/api/contacts/count?${qs}`) });
  const tags = useQuery({ queryKey: ["contacts", "tags"], queryFn: () => api<{ tags: Array<{ tag: string; count: number }> }>("/api/contacts/tags"), staleTime: 60_000 });
  const segments = useQuery({ queryKey: ["segments", "list"], queryFn: () => api<Array<{ id: string; name: string }>>("/api/segments"), staleTime: 60_000 });

  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = count.data?.count;
  // Until the rows for the current filter arrive, the previous rows stay on screen (no flash of an
  // empty table) but dimmed, and the count waits with them: a count that does not describe the
  // rows shown is worse than none.
  const stale = list.isPlaceholderData;
  const selectionSize = allMatching ? (total ?? 0) : selected.size;
  const clearSelection = () => { setSelected(new Set()); setAllMatching(false); };
  const setF = (fn: (v: string) => void) => (e: { target: { value: string } }) => { fn(e.target.value); clearSelection(); };

  const bulk = useMutation({
    mutationFn: (b: Bulk) => {
      const { q: fq, tag: ft, consent: fc, segmentId: fs } = filter;
      const target = allMatching
        ? { filter: { ...(fq ? { q: fq } : {}), ...(ft ? { tag: ft } : {}), ...(fc ? { consent: fc } : {}), ...(fs ? { segmentId: fs } : {}) } }
        : { ids: [...selected] };
      return api<{ affected: number }>("/api/contacts/bulk", { method: "POST", json: { action: b.action, ...(b.tag ? { tag: b.tag } : {}), ...target } });
    },
    onSuccess: (r, b) => {
      setNotice(b.action === "delete" ? `${r.affected} contacts deleted.` : b.action === "tag" ? `Tag "${b.tag}" added to ${r.affected} contacts.` : `Tag "${b.tag}" removed from ${r.affected} contacts.`);
      setConfirm(null);
      clearSelection();
      qc.invalidateQueries({ queryKey: ["contacts"] });
    },
  });

  const pageIds = rows.map((r) => r.id);
  const allOnScreen = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); setAllMatching(false); return n; });
  const toggleScreen = () => { setAllMatching(false); setSelected(allOnScreen ? new Set() : new Set(pageIds)); };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full sm:w-72">
          <Search className="pointer-events-none absolute left-3 top-3 h-4 w-4 text-slate-400" aria-hidden />
          <Input className="pl-9" value={search} onChange={setF(setSearch)} placeholder="Search by name or number" aria-label="Search contacts" />
        </div>
        <Select className="w-full sm:w-40" value={tag} onChange={setF(setTag)} aria-label="Filter by tag">
          <option value="">All tags</option>
          {(tags.data?.tags ?? []).map((t) => <option key={t.tag} value={t.tag}>{t.tag} ({t.count})</option>)}
        </Select>
        <Select className="w-full sm:w-40" value={consent} onChange={setF(setConsent)} aria-label="Filter by consent">
          <option value="">Any consent</option>
          <option value="subscribed">Subscribed</option>
          <option value="never_asked">Never asked</option>
          <option value="unsubscribed">Opted out</option>
        </Select>
        <Select className="w-full sm:w-48" value={segmentId} onChange={setF(setSegmentId)} aria-label="Filter by segment">
          <option value="">All contacts</option>
          {(segments.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
        {canExport ? (
          <Button asChild variant="secondary" className="sm:ml-auto">
            <a href={`/api/contacts/export${qs ? `?${qs}` : ""}`} download><Download className="h-4 w-4" aria-hidden />Export CSV</a>
          </Button>
        ) : null}
      </div>

      <p className="text-sm text-slate-500" data-testid="contacts-count">
        {total === undefined || stale ? "Counting…" : `${total.toLocaleString("en-GB")} ${total === 1 ? "contact" : "contacts"}${unfiltered ? "" : " match"}`}
      </p>
      {notice ? <Alert tone="success">{notice}</Alert> : null}

      {canWrite && selectionSize > 0 ? (
        <div className="flex flex-wrap items-center gap-2 rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm" data-testid="bulk-bar">
          <span className="font-medium text-brand-700">{selectionSize.toLocaleString("en-GB")} selected</span>
          {!allMatching && allOnScreen && total !== undefined && total > selected.size ? (
            <button className="text-brand-700 underline" onClick={() => setAllMatching(true)}>Select all {total.toLocaleString("en-GB")} matching</button>
          ) : null}
          <div className="flex flex-1 flex-wrap items-center gap-2 sm:justify-end">
            <Input className="h-8 w-36" value={bulkTag} onChange={(e) => setBulkTag(e.target.value)} placeholder="tag" aria-label="Tag for the selection" />
            <Button size="sm" variant="secondary" disabled={!bulkTag.trim()} onClick={() => setConfirm({ action: "tag", tag: bulkTag.trim() })}><Tag className="h-4 w-4" aria-hidden />Add tag</Button>
            <Button size="sm" variant="secondary" disabled={!bulkTag.trim()} onClick={() => setConfirm({ action: "untag", tag: bulkTag.trim() })}>Remove tag</Button>
            <Button size="sm" variant="danger" onClick={() => setConfirm({ action: "delete" })}><Trash2 className="h-4 w-4" aria-hidden />Delete</Button>
            <Button size="sm" variant="ghost" onClick={clearSelection} aria-label="Clear selection"><X className="h-4 w-4" /></Button>
          </div>
        </div>
      ) : null}

      <Card className="overflow-hidden">
        <Table>
          <thead>
            <tr>
              {canWrite ? <Th className="w-10"><input type="checkbox" checked={allOnScreen} onChange={toggleScreen} aria-label="Select all on screen" /></Th> : null}
              <Th>Name</Th><Th>Number</Th><Th>Consent</Th><Th className="hidden md:table-cell">Tags</Th><Th className="hidden lg:table-cell">Added</Th>
            </tr>
          </thead>
          <tbody aria-busy={stale} className={stale ? "opacity-50 transition-opacity" : undefined}>
            {rows.map((c) => (
              <tr key={c.id} data-testid="contact-row" className={selected.has(c.id) || allMatching ? "bg-brand-50/50" : undefined}>
                {canWrite ? <Td><input type="checkbox" checked={allMatching || selected.has(c.id)} onChange={() => toggle(c.id)} aria-label={`Select ${fullName(c) || c.phone}`} /></Td> : null}
                <Td className="max-w-[10rem] truncate font-medium sm:max-w-xs"><Link className="hover:underline" href={`/contacts/${c.id}`}>{fullName(c) || <span className="text-slate-400">No name</span>}</Link></Td>
                <Td className="whitespace-nowrap font-mono text-xs text-slate-600"><Link href={`/contacts/${c.id}`}>{c.phone}</Link></Td>
                <Td><ConsentBadge state={c.consent} /></Td>
                <Td className="hidden md:table-cell"><div className="flex flex-wrap gap-1">{c.tags.slice(0, 4).map((t) => <Badge key={t}>{t}</Badge>)}{c.tags.length > 4 ? <span className="text-xs text-slate-400">+{c.tags.length - 4}</span> : null}</div></Td>
                <Td className="hidden whitespace-nowrap text-slate-500 lg:table-cell">{new Date(c.createdAt).toLocaleDateString("en-GB", { dateStyle: "medium" })}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {!rows.length && !list.isFetching ? <p className="px-5 py-6 text-sm text-slate-500">No contact matches these filters.</p> : null}
        {list.error ? <div className="p-4"><Alert>{(list.error as Error).message}</Alert></div> : null}
      </Card>
      {list.hasNextPage ? (
        <div className="text-center"><Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>{list.isFetchingNextPage ? "Loading…" : "Load more"}</Button></div>
      ) : null}

      <Dialog open={!!confirm} onOpenChange={(o) => { if (!o) { setConfirm(null); bulk.reset(); } }} title={confirm?.action === "delete" ? "Delete contacts?" : confirm?.action === "tag" ? "Add a tag?" : "Remove a tag?"}>
        <p className="text-sm text-slate-600" data-testid="bulk-confirm">
          {confirm?.action === "delete"
            ? `This deletes ${selectionSize.toLocaleString("en-GB")} contacts with their consent history. Messages already sent stay in the reports. This cannot be undone.`
            : `${confirm?.action === "tag" ? "Add" : "Remove"} the tag "${confirm?.tag}" ${confirm?.action === "tag" ? "to" : "from"} ${selectionSize.toLocaleString("en-GB")} contacts.`}
        </p>
        {bulk.error ? <div className="mt-3"><Alert>{bulk.error instanceof ApiError ? bulk.error.message : "That did not work."}</Alert></div> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>Cancel</Button>
          <Button variant={confirm?.action === "delete" ? "danger" : "primary"} disabled={bulk.isPending} onClick={() => confirm && bulk.mutate(confirm)}>
            {bulk.isPending ? "Working…" : confirm?.action === "delete" ? `Delete ${selectionSize.toLocaleString("en-GB")}` : "Confirm"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
