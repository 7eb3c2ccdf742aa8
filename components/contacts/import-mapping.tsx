"use client";
// Step 2 of an import: see the first rows as we read them, say what each column is (prefilled
// from the mapping remembered for these headers), the country of numbers written without +code,
// what to do with numbers already known, and where the consent comes from. Then run.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { COUNTRIES } from "./format";
import { DELIMITER_LABEL, TARGET_LABEL, type ImportJob, type Mapping, type Target } from "./import-types";
import { guessCountry, rememberCountry } from "./use-debounced";

const CONTACT_TARGETS: Target[] = ["phone", "firstName", "lastName", "locale", "timeZone", "tags", "attribute", "ignore"];

export function ImportMapping({ job, onStarted }: { job: ImportJob; onStarted: (j: ImportJob) => void }) {
  const preview = job.preview!;
  const contacts = job.kind === "contacts";
  const [mapping, setMapping] = useState<Mapping[]>(() => preview.headers.map((_, i) => preview.suggested.find((m) => m.column === i) ?? { column: i, target: "ignore" }));
  const [country, setCountry] = useState("IT");
  useEffect(() => setCountry(guessCountry()), []);
  const [duplicates, setDuplicates] = useState<"update" | "skip">("update");
  const [withConsent, setWithConsent] = useState(contacts);
  const [consentDetail, setConsentDetail] = useState("");
  const [consentDate, setConsentDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [extraTags, setExtraTags] = useState("");

  const setTarget = (i: number, target: Target) =>
    setMapping((ms) => ms.map((m) => {
      if (m.column === i) return target === "attribute" ? { column: i, target, attribute: m.attribute ?? attrKey(preview.headers[i] ?? "", i) } : { column: i, target };
      // One phone column only: choosing another moves the role.
      return target === "phone" && m.target === "phone" ? { column: m.column, target: "attribute", attribute: attrKey(preview.headers[m.column] ?? "", m.column) } : m;
    }));
  const setAttr = (i: number, attribute: string) => setMapping((ms) => ms.map((m) => (m.column === i ? { ...m, attribute } : m)));

  const start = useMutation({
    mutationFn: () =>
      api<ImportJob>(`/api/imports/${job.id}/start`, {
        method: "POST",
        json: {
          mapping: mapping.filter((m) => m.target !== "ignore"),
          defaultCountry: country,
          duplicates,
          consent: contacts && withConsent ? { detail: consentDetail, date: consentDate } : null,
          tags: extraTags.split(",").map((t) => t.trim()).filter(Boolean),
        },
      }),
    onSuccess: (j) => { rememberCountry(country); onStarted(j); },
  });
  const phoneChosen = mapping.some((m) => m.target === "phone");

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title={`Preview of ${job.fileName}`}
          description={<span data-testid="import-format">Read as {preview.encoding.toUpperCase()}, separated by {DELIMITER_LABEL[preview.delimiter] ?? `“${preview.delimiter}”`}; {preview.headers.length} columns. The first {preview.rows.length} rows:</span>}
        />
        <Table>
          <thead><tr>{preview.headers.map((h, i) => <Th key={i} className="whitespace-nowrap normal-case">{h || `Column ${i + 1}`}</Th>)}</tr></thead>
          <tbody>{preview.rows.map((r, k) => <tr key={k}>{preview.headers.map((_, i) => <Td key={i} className="max-w-[14rem] truncate whitespace-nowrap text-slate-600">{r[i] ?? ""}</Td>)}</tr>)}</tbody>
        </Table>
      </Card>

      <Card>
        <CardHeader title="What is in each column?" description={contacts ? "We guessed from the headers and from your last import. Any other column can be kept as a custom attribute, usable in segments and in the message text." : "Only the phone number column is needed."} />
        <CardBody className="space-y-3">
          {preview.headers.map((h, i) => {
            const m = mapping[i]!;
            return (
              <div key={i} className="grid gap-2 border-b border-slate-100 pb-3 last:border-0 sm:grid-cols-[1fr_12rem_12rem] sm:items-center" data-testid="mapping-row">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium">{h || `Column ${i + 1}`}</p>
                  <p className="truncate text-xs text-slate-500">{preview.rows.slice(0, 3).map((r) => r[i]).filter(Boolean).join(" · ") || "empty in the first rows"}</p>
                </div>
                <Select value={m.target} onChange={(e) => setTarget(i, e.target.value as Target)} aria-label={`Column ${h || i + 1} is`}>
                  {(contacts ? CONTACT_TARGETS : (["phone", "ignore"] as Target[])).map((t) => <option key={t} value={t}>{TARGET_LABEL[t]}</option>)}
                </Select>
                {m.target === "attribute" ? <Input value={m.attribute ?? ""} onChange={(e) => setAttr(i, e.target.value)} aria-label={`Attribute name for ${h || i + 1}`} placeholder="attribute name" /> : <span className="hidden sm:block" />}
              </div>
            );
          })}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Options" />
        <CardBody className="grid gap-5 sm:grid-cols-2">
          <Field label="Country of numbers without +code" htmlFor="im-country" hint="A number like 347 123 4567 becomes +39 347 123 4567 for Italy.">
            <Select id="im-country" value={country} onChange={(e) => setCountry(e.target.value)}>{COUNTRIES.map(([c, n]) => <option key={c} value={c}>{n}</option>)}</Select>
          </Field>
          {contacts ? (
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium text-slate-700">Numbers already in your contacts</legend>
              <label className="flex items-center gap-2 text-sm"><input type="radio" name="dups" checked={duplicates === "update"} onChange={() => setDuplicates("update")} />Update them with this file</label>
              <label className="flex items-center gap-2 text-sm"><input type="radio" name="dups" checked={duplicates === "skip"} onChange={() => setDuplicates("skip")} />Leave them as they are (skip)</label>
            </fieldset>
          ) : null}
          {contacts ? (
            <div className="space-y-3 sm:col-span-2">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
                <input type="checkbox" checked={withConsent} onChange={(e) => setWithConsent(e.target.checked)} />
                These people agreed to receive messages
              </label>
              {withConsent ? (
                <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
                  <Field label="Where the consent comes from" htmlFor="im-consent" hint="Kept with every contact, e.g. “signed form at the Milan event”. Opted-out contacts stay opted out.">
                    <Input id="im-consent" value={consentDetail} onChange={(e) => setConsentDetail(e.target.value)} placeholder="signed form at event" />
                  </Field>
                  <Field label="Consent date" htmlFor="im-consent-date"><Input id="im-consent-date" type="date" value={consentDate} onChange={(e) => setConsentDate(e.target.value)} /></Field>
                </div>
              ) : <p className="text-sm text-slate-500">Contacts will be “never asked”: ask them before sending marketing.</p>}
            </div>
          ) : null}
          {contacts ? (
            <Field label="Tag every imported contact" htmlFor="im-tags" hint="Optional, separated by commas, e.g. event-2025">
              <Input id="im-tags" value={extraTags} onChange={(e) => setExtraTags(e.target.value)} />
            </Field>
          ) : null}
        </CardBody>
      </Card>

      {!phoneChosen ? <Alert tone="warning">Choose the column that holds the mobile number.</Alert> : null}
      {start.error ? <Alert>{start.error instanceof ApiError ? start.error.message : "The import could not start."}</Alert> : null}
      <div className="flex justify-end">
        <Button size="lg" onClick={() => start.mutate()} disabled={!phoneChosen || start.isPending || (contacts && withConsent && consentDetail.trim().length < 3)}>
          {start.isPending ? "Starting…" : "Run the import"}
        </Button>
      </div>
    </div>
  );
}

function attrKey(header: string, i: number): string {
  return header.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_+|_+$/g, "").slice(0, 100) || `column_${i + 1}`;
}
