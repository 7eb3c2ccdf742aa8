"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import type { ConnectionView } from "./types";

const NAMESPACES = ["REL-5-MM7-1-0", "REL-5-MM7-1-1", "REL-5-MM7-1-2", "REL-5-MM7-1-3", "REL-5-MM7-1-4", "REL-5-MM7-1-5", "REL-6-MM7-1-0", "REL-6-MM7-1-1", "REL-6-MM7-1-2", "REL-6-MM7-1-3", "REL-6-MM7-1-4"];

export type ConnectionPayload = Record<string, unknown> & { useSimulator?: boolean };

function retryTableText(t: Record<string, string> | undefined): string {
  return Object.entries(t ?? {}).map(([k, v]) => `${k}=${v}`).join("\n");
}

function parseRetryTable(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\n|,/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}|client|server|service)\s*[=:]\s*(retry|permanent)$/i.exec(line);
    if (!m) return `"${line}" is not like 4006=retry or 2002=permanent.`;
    out[m[1].toLowerCase()] = m[2].toLowerCase();
  }
  return out;
}

/** Create or edit one connection. `simulatorUrl` fills the built-in MMSC simulator's address. */
export function ConnectionForm({ initial, simulatorUrl, busy, error, onSubmit }: { initial?: ConnectionView; simulatorUrl: string; busy: boolean; error: string | null; onSubmit: (p: ConnectionPayload) => void }) {
  const [url, setUrl] = useState(initial?.url ?? "");
  const [useSimulator, setUseSimulator] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setLocalError(null);
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const retryTable = parseRetryTable(s("retryTable"));
    if (typeof retryTable === "string") return setLocalError(retryTable);
    const password = String(f.get("password") ?? "");
    onSubmit({
      name: s("name"), url: s("url"), username: s("username") || null,
      // Empty on edit = keep the stored password.
      ...(password || !initial ? { password: password || null } : {}),
      vaspId: s("vaspId"), vasId: s("vasId") || null, namespace: s("namespace"), mm7Version: s("mm7Version"), usePrefix: f.get("usePrefix") === "on",
      senderAddress: s("senderAddress"), senderType: s("senderType"),
      maxPerSecond: Number(s("maxPerSecond")), maxMessageBytes: Math.round(Number(s("maxMessageKb")) * 1024), timeoutMs: Math.round(Number(s("timeoutS")) * 1000),
      retryTable,
      ...(useSimulator ? { useSimulator: true } : {}),
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <Field label="Name" htmlFor="c-name"><Input id="c-name" name="name" required defaultValue={initial?.name ?? ""} placeholder="e.g. Vodafone IT" /></Field>
      <Field label="MMSC MM7 URL" htmlFor="c-url" hint={useSimulator ? "The built-in simulator: credentials are generated and registered with it for you." : "The address your carrier gave you for MM7 SubmitReq."}>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input id="c-url" name="url" type="url" required value={url} onChange={(e) => { setUrl(e.target.value); setUseSimulator(false); }} placeholder="https://mmsc.example.net/mm7" />
          {!initial ? (
            <Button type="button" variant="secondary" onClick={() => { setUrl(simulatorUrl); setUseSimulator(true); }}>Use the built-in simulator</Button>
          ) : null}
        </div>
      </Field>
      {!useSimulator ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Username" htmlFor="c-user"><Input id="c-user" name="username" autoComplete="off" defaultValue={initial?.username ?? ""} /></Field>
          <Field label="Password" htmlFor="c-pass" hint={initial?.hasPassword ? "Leave empty to keep the current one." : undefined}><Input id="c-pass" name="password" type="password" autoComplete="new-password" /></Field>
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="VASP ID" htmlFor="c-vasp"><Input id="c-vasp" name="vaspId" required defaultValue={initial?.vaspId ?? ""} /></Field>
        <Field label="VAS ID (optional)" htmlFor="c-vas"><Input id="c-vas" name="vasId" defaultValue={initial?.vasId ?? ""} /></Field>
        <Field label="Namespace" htmlFor="c-ns">
          <Select id="c-ns" name="namespace" defaultValue={initial?.namespace ?? "REL-6-MM7-1-4"}>{NAMESPACES.map((n) => <option key={n}>{n}</option>)}</Select>
        </Field>
        <Field label="MM7 version" htmlFor="c-ver"><Input id="c-ver" name="mm7Version" required defaultValue={initial?.mm7Version ?? "6.8.0"} pattern="\d+\.\d+\.\d+" /></Field>
        <Field label="Sender" htmlFor="c-sender" hint="The number or short code recipients see."><Input id="c-sender" name="senderAddress" required defaultValue={initial?.senderAddress ?? ""} /></Field>
        <Field label="Sender type" htmlFor="c-stype">
          <Select id="c-stype" name="senderType" defaultValue={initial?.senderType ?? "number"}><option value="number">Phone number</option><option value="shortcode">Short code</option></Select>
        </Field>
        <Field label="Max messages per second" htmlFor="c-mps"><Input id="c-mps" name="maxPerSecond" type="number" min={1} max={5000} required defaultValue={initial?.maxPerSecond ?? 50} /></Field>
        <Field label="Max message size (KB)" htmlFor="c-size"><Input id="c-size" name="maxMessageKb" type="number" min={10} max={4800} required defaultValue={Math.round((initial?.maxMessageBytes ?? 307200) / 1024)} /></Field>
        <Field label="Timeout (seconds)" htmlFor="c-timeout"><Input id="c-timeout" name="timeoutS" type="number" min={1} max={120} required defaultValue={(initial?.timeoutMs ?? 15000) / 1000} /></Field>
        <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
          <input type="checkbox" name="usePrefix" defaultChecked={initial?.usePrefix ?? true} className="h-4 w-4" /> Prefixed envelope (mm7:)
        </label>
      </div>
      <Field label="Retry table (optional)" htmlFor="c-retry" hint="One per line, overriding the MM7 defaults: 4006=retry, 3001=permanent, server=retry.">
        <Textarea id="c-retry" name="retryTable" rows={3} defaultValue={retryTableText(initial?.retryTable)} placeholder="3100=retry" />
      </Field>
      {localError ?? error ? <Alert>{localError ?? error}</Alert> : null}
      <div className="flex justify-end"><Button type="submit" disabled={busy}>{busy ? "Saving…" : initial ? "Save changes" : "Create connection"}</Button></div>
    </form>
  );
}
