"use client";
// The answer box. Disabled, with the reason, when the contact may not be messaged; one key per
// composed reply, so a double click or a retried request sends once.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Send } from "lucide-react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import type { ReplyResult } from "@/lib/inbox/types";
import { newReplyKey } from "./format";

const MAX = 1600;

export function ReplyBox({ conversationId, blocked, canReply, onSent }: { conversationId: string; blocked: string | null; canReply: boolean; onSent: () => void }) {
  const [text, setText] = useState("");
  const [key, setKey] = useState(newReplyKey);
  const send = useMutation({
    mutationFn: () => api<ReplyResult>(`/api/inbox/${conversationId}/reply`, { method: "POST", json: { text, key } }),
    onSuccess: (r) => {
      if (r.status !== "failed") {
        setText("");
        setKey(newReplyKey());
      } else {
        // Nothing went out: the same text may be sent again as a new attempt.
        setKey(newReplyKey());
      }
      onSent();
    },
  });
  const why = !canReply ? "Your role can read conversations but not answer them." : blocked;
  if (why) {
    return (
      <div className="border-t border-slate-100 p-4" data-testid="reply-blocked">
        <Alert tone="warning">{why}</Alert>
      </div>
    );
  }
  const failed = send.data?.status === "failed" ? send.data.reason : null;
  return (
    <form
      className="space-y-2 border-t border-slate-100 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) send.mutate();
      }}
    >
      <label htmlFor={`reply-${conversationId}`} className="sr-only">
        Your reply
      </label>
      <Textarea
        id={`reply-${conversationId}`}
        rows={3}
        value={text}
        maxLength={MAX}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && text.trim()) {
            e.preventDefault();
            send.mutate();
          }
        }}
        placeholder="Write a reply…"
      />
      {send.error ? <Alert>{(send.error as Error).message}</Alert> : null}
      {failed ? <Alert>The carrier did not take this reply: {failed}</Alert> : null}
      <div className="flex items-center justify-between gap-3">
        <span className="text-xs text-slate-500">
          {text.length}/{MAX} · sent as a text message through the number they wrote to
        </span>
        <Button type="submit" size="sm" disabled={send.isPending || !text.trim()}>
          <Send className="h-4 w-4" aria-hidden />
          {send.isPending ? "Sending…" : "Send"}
        </Button>
      </div>
    </form>
  );
}
