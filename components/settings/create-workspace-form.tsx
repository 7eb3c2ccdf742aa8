"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^\w\s-]/g, "").trim().replace(/[\s_]+/g, "-").slice(0, 40) || "workspace";
  return `${base}-${Math.random().toString(36).slice(2, 7)}`;
}

export function CreateWorkspaceForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
    if (!name) return setError("Give the workspace a name.");
    setBusy(true);
    const res = await authClient.organization.create({ name, slug: slugify(name) });
    if (res.error || !res.data) {
      setBusy(false);
      return setError(res.error?.message ?? "The workspace could not be created.");
    }
    await authClient.organization.setActive({ organizationId: res.data.id });
    router.push("/");
    router.refresh();
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Workspace name" htmlFor="ws-name" hint="For example “Bakery Rossi”, “Sindaco 2027” or “Support EU”.">
        <Input id="ws-name" name="name" required maxLength={80} autoFocus />
      </Field>
      <Button type="submit" className="w-full" disabled={busy}>{busy ? "Creating…" : "Create workspace"}</Button>
    </form>
  );
}
