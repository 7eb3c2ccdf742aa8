"use client";
// Right pane: one conversation. Polls every 3 s (new replies appear and are read while it is open),
// shows pictures through the workspace-scoped parts route, closes and reopens, answers.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import Link from "next/link";
import { ArrowLeft, Paperclip, UserRound } from "lucide-react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { Thread, ThreadItem } from "@/lib/inbox/types";
import { fullWhen, shortWhen } from "./format";
import { ReplyBox } from "./reply-box";

const STATUS: Record<string, { label: string; tone: Tone }> = {
  submitting: { label: "sending", tone: "gray" },
  submitted: { label: "sent", tone: "blue" },
  delivered: { label: "delivered", tone: "green" },
  read: { label: "read", tone: "green" },
  failed: { label: "not sent", tone: "red" },
  unknown: { label: "outcome unknown", tone: "amber" },
  skipped: { label: "not sent", tone: "red" },
};

export function ThreadView({ id, canReply, onBack }: { id: string; canReply: boolean; onBack: () => void }) {
  const qc = useQueryClient();
  const thread = useQuery({ queryKey: ["inbox", "thread", id], queryFn: () => api<Thread>(`/api/inbox/${id}`), refetchInterval: 3000 });
  const refreshList = () => void qc.invalidateQueries({ queryKey: ["inbox", "list"] });
  const setStatus = useMutation({
    mutationFn: (status: "open" | "closed") => api(`/api/inbox/${id}`, { method: "PATCH", json: { status } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["inbox", "thread", id] });
      refreshList();
    },
  });

  // Opening read it on the server: let the list drop its unread badge now, not at its next poll.
  const opened = thread.isSuccess;
  useEffect(() => {
    if (opened) refreshList();
  }, [opened, id]);

  const endRef = useRef<HTMLDivElement>(null);
  const count = thread.data?.items.length ?? 0;
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [count, id]);

  const t = thread.data;
  return (
    <Card className="flex min-h-[28rem] flex-col overflow-hidden lg:h-[calc(100vh-12rem)]">
      <div className="flex items-center gap-3 border-b border-slate-100 px-4 py-3">
        <Button variant="ghost" size="sm" className="lg:hidden" onClick={onBack} aria-label="Back to conversations">
          <ArrowLeft className="h-4 w-4" aria-hidden />
        </Button>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-base font-semibold text-slate-900">{t ? (t.contact.name ?? t.contact.phone) : "Conversation"}</h2>
          {t?.contact.name ? <p className="font-mono text-xs text-slate-500">{t.contact.phone}</p> : null}
        </div>
        {t?.contact.consent === "unsubscribed" ? <Badge tone="red">opted out</Badge> : null}
        {t ? (
          <Button variant="ghost" size="sm" asChild>
            <Link href={`/contacts/${t.contact.id}`} aria-label="Open the contact">
              <UserRound className="h-4 w-4" aria-hidden />
              <span className="hidden sm:inline">Contact</span>
            </Link>
          </Button>
        ) : null}
        {t && canReply ? (
          <Button variant="secondary" size="sm" disabled={setStatus.isPending} onClick={() => setStatus.mutate(t.status === "open" ? "closed" : "open")}>
            {t.status === "open" ? "Close" : "Reopen"}
          </Button>
        ) : null}
      </div>

      <div className="flex-1 space-y-3 overflow-auto bg-slate-50 px-4 py-4" aria-live="polite" aria-label="Messages">
        {thread.error ? <Alert>{(thread.error as Error).message}</Alert> : null}
        {thread.isLoading ? <p className="text-sm text-slate-500">Loading the conversation…</p> : null}
        {t?.truncated ? <p className="text-center text-xs text-slate-500">Older messages are not shown.</p> : null}
        {t?.status === "closed" ? <p className="text-center text-xs text-slate-500">This conversation is closed; a new reply from the contact reopens it.</p> : null}
        {t?.items.map((item) => <Bubble key={`${item.kind}-${item.id}`} item={item} />)}
        <div ref={endRef} />
      </div>

      {t ? <ReplyBox conversationId={t.id} blocked={t.replyBlocked} canReply={canReply} onSent={() => void qc.invalidateQueries({ queryKey: ["inbox", "thread", id] })} /> : null}
    </Card>
  );
}

function Bubble({ item }: { item: ThreadItem }) {
  const mine = item.kind === "out";
  return (
    <div className={cn("flex", mine ? "justify-end" : "justify-start")} data-testid={mine ? "reply" : "inbound"}>
      <div className={cn("max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-sm sm:max-w-[70%]", mine ? "rounded-tr-sm bg-brand-600 text-white" : "rounded-tl-sm bg-white text-slate-900")}>
        {item.kind === "in" ? (
          <>
            {item.subject ? <p className="mb-1 text-xs font-semibold">{item.subject}</p> : null}
            {item.parts.map((p) =>
              p.contentType.startsWith("image/") ? (
                <a key={p.index} href={p.url} target="_blank" rel="noreferrer" className="mb-1 block">
                  <img src={p.url} alt="Picture sent by the contact" className="max-h-64 rounded-lg object-contain" loading="lazy" />
                </a>
              ) : (
                <a key={p.index} href={p.url} className="mb-1 flex items-center gap-1 underline" download>
                  <Paperclip className="h-3.5 w-3.5" aria-hidden /> {p.contentType} ({Math.max(1, Math.round(p.size / 1024))} KB)
                </a>
              ),
            )}
            {item.text ? <p className="whitespace-pre-wrap break-words">{item.text}</p> : null}
            {item.keyword ? <Badge tone="violet" className="mt-1">keyword {item.keyword}: handled automatically</Badge> : null}
          </>
        ) : (
          <p className="whitespace-pre-wrap break-words">{item.text}</p>
        )}
        <div className={cn("mt-1 flex flex-wrap items-center justify-end gap-2 text-xs", mine ? "text-brand-100" : "text-slate-500")}>
          {item.kind === "out" && item.by ? <span>{item.by}</span> : null}
          <time dateTime={item.at} title={fullWhen(item.at)}>{shortWhen(item.at)}</time>
          {item.kind === "out" ? <Badge tone={STATUS[item.status]?.tone ?? "gray"}>{STATUS[item.status]?.label ?? item.status}</Badge> : null}
        </div>
        {item.kind === "out" && item.reason && (item.status === "failed" || item.status === "unknown") ? <p className="mt-1 text-xs text-brand-100">{item.reason}</p> : null}
      </div>
    </div>
  );
}
