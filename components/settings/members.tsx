"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/client";
import { ROLES, ROLE_LABELS } from "@/lib/auth/roles";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

const assignable = ROLES.filter((r) => r !== "owner");

export function InvitationLink({ id }: { id: string }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const url = `${origin}/invite/${id}`;
  return (
    <span className="flex items-center gap-2">
      <code className="truncate rounded bg-slate-100 px-2 py-1 text-xs" data-testid="invite-link">{url}</code>
      <Button size="sm" variant="secondary" type="button" onClick={() => navigator.clipboard?.writeText(url)}>Copy</Button>
    </span>
  );
}

export function InviteMember() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const f = new FormData(e.currentTarget);
    const res = await authClient.organization.inviteMember({ email: String(f.get("email")).trim(), role: String(f.get("role")) as "admin" });
    if (res.error || !res.data) return setError(res.error?.message ?? "The invitation could not be created.");
    setCreated(res.data.id);
    router.refresh();
  }
  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
      <Field label="E-mail" htmlFor="invite-email"><Input id="invite-email" name="email" type="email" required /></Field>
      <Field label="Role" htmlFor="invite-role">
        <Select id="invite-role" name="role" defaultValue="marketer">
          {assignable.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </Select>
      </Field>
      <Button type="submit">Invite</Button>
      {error ? <div className="sm:col-span-3"><Alert>{error}</Alert></div> : null}
      {created ? <div className="sm:col-span-3"><Alert tone="success">Invitation created. Send this link: <InvitationLink id={created} /></Alert></div> : null}
    </form>
  );
}

export function MemberActions({ memberId, role }: { memberId: string; role: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Select
        aria-label="Role"
        className="h-8 w-36"
        defaultValue={role}
        onChange={async (e) => {
          const res = await authClient.organization.updateMemberRole({ memberId, role: e.target.value as "admin" });
          if (res.error) setError(res.error.message ?? "Could not change the role.");
          router.refresh();
        }}
      >
        {assignable.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
      </Select>
      <Button
        size="sm"
        variant="ghost"
        onClick={async () => {
          if (!confirm("Remove this member from the workspace?")) return;
          const res = await authClient.organization.removeMember({ memberIdOrEmail: memberId });
          if (res.error) setError(res.error.message ?? "Could not remove the member.");
          router.refresh();
        }}
      >
        Remove
      </Button>
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
