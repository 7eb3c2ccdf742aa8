"use client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { InboundCredentials } from "./types";

/** The inbound secret exists in clear only in this answer: say so, and make copying easy. */
export function InboundCredentialsNotice({ name, inbound, onDismiss }: { name: string; inbound: InboundCredentials; onDismiss: () => void }) {
  const rows: Array<[string, string]> = [["URL", inbound.url], ["Username", inbound.username], ["Secret", inbound.secret]];
  return (
    <Alert tone="warning">
      <p className="font-medium">Credentials for {name} to reach Postino (delivery reports and replies)</p>
      <p className="mt-1">Copy the secret now: it is shown only this once. If it is lost, make a new one.</p>
      <dl className="mt-3 space-y-2">
        {rows.map(([k, v]) => (
          <div key={k} className="flex flex-col gap-1 sm:flex-row sm:items-center">
            <dt className="w-24 shrink-0 text-xs uppercase tracking-wide">{k}</dt>
            <dd className="flex min-w-0 items-center gap-2">
              <code className="break-all rounded bg-white/70 px-2 py-1 text-xs" data-testid={`inbound-${k.toLowerCase()}`}>{v}</code>
              <Button size="sm" variant="secondary" type="button" onClick={() => navigator.clipboard?.writeText(v)}>Copy</Button>
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-3"><Button size="sm" variant="ghost" onClick={onDismiss}>I have saved it</Button></div>
    </Alert>
  );
}
