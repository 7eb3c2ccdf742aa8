"use client";
// "Add contact": one person typed by hand. The number may be written nationally; the default
// country decides its +code. Consent given here is recorded in the ledger as "manual".
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { COUNTRIES } from "./format";
import { guessCountry, rememberCountry } from "./use-debounced";

export function AddContactButton({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}><UserPlus className="h-4 w-4" aria-hidden />Add contact</Button>
      <AddContactDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

function AddContactDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const qc = useQueryClient();
  const router = useRouter();
  const [form, setForm] = useState({ phone: "", defaultCountry: "IT", firstName: "", lastName: "", tags: "", consent: "never_asked", consentDetail: "" });
  useEffect(() => setForm((f) => ({ ...f, defaultCountry: guessCountry() })), []);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const create = useMutation({
    mutationFn: () =>
      api<{ id: string }>("/api/contacts", {
        method: "POST",
        json: {
          phone: form.phone, defaultCountry: form.defaultCountry, firstName: form.firstName || null, lastName: form.lastName || null,
          tags: form.tags.split(",").map((t) => t.trim()).filter(Boolean), consent: form.consent,
          ...(form.consentDetail.trim() ? { consentDetail: form.consentDetail.trim() } : {}),
        },
      }),
    onSuccess: (c) => {
      rememberCountry(form.defaultCountry);
      qc.invalidateQueries({ queryKey: ["contacts"] });
      onOpenChange(false);
      setForm((f) => ({ ...f, phone: "", firstName: "", lastName: "", tags: "", consentDetail: "" }));
      router.push(`/contacts/${c.id}`);
    },
  });
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Add contact" description="Numbers written without +country code take the default country.">
      <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
          <Field label="Mobile number" htmlFor="ac-phone"><Input id="ac-phone" value={form.phone} onChange={set("phone")} placeholder="347 123 4567 or +39…" required inputMode="tel" autoFocus /></Field>
          <Field label="Default country" htmlFor="ac-country">
            <Select id="ac-country" value={form.defaultCountry} onChange={set("defaultCountry")}>
              {COUNTRIES.map(([c, n]) => <option key={c} value={c}>{n}</option>)}
            </Select>
          </Field>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="First name" htmlFor="ac-first"><Input id="ac-first" value={form.firstName} onChange={set("firstName")} /></Field>
          <Field label="Last name" htmlFor="ac-last"><Input id="ac-last" value={form.lastName} onChange={set("lastName")} /></Field>
        </div>
        <Field label="Tags" htmlFor="ac-tags" hint="Separate tags with commas, e.g. volunteer, milan"><Input id="ac-tags" value={form.tags} onChange={set("tags")} /></Field>
        <Field label="Consent" htmlFor="ac-consent">
          <Select id="ac-consent" value={form.consent} onChange={set("consent")}>
            <option value="never_asked">Never asked</option>
            <option value="subscribed">Subscribed (agreed to receive messages)</option>
            <option value="unsubscribed">Opted out</option>
          </Select>
        </Field>
        {form.consent !== "never_asked" ? (
          <Field label="How was it given?" htmlFor="ac-consent-detail" hint="Kept in the consent history, e.g. 'asked in the shop, 3 May'">
            <Input id="ac-consent-detail" value={form.consentDetail} onChange={set("consentDetail")} />
          </Field>
        ) : null}
        {create.error ? <Alert>{create.error instanceof ApiError ? create.error.message : "The contact could not be added."}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" disabled={create.isPending || !form.phone.trim()}>{create.isPending ? "Adding…" : "Add contact"}</Button>
        </div>
      </form>
    </Dialog>
  );
}
