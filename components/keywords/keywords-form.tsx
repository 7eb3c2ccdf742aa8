"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import type { KeywordSettings } from "@/lib/inbound/keywords";
import { DEFAULT_KEYWORDS } from "@/lib/inbound/keywords";

const words = (s: string) => s.split(/[\s,;]+/).map((w) => w.trim()).filter(Boolean);

export function KeywordsForm({ initial }: { initial: KeywordSettings }) {
  const [saved, setSaved] = useState<KeywordSettings>(initial);
  const [form, setForm] = useState({ optOut: initial.optOut.join(", "), optIn: initial.optIn.join(", "), help: initial.help.join(", "), helpText: initial.helpText, optOutReply: initial.optOutReply, optInReply: initial.optInReply });
  const save = useMutation({
    mutationFn: (body: KeywordSettings) => api<KeywordSettings>("/api/keywords", { method: "PUT", json: body }),
    onSuccess: (r) => setSaved(r),
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ optOut: words(form.optOut), optIn: words(form.optIn), help: words(form.help), helpText: form.helpText, optOutReply: form.optOutReply, optInReply: form.optInReply });
  }
  function restore() {
    setForm({ ...form, optOut: DEFAULT_KEYWORDS.optOut.join(", "), optIn: DEFAULT_KEYWORDS.optIn.join(", "), help: DEFAULT_KEYWORDS.help.join(", ") });
  }

  return (
    <form onSubmit={submit} className="space-y-5">
      <Field label="Opt-out keywords" htmlFor="kw-out" hint="The contact is unsubscribed at once and gets one confirmation. STOP and its translations should always be here.">
        <Textarea id="kw-out" rows={3} value={form.optOut} onChange={set("optOut")} />
      </Field>
      <Field label="Opt-in keywords" htmlFor="kw-in" hint="Subscribes the contact again (e.g. after a mistaken STOP).">
        <Textarea id="kw-in" rows={2} value={form.optIn} onChange={set("optIn")} />
      </Field>
      <Field label="Help keywords" htmlFor="kw-help" hint="Answered with the help text below.">
        <Textarea id="kw-help" rows={2} value={form.help} onChange={set("help")} />
      </Field>
      <Field label="Help text" htmlFor="kw-helptext" hint="Who you are and how to stop; carriers require a contact point here.">
        <Textarea id="kw-helptext" rows={3} maxLength={500} value={form.helpText} onChange={set("helpText")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Opt-out confirmation" htmlFor="kw-outreply" hint="No marketing in it: it is the last message this contact gets.">
          <Textarea id="kw-outreply" rows={3} maxLength={300} value={form.optOutReply} onChange={set("optOutReply")} />
        </Field>
        <Field label="Opt-in confirmation" htmlFor="kw-inreply">
          <Textarea id="kw-inreply" rows={3} maxLength={300} value={form.optInReply} onChange={set("optInReply")} />
        </Field>
      </div>
      {save.error ? <Alert>{save.error instanceof Error ? save.error.message : String(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">Saved. {saved.optOut.length} opt-out, {saved.optIn.length} opt-in and {saved.help.length} help keywords are active.</Alert> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="ghost" onClick={restore}>Restore default keywords</Button>
        <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save keywords"}</Button>
      </div>
    </form>
  );
}
