"use client";
// Step 1 of an import: drop or pick the file. The server stores it, detects its encoding and
// separator, and the wizard continues on /contacts/import/<id> so a reload keeps the place.
import { useMutation } from "@tanstack/react-query";
import { FileSpreadsheet, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { api, ApiError } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ImportJob } from "./import-types";

export function ImportUpload({ kind = "contacts" }: { kind?: "contacts" | "suppressions" }) {
  const router = useRouter();
  const pick = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return api<{ job: ImportJob }>(`/api/imports?kind=${kind}`, { method: "POST", body: form });
    },
    onSuccess: (r) => router.push(`/contacts/import/${r.job.id}`),
  });
  const onFiles = (fl: FileList | null) => { const f = fl?.[0]; if (f) upload.mutate(f); };
  return (
    <div className="space-y-3">
      <div
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); onFiles(e.dataTransfer.files); }}
        className={`flex flex-col items-center rounded-xl border-2 border-dashed px-6 py-12 text-center ${dragging ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-white"}`}
        data-testid="import-drop"
      >
        <FileSpreadsheet className="mb-3 h-8 w-8 text-brand-600" aria-hidden />
        <p className="font-medium text-slate-900">Drop a CSV or Excel file here</p>
        <p className="mt-1 max-w-md text-sm text-slate-500">
          One row per person, with a header row. CSV (commas, semicolons or tabs) or an Excel workbook (.xlsx, first sheet); from Google Sheets choose File › Download › CSV or .xlsx.
        </p>
        <input ref={pick} type="file" hidden accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => { onFiles(e.target.files); e.target.value = ""; }} data-testid="import-file-input" />
        <Button className="mt-5" onClick={() => pick.current?.click()} disabled={upload.isPending}><Upload className="h-4 w-4" aria-hidden />{upload.isPending ? "Uploading…" : "Choose a file"}</Button>
      </div>
      {upload.error ? <Alert>{upload.error instanceof ApiError ? upload.error.message : "The upload failed; try again."}</Alert> : null}
    </div>
  );
}
