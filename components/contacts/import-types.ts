// The import job as /api/imports/* returns it (lib/contacts/import/service.ts publicJob).
export type Target = "phone" | "firstName" | "lastName" | "locale" | "timeZone" | "tags" | "attribute" | "ignore";
export type Mapping = { column: number; target: Target; attribute?: string };

export type ImportJob = {
  id: string; kind: "contacts" | "suppressions"; fileName: string; fileSize: number;
  status: "pending" | "running" | "completed" | "failed" | "cancelled"; error: string | null;
  rowsRead: number; imported: number; updated: number; skipped: number; invalid: number; cancelRequested: boolean;
  createdAt: string; startedAt: string | null; finishedAt: string | null;
  preview: { headers: string[]; rows: string[][]; encoding: string; delimiter: string; suggested: Mapping[] } | null;
  options: { mapping: Mapping[]; defaultCountry?: string | null; duplicates: "update" | "skip"; consent?: { detail: string; date: string } | null; tags: string[] } | null;
};

export const TARGET_LABEL: Record<Target, string> = {
  phone: "Mobile number", firstName: "First name", lastName: "Last name", locale: "Language", timeZone: "Time zone",
  tags: "Tags", attribute: "Custom attribute", ignore: "Don't import",
};

export const DELIMITER_LABEL: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar" };

export const isActive = (j: ImportJob) => j.status === "running" || (j.status === "pending" && !!j.options);

/**
 * Rough share of the file read: the job counts rows, not bytes, so the total is estimated from the
 * preview's average row length. Never claims 100 % before the worker says it is done.
 */
export function progressPercent(j: ImportJob): number {
  if (j.status === "completed") return 100;
  if (!j.preview || j.rowsRead === 0) return 0;
  const lines = [j.preview.headers, ...j.preview.rows];
  const bytes = lines.reduce((n, r) => n + new TextEncoder().encode(r.join(j.preview!.delimiter)).length + 2, 0);
  const estimatedRows = Math.max(1, j.fileSize / (bytes / lines.length) - 1);
  return Math.min(99, Math.floor((j.rowsRead / estimatedRows) * 100));
}
