"use client";
// One virtual handset: its alerts (decoded m-notification-ind), SMS for phones without MMS, the opened message as
// slides, and a reply box. Polls every 2 s so a message sent from a campaign shows up on its own.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bell, MessageSquare } from "lucide-react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { MessageView, PhoneView } from "@/lib/phones/simulator";
import type { TestPhone } from "@/lib/phones/service";
import { MessageSlides } from "./message-slides";
import { ReplyForm } from "./reply-form";

const kb = (n?: number) => (n === undefined ? "?" : n < 1024 ? `${n} B` : `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`);
const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : "—");
const STATE_TONE: Record<string, "green" | "amber" | "red" | "gray" | "blue"> = {
  retrieved: "green",
  sms: "green",
  notified: "blue",
  deferred: "amber",
  legacy: "amber",
  expired: "red",
  rejected: "red",
  cancelled: "gray",
};

export function Handset({ phone }: { phone: TestPhone }) {
  const base = `/api/phones/${phone.id}`;
  const qc = useQueryClient();
  const view = useQuery({ queryKey: ["phone", phone.id], queryFn: () => api<PhoneView>(base), refetchInterval: 2000 });
  const [opened, setOpened] = useState<MessageView | null>(null);
  const open = useMutation({
    mutationFn: (messageId: string) => api<MessageView>(`${base}/messages/${encodeURIComponent(messageId)}`, { method: "POST" }),
    onSuccess: (m) => {
      setOpened(m);
      void qc.invalidateQueries({ queryKey: ["phone", phone.id] });
    },
  });
  const read = useMutation({
    mutationFn: (messageId: string) => api(`${base}/messages/${encodeURIComponent(messageId)}/read`, { method: "POST" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["phone", phone.id] }),
  });

  const v = view.data;
  const replyTo = (v?.alerts[0]?.notification.from ?? v?.sms[0]?.from)?.replace(/\/TYPE=.*$/i, "");

  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
      <Card>
        <CardHeader
          title={<span className="font-mono">{phone.phone}</span>}
          description={phone.name || undefined}
          actions={
            v ? (
              <div className="flex flex-wrap gap-1.5">
                <Badge tone={v.profile.kind === "legacy" ? "amber" : "blue"}>{v.profile.kind === "legacy" ? "No MMS (SMS only)" : `MMS · ${v.profile.name}`}</Badge>
                {v.profile.kind !== "legacy" ? <Badge>{`up to ${kb(v.profile.maxBytes)} · ${v.profile.contentClass}`}</Badge> : null}
              </div>
            ) : null
          }
        />
        <CardBody className="space-y-4">
          {view.error ? <Alert>{(view.error as Error).message}</Alert> : null}
          {view.isLoading ? <p className="text-sm text-slate-500">Connecting to the simulator…</p> : null}
          {v && v.alerts.length === 0 && v.sms.length === 0 ? (
            <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500">
              Nothing received yet. Send a campaign (or a test message) to {phone.phone} through the simulator connection; it appears here within seconds.
            </div>
          ) : null}

          {v?.sms.length ? (
            <section aria-label="SMS">
              <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-700">
                <MessageSquare className="h-4 w-4" aria-hidden /> SMS
              </h3>
              <ul className="space-y-2">
                {v.sms.map((s) => (
                  <li key={s.messageId} className="max-w-md rounded-2xl rounded-tl-sm bg-slate-100 px-4 py-2.5 text-sm text-slate-800" data-testid="sms">
                    <div className="mb-1 text-xs text-slate-500">
                      {s.from} · {when(s.at)}
                    </div>
                    <p className="whitespace-pre-wrap break-words">{s.text}</p>
                    {s.link ? (
                      <a href={s.link} target="_blank" rel="noreferrer" className="mt-1 inline-block text-brand-700 underline">
                        Open the web view
                      </a>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {v?.alerts.length ? (
            <section aria-label="MMS alerts">
              <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-700">
                <Bell className="h-4 w-4" aria-hidden /> MMS alerts
              </h3>
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                {v.alerts.map((a) => (
                  <li key={a.messageId} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-testid="alert">
                    <div className="min-w-0 text-sm">
                      <div className="font-medium text-slate-900">{a.notification.subject ?? "(no subject)"}</div>
                      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-500">
                        <dt>From</dt>
                        <dd className="font-mono">{a.notification.from}</dd>
                        <dt>Size</dt>
                        <dd>{kb(a.notification.messageSize)}</dd>
                        <dt>Class</dt>
                        <dd>
                          {a.notification.messageClass}
                          {a.notification.contentClass ? ` · ${a.notification.contentClass}` : ""}
                        </dd>
                        <dt>Expires</dt>
                        <dd>{when(a.notification.expiry)}</dd>
                        <dt>Location</dt>
                        <dd className="truncate font-mono" title={a.notification.contentLocation}>
                          {a.notification.contentLocation}
                        </dd>
                      </dl>
                    </div>
                    <div className="flex items-center gap-2">
                      <Badge tone={STATE_TONE[a.state] ?? "gray"}>{a.read ? "read" : a.state}</Badge>
                      <Button size="sm" variant="secondary" onClick={() => open.mutate(a.messageId)} disabled={open.isPending || a.state === "cancelled" || a.state === "expired"}>
                        Open
                      </Button>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {open.error ? <Alert>{(open.error as Error).message}</Alert> : null}
        </CardBody>
      </Card>

      <div className="space-y-6">
        <Card>
          <CardHeader title="On the phone's screen" />
          <CardBody>
            {opened ? (
              <MessageSlides base={base} message={opened} onRead={() => read.mutate(opened.id)} readPending={read.isPending} />
            ) : (
              <p className="text-sm text-slate-500">Open an alert to see the message as this handset shows it.</p>
            )}
          </CardBody>
        </Card>
        <ReplyForm base={base} to={replyTo} replies={v?.replies ?? []} onSent={() => void qc.invalidateQueries({ queryKey: ["phone", phone.id] })} />
      </div>
    </div>
  );
}
