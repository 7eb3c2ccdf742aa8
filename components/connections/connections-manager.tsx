"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plug } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ConnectionForm, type ConnectionPayload } from "./connection-form";
import { InboundCredentialsNotice } from "./inbound-credentials";
import type { ConnectionView, InboundCredentials } from "./types";

const KEY = ["connections"];

export function ConnectionsManager({ initial, simulatorUrl }: { initial: ConnectionView[]; simulatorUrl: string }) {
  const qc = useQueryClient();
  const { data: connections = initial } = useQuery({ queryKey: KEY, queryFn: () => api<ConnectionView[]>("/api/connections"), initialData: initial });
  const [editing, setEditing] = useState<ConnectionView | "new" | null>(null);
  const [shown, setShown] = useState<{ name: string; inbound: InboundCredentials } | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  const save = useMutation({
    mutationFn: async (p: ConnectionPayload) =>
      editing === "new"
        ? api<{ connection: ConnectionView; inbound: InboundCredentials }>("/api/connections", { method: "POST", json: p })
        : { connection: await api<ConnectionView>(`/api/connections/${(editing as ConnectionView).id}`, { method: "PUT", json: p }) },
    onSuccess: (r) => {
      if ("inbound" in r && r.inbound) setShown({ name: r.connection.name, inbound: r.inbound });
      setEditing(null);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const act = useMutation({
    mutationFn: async ({ c, action }: { c: ConnectionView; action: "test" | "simulator" | "secret" | "delete" }) => {
      if (action === "delete") return api(`/api/connections/${c.id}`, { method: "DELETE" });
      return api<unknown>(`/api/connections/${c.id}/${action}`, { method: "POST" });
    },
    onSuccess: (r, { c, action }) => {
      if (action === "test") {
        const t = r as { ok: boolean; detail: string; ms: number };
        setMessage({ tone: t.ok ? "success" : "error", text: `${c.name}: ${t.detail} (${t.ms} ms)` });
      } else if (action === "secret") setShown({ name: c.name, inbound: r as InboundCredentials });
      else if (action === "simulator") setShown({ name: c.name, inbound: (r as { inbound: InboundCredentials }).inbound });
      else setMessage({ tone: "success", text: `${c.name} was deleted.` });
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e, { c }) => setMessage({ tone: "error", text: `${c.name}: ${e instanceof Error ? e.message : String(e)}` }),
  });

  return (
    <div className="space-y-4">
      {shown ? <InboundCredentialsNotice name={shown.name} inbound={shown.inbound} onDismiss={() => setShown(null)} /> : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {connections.length === 0 ? (
        <EmptyState icon={Plug} title="No carrier connection yet" action={<Button onClick={() => setEditing("new")}>Add a connection</Button>}>
          A carrier connection is how Postino hands messages to an operator&apos;s MMS Centre (MM7). Add the URL and credentials your carrier gave you, or choose &quot;Use the built-in simulator&quot; to try everything first.
        </EmptyState>
      ) : (
        <Card>
          <CardHeader title="Carrier connections" description="Where messages are submitted (MM7), and where delivery reports and replies come back." actions={<Button onClick={() => setEditing("new")}>Add a connection</Button>} />
          <CardBody className="divide-y divide-slate-100 p-0">
            {connections.map((c) => (
              <div key={c.id} className="flex flex-col gap-3 px-5 py-4 lg:flex-row lg:items-start lg:justify-between" data-testid="connection-row">
                <div className="min-w-0 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{c.name}</span>
                    {c.lastTestResult ? <Badge tone={c.lastTestResult.ok ? "green" : "red"}>{c.lastTestResult.ok ? "Test passed" : "Test failed"}</Badge> : <Badge>Not tested</Badge>}
                    <Badge tone="blue">{c.namespace} · {c.mm7Version}</Badge>
                  </div>
                  <p className="truncate text-sm text-slate-600">{c.url}</p>
                  <p className="text-xs text-slate-500">
                    Sender {c.senderAddress} ({c.senderType === "shortcode" ? "short code" : "number"}) · {c.maxPerSecond}/s · {Math.round(c.maxMessageBytes / 1024)} KB max · VASP {c.vaspId}
                  </p>
                  <p className="break-all text-xs text-slate-500">Inbound (give this to the carrier): {c.inboundUrl} · user {c.inboundUsername}</p>
                  {c.lastTestResult && c.lastTestAt ? <p className="text-xs text-slate-500">Last test {new Date(c.lastTestAt).toLocaleString()}: {c.lastTestResult.detail}</p> : null}
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button size="sm" variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ c, action: "test" })}>Test connection</Button>
                  <Button size="sm" variant="secondary" onClick={() => { save.reset(); setEditing(c); }}>Edit</Button>
                  <Button size="sm" variant="ghost" disabled={act.isPending} onClick={() => confirm("Point this connection at the built-in simulator? Its inbound secret changes.") && act.mutate({ c, action: "simulator" })}>Use simulator</Button>
                  <Button size="sm" variant="ghost" disabled={act.isPending} onClick={() => confirm("Make a new inbound secret? The carrier must be given the new one.") && act.mutate({ c, action: "secret" })}>New inbound secret</Button>
                  <Button size="sm" variant="ghost" className="text-red-700" disabled={act.isPending} onClick={() => confirm(`Delete ${c.name}? Campaigns using it stop sending.`) && act.mutate({ c, action: "delete" })}>Delete</Button>
                </div>
              </div>
            ))}
          </CardBody>
        </Card>
      )}
      <Dialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} title={editing === "new" ? "New carrier connection" : "Edit carrier connection"} description="MM7 settings from your carrier's onboarding sheet.">
        {editing !== null ? (
          <ConnectionForm
            key={editing === "new" ? "new" : editing.id}
            initial={editing === "new" ? undefined : editing}
            simulatorUrl={simulatorUrl}
            busy={save.isPending}
            error={save.error instanceof Error ? save.error.message : null}
            onSubmit={(p) => save.mutate(p)}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
