"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

type Mode = "sign-in" | "sign-up";

export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const params = useSearchParams();
  const next = params.get("next") ?? "/";
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const res =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "").trim() || email.split("@")[0]! })
        : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (res.error) {
      setError(res.error.message ?? "That did not work. Check your details and try again.");
      return;
    }
    router.push(next.startsWith("/") ? next : "/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-xl font-semibold">{mode === "sign-up" ? "Create your account" : "Sign in"}</h1>
      {error ? <Alert>{error}</Alert> : null}
      {mode === "sign-up" ? (
        <Field label="Your name" htmlFor="name">
          <Input id="name" name="name" autoComplete="name" required />
        </Field>
      ) : null}
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={params.get("email") ?? ""} />
      </Field>
      <Field label="Password" htmlFor="password" hint={mode === "sign-up" ? "At least 8 characters." : undefined}>
        <Input id="password" name="password" type="password" autoComplete={mode === "sign-up" ? "new-password" : "current-password"} minLength={8} required />
      </Field>
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Please wait…" : mode === "sign-up" ? "Create account" : "Sign in"}
      </Button>
      <div className="flex justify-between text-sm">
        {mode === "sign-in" ? (
          <>
            <Link className="text-brand-600 hover:underline" href={`/sign-up${params.size ? `?${params}` : ""}`}>Create an account</Link>
            <Link className="text-slate-500 hover:underline" href="/forgot-password">Forgot password?</Link>
          </>
        ) : (
          <Link className="text-brand-600 hover:underline" href={`/sign-in${params.size ? `?${params}` : ""}`}>I already have an account</Link>
        )}
      </div>
    </form>
  );
}
