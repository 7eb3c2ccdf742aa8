"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "");
    const res = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    if (res.error) setError(res.error.message ?? "Could not send the reset link.");
    else setSent(true);
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-xl font-semibold">Reset your password</h1>
      {sent ? (
        <Alert tone="success">If an account exists for that address, a reset link is on its way. (On a fresh install without a mail server, the link is printed in the server log.)</Alert>
      ) : (
        <>
          {error ? <Alert>{error}</Alert> : null}
          <Field label="Email" htmlFor="email"><Input id="email" name="email" type="email" required /></Field>
          <Button type="submit" className="w-full">Send reset link</Button>
        </>
      )}
      <Link className="block text-sm text-brand-600 hover:underline" href="/sign-in">Back to sign in</Link>
    </form>
  );
}

export function ResetPasswordForm() {
  const token = useSearchParams().get("token");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(token ? null : "This reset link is incomplete or has expired. Ask for a new one.");
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!token) return;
    const newPassword = String(new FormData(e.currentTarget).get("password") ?? "");
    const res = await authClient.resetPassword({ newPassword, token });
    if (res.error) setError(res.error.message ?? "This reset link is invalid or has expired.");
    else setDone(true);
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {error ? <Alert>{error}</Alert> : null}
      {done ? (
        <Alert tone="success">Your password is changed. <Link className="underline" href="/sign-in">Sign in</Link>.</Alert>
      ) : (
        <>
          <Field label="New password" htmlFor="password" hint="At least 8 characters."><Input id="password" name="password" type="password" minLength={8} required /></Field>
          <Button type="submit" className="w-full" disabled={!token}>Save password</Button>
        </>
      )}
    </form>
  );
}
