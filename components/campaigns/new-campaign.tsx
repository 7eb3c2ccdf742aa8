"use client";
// Drafts are created by POST (never on a GET, which link prefetching could trigger), then edited.
import { useMutation } from "@tanstack/react-query";
import { Plus, Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { api } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

function useCreate() {
  const router = useRouter();
  return useMutation({
    mutationFn: (body: { toContactId?: string }) => api<{ id: string }>("/api/campaigns", { method: "POST", json: body }),
    onSuccess: (c) => router.replace(`/campaigns/${c.id}/edit`),
  });
}

export function NewCampaignButton() {
  const create = useCreate();
  return (
    <Button type="button" onClick={() => create.mutate({})} disabled={create.isPending} data-testid="new-campaign">
      <Plus className="h-4 w-4" /> {create.isPending ? "Creating…" : "New campaign"}
    </Button>
  );
}

/** /campaigns/new?to=<contactId>: creates the draft once on arrival. */
export function CreateDraftOnArrival({ to }: { to?: string }) {
  const create = useCreate();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    create.mutate(to ? { toContactId: to } : {});
  }, [create, to]);
  return create.error ? <Alert>{(create.error as Error).message}</Alert> : <p className="text-sm text-slate-500">Preparing a new draft…</p>;
}

export function DuplicateButton({ id }: { id: string }) {
  const router = useRouter();
  const dup = useMutation({ mutationFn: () => api<{ id: string }>(`/api/campaigns/${id}/duplicate`, { method: "POST" }), onSuccess: (c) => router.push(`/campaigns/${c.id}/edit`) });
  return <Button type="button" size="sm" variant="ghost" onClick={() => dup.mutate()} disabled={dup.isPending} title="Duplicate as a new draft"><Copy className="h-4 w-4" /><span className="sr-only sm:not-sr-only">Duplicate</span></Button>;
}
