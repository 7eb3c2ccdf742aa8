"use client";
// Left pane: the workspace's conversations, newest activity first; filter, search, load more. Polls
// every 3 s so a reply arriving shows up (and moves to the top) on its own.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ImageIcon, Search } from "lucide-react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { useDebounced } from "@/components/contacts/use-debounced";
import type { ConversationPage, ConversationRow } from "@/lib/inbox/types";
import { shortWhen } from "./format";

export type ListStatus = "open" | "closed" | "all";
const FILTERS: Array<{ value: ListStatus; label: string }> = [
  { value: "open", label: "Open" },
  { value: "closed", label: "Closed" },
  { value: "all", label: "All" },
];

export function conversationListKey(status: ListStatus, q: string) {
  return ["inbox", "list", status, q] as const;
}

export function ConversationList({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const [status, setStatus] = useState<ListStatus>("open");
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 300);
  const list = useInfiniteQuery({
    queryKey: conversationListKey(status, query),
    queryFn: ({ pageParam }) => {
      const sp = new URLSearchParams({ status, ...(query ? { q: query } : {}), ...(pageParam ? { cursor: pageParam } : {}) });
      return api<ConversationPage>(`/api/inbox?${sp}`);
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: 3000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="flex min-h-0 flex-col gap-3">
      <div role="tablist" aria-label="Which conversations" className="flex gap-1 rounded-lg bg-slate-100 p-1">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            role="tab"
            aria-selected={status === f.value}
            onClick={() => setStatus(f.value)}
            className={cn("flex-1 rounded-md px-3 py-1.5 text-sm font-medium text-slate-600", status === f.value && "bg-white text-slate-900 shadow-sm")}
          >
            {f.label}
          </button>
        ))}
      </div>
      <label className="relative block">
        <span className="sr-only">Search conversations by name or number</span>
        <Search className="pointer-events-none absolute left-3 top-3 h-4 w-4 text-slate-400" aria-hidden />
        <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or number" className="pl-9" />
      </label>
      {list.error ? <Alert>{(list.error as Error).message}</Alert> : null}
      <ul className="min-h-0 flex-1 overflow-auto rounded-xl border border-slate-200 bg-white lg:max-h-[calc(100vh-16rem)]" aria-label="Conversations">
        {rows.map((r) => (
          <ConversationItem key={r.id} row={r} active={r.id === selected} onSelect={onSelect} />
        ))}
        {list.isLoading ? <li className="px-4 py-3 text-sm text-slate-500">Loading conversations…</li> : null}
        {!list.isLoading && rows.length === 0 ? (
          <li className="px-4 py-6 text-center text-sm text-slate-500">
            {query ? "No conversation matches this name or number." : status === "open" ? "No open conversation: you are all caught up." : status === "closed" ? "No closed conversation yet." : "No conversation yet."}
          </li>
        ) : null}
        {list.hasNextPage ? (
          <li className="p-2">
            <Button variant="ghost" size="sm" className="w-full" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? "Loading…" : "Load older conversations"}
            </Button>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function ConversationItem({ row, active, onSelect }: { row: ConversationRow; active: boolean; onSelect: (id: string) => void }) {
  const s = row.snippet;
  const unread = row.unreadCount > 0;
  return (
    <li>
      <button
        type="button"
        onClick={() => onSelect(row.id)}
        aria-current={active ? "true" : undefined}
        data-testid="conversation"
        className={cn("flex w-full flex-col gap-0.5 border-b border-slate-100 px-4 py-3 text-left hover:bg-slate-50", active && "bg-brand-50 hover:bg-brand-50")}
      >
        <span className="flex items-center gap-2">
          <span className={cn("min-w-0 flex-1 truncate text-sm text-slate-900", unread ? "font-semibold" : "font-medium")}>{row.contact.name ?? row.contact.phone}</span>
          <span className="shrink-0 text-xs text-slate-500">{shortWhen(row.lastMessageAt)}</span>
        </span>
        {row.contact.name ? <span className="font-mono text-xs text-slate-500">{row.contact.phone}</span> : null}
        <span className="flex items-center gap-2">
          <span className={cn("min-w-0 flex-1 truncate text-sm", unread ? "text-slate-800" : "text-slate-500")}>
            {s?.pictures ? <ImageIcon className="mr-1 inline h-3.5 w-3.5 align-[-2px]" aria-label="picture" /> : null}
            {s?.text ?? (s?.pictures ? "Picture" : "No message")}
          </span>
          {row.status === "closed" ? <Badge>closed</Badge> : null}
          {unread ? (
            <span className="inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white" aria-label={`${row.unreadCount} unread`}>
              {row.unreadCount}
            </span>
          ) : null}
        </span>
      </button>
    </li>
  );
}
