// The import wizard's server side: upload (CSV, or an Excel workbook read into CSV; stored through lib/storage, format detected, preview
// kept on the job so a reload finds it), start (mapping remembered per workspace), progress,
// cancel, and the CSV of rejected rows.
import { randomUUID } from "node:crypto";
import { db, Prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { storage } from "@/lib/storage";
import { enqueue, jobId } from "@/lib/queues";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { csvLine } from "../csv-safe";
import { CsvReader } from "./csv-reader";
import { createDecoder, detectDelimiter, detectEncoding } from "./detect";
import { isLegacyXls, isXlsx, xlsxToCsv } from "./xlsx";
import { headerKey, startOptionsSchema, suggestMapping, type StartOptions, type StoredOptions, type Target } from "./options";

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const PREVIEW_ROWS = 10;

export type ImportKind = "contacts" | "suppressions";

function preview(head: Buffer) {
  const { encoding, bomLength } = detectEncoding(head);
  const text = createDecoder(encoding).write(head.subarray(bomLength));
  const delimiter = detectDelimiter(text.slice(0, 64 * 1024));
  const reader = new CsvReader(delimiter, 2000);
  const records = reader.push(text).slice(0, PREVIEW_ROWS + 1);
  const headers = records[0]?.fields ?? [];
  const rows = records.slice(1).map((r) => r.fields.map((f) => f.slice(0, 200)));
  return { format: { encoding, bomLength, delimiter }, headers, rows };
}

async function rememberedMapping(workspaceId: string): Promise<Record<string, { target: Target; attribute?: string }>> {
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
  const m = (ws?.settings as { importMapping?: unknown } | null)?.importMapping;
  return m && typeof m === "object" ? (m as Record<string, { target: Target; attribute?: string }>) : {};
}

/** Stores the file, detects its format and returns the job with a preview of the first rows. */
export async function createImport(workspaceId: string, actorUserId: string, input: { fileName: string; bytes: Buffer; kind?: ImportKind }) {
  if (input.bytes.length === 0) throw badRequest("The file is empty.");
  if (input.bytes.length > MAX_UPLOAD_BYTES) throw badRequest("The file is larger than 200 MB; split it into smaller files.");
  if (isLegacyXls(input.bytes)) {
    throw badRequest("This is an old-format Excel file (.xls): in Excel choose File › Save As › Excel Workbook (.xlsx) or CSV UTF-8, then upload that.");
  }
  // A workbook is read once here into CSV; from then on it is imported exactly like a CSV file.
  const workbook = isXlsx(input.bytes);
  const bytes = workbook ? await xlsxToCsv(input.bytes) : input.bytes;
  if (workbook && bytes.toString("latin1", 0, 4096).trim() === "") throw badRequest("The first sheet of this workbook is empty.");
  const p = preview(bytes.subarray(0, 256 * 1024));
  if (p.headers.length === 0) throw badRequest("The file has no header row.");
  const id = randomUUID();
  const fileKey = `imports/${workspaceId}/${id}`;
  await storage().put(fileKey, bytes, "text/csv");
  const kind = input.kind ?? "contacts";
  let suggested = suggestMapping(p.headers, kind === "contacts" ? await rememberedMapping(workspaceId) : {});
  if (kind === "suppressions") {
    // A suppression list only needs the number: the recognised phone column, else the first one.
    const phoneColumn = suggested.find((m) => m.target === "phone")?.column ?? 0;
    suggested = suggested.map((m) => ({ column: m.column, target: m.column === phoneColumn ? "phone" : "ignore" }));
  }
  const options: StoredOptions = { format: p.format, preview: { headers: p.headers, rows: p.rows }, suggested };
  const job = await db.importJob.create({
    data: { id, workspaceId, createdById: actorUserId, kind, fileName: input.fileName.slice(0, 255), fileKey, fileSize: BigInt(bytes.length), options: options as unknown as Prisma.InputJsonValue },
  });
  return { job: publicJob(job), preview: { ...options.preview, encoding: p.format.encoding, delimiter: p.format.delimiter, suggested } };
}

type JobRow = Awaited<ReturnType<typeof db.importJob.findFirst>> & {};

function publicJob(j: JobRow) {
  const o = j.options as unknown as StoredOptions;
  return {
    id: j.id, kind: j.kind, fileName: j.fileName, fileSize: Number(j.fileSize), status: j.status, error: j.error,
    rowsRead: j.rowsRead, imported: j.imported, updated: j.updated, skipped: j.skipped, invalid: j.invalid,
    cancelRequested: j.cancelRequested, createdAt: j.createdAt, startedAt: j.startedAt, finishedAt: j.finishedAt,
    preview: o?.preview ? { ...o.preview, encoding: o.format.encoding, delimiter: o.format.delimiter, suggested: o.suggested } : null,
    options: o?.start ?? null,
  };
}
export type PublicImportJob = ReturnType<typeof publicJob>;

export async function getImport(workspaceId: string, id: string) {
  const j = await db.importJob.findFirst({ where: { id, workspaceId } });
  if (!j) throw notFound("This import");
  return publicJob(j);
}

export async function listImports(workspaceId: string, kind: ImportKind = "contacts", limit = 20) {
  const rows = await db.importJob.findMany({ where: { workspaceId, kind }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(publicJob);
}

/** Saves the user's choices, remembers the mapping for next time, and queues the work. */
export async function startImport(workspaceId: string, id: string, raw: unknown) {
  const j = await db.importJob.findFirst({ where: { id, workspaceId } });
  if (!j) throw notFound("This import");
  if (j.status !== "pending") throw conflict("This import has already been started.");
  const start: StartOptions = startOptionsSchema.parse(raw);
  const stored = j.options as unknown as StoredOptions;
  const width = stored.preview.headers.length;
  for (const m of start.mapping) if (m.column >= width) throw badRequest(`The file has ${width} columns; column ${m.column + 1} does not exist.`);
  await db.importJob.update({ where: { id }, data: { options: { ...stored, start } as unknown as Prisma.InputJsonValue } });
  if (j.kind === "contacts") {
    const remembered: Record<string, { target: Target; attribute?: string }> = {};
    for (const m of start.mapping) {
      const h = stored.preview.headers[m.column];
      if (h !== undefined) remembered[headerKey(h)] = m.attribute ? { target: m.target, attribute: m.attribute } : { target: m.target };
    }
    // Merge into settings without overwriting keys other features keep there.
    await pgPool().query(
      `UPDATE workspace SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{importMapping}', COALESCE(settings->'importMapping', '{}'::jsonb) || $2::jsonb) WHERE id = $1`,
      [workspaceId, JSON.stringify(remembered)],
    );
  }
  await enqueue("contactImport", { importJobId: id }, { jobId: jobId("import", id) });
  return getImport(workspaceId, id);
}

export async function cancelImport(workspaceId: string, id: string) {
  const j = await db.importJob.findFirst({ where: { id, workspaceId } });
  if (!j) throw notFound("This import");
  if (j.status === "pending") {
    await db.importJob.update({ where: { id }, data: { cancelRequested: true, status: "cancelled", finishedAt: new Date() } });
  } else if (j.status === "running") {
    await db.importJob.update({ where: { id }, data: { cancelRequested: true } });
  }
  return getImport(workspaceId, id);
}

/** Rejected rows as CSV: line, reason, then the row's own cells, ready to fix and re-import. */
export async function* importErrorsCsv(workspaceId: string, id: string): AsyncGenerator<string> {
  const j = await db.importJob.findFirst({ where: { id, workspaceId } });
  if (!j) throw notFound("This import");
  const stored = j.options as unknown as StoredOptions;
  const delimiter = stored.format.delimiter;
  yield "\uFEFF" + csvLine(["line", "reason", ...stored.preview.headers]);
  let after: { line: number; id: bigint } | null = null;
  for (;;) {
    const rows: Array<{ id: bigint; rowNumber: number; reason: string; raw: string }> = await db.importRowError.findMany({
      where: { importJobId: id, ...(after ? { OR: [{ rowNumber: { gt: after.line } }, { rowNumber: after.line, id: { gt: after.id } }] } : {}) },
      orderBy: [{ rowNumber: "asc" }, { id: "asc" }],
      take: 5000,
    });
    if (rows.length === 0) return;
    let out = "";
    for (const r of rows) {
      const reader = new CsvReader(delimiter, 10_000);
      const cells = [...reader.push(r.raw), ...reader.end()][0]?.fields ?? [r.raw];
      out += csvLine([r.rowNumber, r.reason, ...cells]);
    }
    yield out;
    const last = rows[rows.length - 1]!;
    after = { line: last.rowNumber, id: last.id };
    if (rows.length < 5000) return;
  }
}
