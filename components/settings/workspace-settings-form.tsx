"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/components/providers";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

export function WorkspaceSettingsForm({ initial, canEdit }: { initial: { name: string; timeZone: string }; canEdit: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: { name: string; timeZone: string }) => api("/api/workspace", { method: "PATCH", json: body }),
    onSuccess: () => { setSaved(true); router.refresh(); },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setSaved(false);
    save.mutate({ name: String(f.get("name")), timeZone: String(f.get("timeZone")) });
  }
  return (
    <form onSubmit={submit} className="max-w-md space-y-4">
      {save.error ? <Alert>{save.error.message}</Alert> : saved ? <Alert tone="success">Saved.</Alert> : null}
      <Field label="Name" htmlFor="name"><Input id="name" name="name" defaultValue={initial.name} disabled={!canEdit} required /></Field>
      <Field label="Time zone" htmlFor="timeZone" hint="An IANA zone such as Europe/Rome or America/New_York.">
        <Input id="timeZone" name="timeZone" defaultValue={initial.timeZone} disabled={!canEdit} required />
      </Field>
      {canEdit ? <Button type="submit" disabled={save.isPending}>Save</Button> : <p className="text-sm text-slate-500">Only owners and admins can change these settings.</p>}
    </form>
  );
}
