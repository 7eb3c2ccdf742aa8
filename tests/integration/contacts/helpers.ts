import { db } from "@/lib/db/client";
import { createImport, startImport } from "@/lib/contacts/import/service";
import { runImport } from "@/lib/contacts/import/run";
import type { StartOptions } from "@/lib/contacts/import/options";

/** Uploads, starts and runs one import in-process (the worker path is covered separately). */
export async function importFile(
  ws: { workspaceId: string; user: { id: string } },
  fileName: string,
  bytes: Buffer | string,
  start: Partial<StartOptions> & { mapping?: StartOptions["mapping"] } = {},
  kind: "contacts" | "suppressions" = "contacts",
) {
  const created = await createImport(ws.workspaceId, ws.user.id, { fileName, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), kind });
  const mapping = start.mapping ?? created.preview.suggested;
  await startImport(ws.workspaceId, created.job.id, { duplicates: "update", tags: [], ...start, mapping });
  const status = await runImport(created.job.id);
  const job = await db.importJob.findUniqueOrThrow({ where: { id: created.job.id } });
  const errors = await db.importRowError.findMany({ where: { importJobId: job.id }, orderBy: { rowNumber: "asc" } });
  return { status, job, errors, preview: created.preview };
}

export async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let s = "";
  for await (const c of gen) s += c;
  return s;
}
