"use client";
// Reply as the recipient (text and/or a picture): the simulator sends it to Postino as an MO DeliverReq.
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import type { PhoneReply } from "@/lib/phones/simulator";

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function ReplyForm({ base, to, replies, onSent }: { base: string; to?: string; replies: PhoneReply[]; onSent: () => void }) {
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const send = useMutation({
    mutationFn: async () => {
      const image = file ? { imageBase64: await toBase64(file), imageType: file.type } : {};
      return api(`${base}/reply`, { method: "POST", json: { ...(to ? { to } : {}), ...(text.trim() ? { text: text.trim() } : {}), ...image } });
    },
    onSuccess: () => {
      setText("");
      setFile(null);
      if (fileRef.current) fileRef.current.value = "";
      onSent();
    },
  });
  return (
    <Card>
      <CardHeader title="Reply from this phone" description={to ? `To ${to}` : "Replies go to the last sender."} />
      <CardBody>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <Field label="Reply text" htmlFor="reply-text">
            <Textarea id="reply-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. STOP, or a question" maxLength={1600} />
          </Field>
          <Field label="Picture (optional)" htmlFor="reply-picture">
            <input
              id="reply-picture"
              ref={fileRef}
              type="file"
              accept="image/jpeg,image/png,image/gif,image/webp"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm"
            />
          </Field>
          {send.error ? <Alert>{(send.error as Error).message}</Alert> : null}
          <Button type="submit" disabled={send.isPending || (!text.trim() && !file)}>
            {send.isPending ? "Sending…" : "Send reply"}
          </Button>
        </form>
        {replies.length ? (
          <ul className="mt-4 space-y-2" aria-label="Sent replies">
            {replies.map((r) => (
              <li key={r.id} className="ml-auto max-w-[90%] rounded-2xl rounded-tr-sm bg-brand-50 px-3 py-2 text-sm" data-testid="reply">
                {r.text ? <p className="whitespace-pre-wrap break-words">{r.text}</p> : null}
                {r.image ? <p className="text-xs text-slate-500">Picture ({Math.round(r.image.size / 1024)} KB)</p> : null}
                <div className="mt-1 flex items-center justify-end gap-2 text-xs text-slate-500">
                  <span>{new Date(r.at).toLocaleTimeString()}</span>
                  <Badge tone={r.delivery === "delivered" ? "green" : r.delivery === "failed" ? "red" : "gray"}>
                    {r.delivery === "delivered" ? "delivered to Postino" : r.delivery}
                  </Badge>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </CardBody>
    </Card>
  );
}
