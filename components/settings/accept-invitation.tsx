"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

export function AcceptInvitation({ invitationId, email }: { invitationId: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    const res = await authClient.organization.acceptInvitation({ invitationId });
    if (res.error) {
      setBusy(false);
      return setError(
        res.error.message ?? "This invitation cannot be accepted. It may have expired, or it was sent to another e-mail address.",
      );
    }
    const wsId = (res.data as { invitation?: { organizationId?: string } } | null)?.invitation?.organizationId;
    if (wsId) await authClient.organization.setActive({ organizationId: wsId });
    router.push("/");
    router.refresh();
  }
  return (
    <div className="mt-4 space-y-4">
      <p className="text-sm text-slate-600">You are signed in as <strong>{email}</strong>.</p>
      {error ? <Alert>{error}</Alert> : null}
      <Button onClick={accept} disabled={busy} className="w-full">{busy ? "Joining…" : "Accept invitation"}</Button>
    </div>
  );
}
