"use client";
// One contact: who it is, its tags (edited in place), consent with its ledger, the handset it
// reads messages on, what it received and what it answered. Changes go through PATCH
// /api/contacts/[id]; the server page is then refreshed so every card tells the same story.
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { Pencil, Send, Trash2, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { CONSENT_LABEL, ConsentBadge, HANDSET_LABEL, fullName, when } from "./format";

export type ContactView = {
  contact: {
    id: string; phone: string; firstName: string | null; lastName: string | null; locale: string | null; timeZone: string | null; country: string | null;
    attributes: Record<string, unknown>; tags: string[]; handsetClass: string; consent: string; consentAt: string | null; createdAt: string; updatedAt: string;
  };
  consent: Array<{ id: string; state: string; source: string; detail: string | null; occurredAt: string }>;
  messages: Array<{ id: string; status: string; reason: string | null; createdAt: string; submittedAt: string | null; deliveredAt: string | null; readAt: string | null; campaign: { id: string; name: string } | null }>;
  replies: Array<{ id: string; subject: string | null; text: string | null; keyword: string | null; receivedAt: string }>;
  suppressed: { reason: string | null; createdAt: string } | null;
};

const STATUS_TONE: Record<string, Tone> = { delivered: "green", read: "green", submitted: "blue", queued: "gray", failed: "red", expired: "red", rejected: "red", unknown: "amber" };
const SOURCE_LABEL: Record<string, string> = { import: "Import", form: "Form", keyword: "Keyword", manual: "By hand", api: "API", suppression: "Suppression list" };

const errText = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

export function ContactDetail({ view, canWrite, canSend }: { view: ContactView; canWrite: boolean; canSend: boolean }) {
  const router = useRouter();
  const c = view.contact;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [newTag, setNewTag] = useState("");
  const [consent, setConsent] = useState({ state: c.consent, detail: "" });

  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api(`/api/contacts/${c.id}`, { method: "PATCH", json: body }),
    onSuccess: () => { setNewTag(""); setConsent((s) => ({ ...s, detail: "" })); router.refresh(); },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/contacts/${c.id}`, { method: "DELETE" }),
    onSuccess: () => { router.push("/contacts"); router.refresh(); },
  });
  const addTag = () => { const t = newTag.trim(); if (t && !c.tags.includes(t)) patch.mutate({ tags: [...c.tags, t] }); };
  const attrs = Object.entries(c.attributes ?? {});
  const name = fullName(c);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm"><Link href="/contacts" className="text-brand-700 hover:underline">← Contacts</Link></p>
          <h1 className="mt-1 truncate text-2xl font-semibold tracking-tight text-slate-900">{name || c.phone}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500"><span className="font-mono">{c.phone}</span><ConsentBadge state={c.consent} />{view.suppressed ? <Badge tone="red">On the suppression list</Badge> : null}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canSend ? <Button asChild><Link href={`/campaigns/new?to=${c.id}`}><Send className="h-4 w-4" aria-hidden />Send message</Link></Button> : null}
          {canWrite ? <Button variant="secondary" onClick={() => setEditing(true)}><Pencil className="h-4 w-4" aria-hidden />Edit</Button> : null}
          {canWrite ? <Button variant="ghost" onClick={() => setDeleting(true)}><Trash2 className="h-4 w-4" aria-hidden />Delete</Button> : null}
        </div>
      </div>
      {patch.error ? <Alert>{errText(patch.error, "The change was not saved.")}</Alert> : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Details" />
          <CardBody>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-500">Country</dt><dd>{c.country ?? "—"}</dd>
              <dt className="text-slate-500">Time zone</dt><dd>{c.timeZone ?? "Workspace default"}</dd>
              <dt className="text-slate-500">Language</dt><dd>{c.locale ?? "—"}</dd>
              <dt className="text-slate-500">Handset</dt><dd data-testid="handset">{HANDSET_LABEL[c.handsetClass] ?? c.handsetClass}</dd>
              <dt className="text-slate-500">Added</dt><dd>{when(c.createdAt)}</dd>
              {attrs.map(([k, v]) => (
                <div key={k} className="contents"><dt className="truncate text-slate-500" title={k}>{k}</dt><dd className="break-words">{Array.isArray(v) ? v.join(", ") : v === null ? "—" : String(v)}</dd></div>
              ))}
            </dl>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Tags" description="Use tags to pick audiences in segments." />
          <CardBody className="space-y-3">
            <div className="flex flex-wrap gap-2" data-testid="contact-tags">
              {c.tags.length ? c.tags.map((t) => (
                <span key={t} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2.5 py-1 text-sm text-slate-700">
                  {t}
                  {canWrite ? <button aria-label={`Remove tag ${t}`} className="text-slate-400 hover:text-red-600" onClick={() => patch.mutate({ tags: c.tags.filter((x) => x !== t) })}><X className="h-3.5 w-3.5" /></button> : null}
                </span>
              )) : <p className="text-sm text-slate-500">No tags.</p>}
            </div>
            {canWrite ? (
              <form className="flex gap-2" onSubmit={(e) => { e.preventDefault(); addTag(); }}>
                <Input value={newTag} onChange={(e) => setNewTag(e.target.value)} placeholder="New tag" aria-label="New tag" />
                <Button type="submit" variant="secondary" disabled={!newTag.trim() || patch.isPending}>Add</Button>
              </form>
            ) : null}
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title="Consent" description={c.consentAt ? `${CONSENT_LABEL[c.consent] ?? c.consent} since ${when(c.consentAt)}` : "Every change is kept below with who, when and how."} />
        <CardBody className="space-y-4">
          {view.suppressed ? <Alert tone="warning">This number is on the suppression list ({view.suppressed.reason ?? "no reason given"}); it receives nothing whatever its consent says.</Alert> : null}
          {canWrite ? (
            <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); patch.mutate({ consent: consent.state, ...(consent.detail.trim() ? { consentDetail: consent.detail.trim() } : {}) }); }}>
              <div className="w-full sm:w-48"><Field label="Consent" htmlFor="cd-consent">
                <Select id="cd-consent" value={consent.state} onChange={(e) => setConsent((s) => ({ ...s, state: e.target.value }))}>
                  <option value="subscribed">Subscribed</option><option value="never_asked">Never asked</option><option value="unsubscribed">Opted out</option>
                </Select>
              </Field></div>
              <div className="min-w-0 flex-1"><Field label="How (kept in the history)" htmlFor="cd-detail"><Input id="cd-detail" value={consent.detail} onChange={(e) => setConsent((s) => ({ ...s, detail: e.target.value }))} placeholder="e.g. asked on the phone, 3 May" /></Field></div>
              <Button type="submit" variant="secondary" disabled={consent.state === c.consent || patch.isPending}>Change consent</Button>
            </form>
          ) : null}
          {view.consent.length ? (
            <ol className="space-y-2 text-sm" data-testid="consent-history">
              {view.consent.map((e) => (
                <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-l-2 border-slate-200 pl-3">
                  <ConsentBadge state={e.state} />
                  <span className="text-slate-700">{SOURCE_LABEL[e.source] ?? e.source}{e.detail ? `: ${e.detail}` : ""}</span>
                  <span className="text-xs text-slate-400">{when(e.occurredAt)}</span>
                </li>
              ))}
            </ol>
          ) : <p className="text-sm text-slate-500">No consent recorded yet.</p>}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Messages received" description="The latest 50." />
        {view.messages.length ? (
          <Table>
            <thead><tr><Th>Campaign</Th><Th>Status</Th><Th>Time</Th></tr></thead>
            <tbody>
              {view.messages.map((m) => (
                <tr key={m.id}>
                  <Td className="max-w-[12rem] truncate">{m.campaign ? <Link className="hover:underline" href={`/campaigns/${m.campaign.id}`}>{m.campaign.name}</Link> : "Quick send"}</Td>
                  <Td><Badge tone={STATUS_TONE[m.status] ?? "gray"}>{m.status}</Badge>{m.reason ? <span className="ml-2 text-xs text-slate-500">{m.reason}</span> : null}</Td>
                  <Td className="whitespace-nowrap text-slate-500">{when(m.readAt ?? m.deliveredAt ?? m.submittedAt ?? m.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : <CardBody><p className="text-sm text-slate-500">Nothing sent to this contact yet.</p></CardBody>}
      </Card>

      <Card>
        <CardHeader title="Replies" />
        <CardBody>
          {view.replies.length ? (
            <ul className="space-y-3 text-sm">
              {view.replies.map((r) => (
                <li key={r.id} className="rounded-lg bg-slate-50 px-3 py-2">
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">{when(r.receivedAt)}{r.keyword ? <Badge tone="violet">{r.keyword}</Badge> : null}</div>
                  {r.subject ? <p className="font-medium">{r.subject}</p> : null}
                  <p className="whitespace-pre-wrap break-words text-slate-700">{r.text ?? "(picture or sound only)"}</p>
                </li>
              ))}
            </ul>
          ) : <p className="text-sm text-slate-500">No replies from this contact.</p>}
        </CardBody>
      </Card>

      {editing ? <EditContact contact={c} onClose={() => setEditing(false)} /> : null}
      <Dialog open={deleting} onOpenChange={setDeleting} title="Delete this contact?" description="Its consent history goes with it. Messages already sent stay in the reports.">
        {remove.error ? <Alert>{errText(remove.error, "The contact could not be deleted.")}</Alert> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(false)}>Cancel</Button>
          <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>{remove.isPending ? "Deleting…" : "Delete contact"}</Button>
        </div>
      </Dialog>
    </div>
  );
}

function EditContact({ contact: c, onClose }: { contact: ContactView["contact"]; onClose: () => void }) {
  const router = useRouter();
  const [f, setF] = useState({ phone: c.phone, firstName: c.firstName ?? "", lastName: c.lastName ?? "", locale: c.locale ?? "", timeZone: c.timeZone ?? "", handsetClass: c.handsetClass });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((s) => ({ ...s, [k]: e.target.value }));
  const save = useMutation({
    mutationFn: () => api(`/api/contacts/${c.id}`, { method: "PATCH", json: { ...f, phone: f.phone === c.phone ? undefined : f.phone } }),
    onSuccess: () => { onClose(); router.refresh(); },
  });
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }} title="Edit contact">
      <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Field label="Mobile number" htmlFor="ec-phone"><Input id="ec-phone" value={f.phone} onChange={set("phone")} inputMode="tel" /></Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="First name" htmlFor="ec-first"><Input id="ec-first" value={f.firstName} onChange={set("firstName")} /></Field>
          <Field label="Last name" htmlFor="ec-last"><Input id="ec-last" value={f.lastName} onChange={set("lastName")} /></Field>
          <Field label="Language" htmlFor="ec-locale" hint="e.g. it or en-GB"><Input id="ec-locale" value={f.locale} onChange={set("locale")} /></Field>
          <Field label="Time zone" htmlFor="ec-tz" hint="e.g. Europe/Rome"><Input id="ec-tz" value={f.timeZone} onChange={set("timeZone")} /></Field>
        </div>
        <Field label="Handset" htmlFor="ec-handset" hint="Which version of a picture or video this phone gets.">
          <Select id="ec-handset" value={f.handsetClass} onChange={set("handsetClass")}>
            {Object.entries(HANDSET_LABEL).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </Select>
        </Field>
        {save.error ? <Alert>{errText(save.error, "The contact was not saved.")}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</Button>
        </div>
      </form>
    </Dialog>
  );
}
