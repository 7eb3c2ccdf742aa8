"use client";
// The inbox's two panes: conversations on the left, the open thread on the right. At phone width they
// are two screens (the list, or the thread with a back button). The URL follows the open
// conversation (/inbox/<id>) so it can be shared and the browser's back button works.
import { useEffect, useState } from "react";
import { MessagesSquare } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { ConversationList } from "./conversation-list";
import { ThreadView } from "./thread-view";

const idFromPath = (p: string) => /^\/inbox\/([^/]+)$/.exec(p)?.[1] ?? null;

export function InboxView({ initialId, canReply }: { initialId: string | null; canReply: boolean }) {
  const [selected, setSelected] = useState<string | null>(initialId);
  useEffect(() => {
    const onPop = () => setSelected(idFromPath(window.location.pathname));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const select = (id: string | null) => {
    setSelected(id);
    const url = id ? `/inbox/${id}` : "/inbox";
    if (window.location.pathname !== url) window.history.pushState(null, "", url);
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
      <div className={cn(selected ? "hidden lg:flex" : "flex", "flex-col")}>
        <ConversationList selected={selected} onSelect={select} />
      </div>
      <div className={cn(selected ? "block" : "hidden lg:block")}>
        {selected ? (
          <ThreadView key={selected} id={selected} canReply={canReply} onBack={() => select(null)} />
        ) : (
          <div className="flex h-full min-h-[20rem] flex-col items-center justify-center rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
            <MessagesSquare className="mb-3 h-6 w-6 text-slate-400" aria-hidden />
            Pick a conversation to read it and reply.
          </div>
        )}
      </div>
    </div>
  );
}
