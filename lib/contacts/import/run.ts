// The import pipeline, run by the contact-import worker. Streams the stored file (chunk by chunk,
// never whole) through a decoder and the CSV reader; each row is validated in JS and written as a
// COPY line into one of two lanes (chosen by the number, see lane.ts). A lane's chunk is COPYed into
// its session's staging table and merged with plain statements (insert new numbers, update existing
// ones only when there are any, consent events from what was touched) in one transaction that also
// moves the job's counters, so the progress bar and the data never disagree. Parsing the next
// chunks overlaps both lanes merging. Repeats of a number are caught in memory, in a table of
// bounded size (seen-numbers.ts); past its size, in SQL (imp_seen), so memory stays flat whatever
// the file's size. Cancel is honoured between chunks.
import { setImmediate as nextTurn } from "node:timers/promises";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { storage } from "@/lib/storage";
import { childLogger } from "@/lib/log";
import { CsvReader, type CsvRecord } from "./csv-reader";
import { createDecoder } from "./detect";
import { Lane, type MergePlan } from "./lane";
import { prepareRow, type RowContext, type StagedRow } from "./rows";
import { SeenNumbers } from "./seen-numbers";
import { startOptionsSchema, type StoredOptions } from "./options";

const log = childLogger("contact-import");

/** Rows per lane chunk: large enough that per-statement costs vanish, small enough to stay light in memory. */
export const CHUNK_ROWS = 25_000;
/** Two lanes, one per core of a small worker machine (must be a power of two, see laneOf). */
const LANES = 2;
const MAX_RAW = 1000;
/** Bytes parsed between two turns of the event loop (about 5 ms of parsing). */
const SLICE = 64 * 1024;

function copyText(v: string | null): string {
  if (v === null) return "\\N";
  return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : v;
}
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function arrayLiteral(items: string[]): string {
  return items.length ? `{${items.map((t) => `"${t.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}` : "{}";
}

function rawOf(fields: string[], delimiter: string): string {
  const s = fields.map((f) => (f.includes(delimiter) || f.includes('"') || f.includes("\n") || f.includes("\r") ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter);
  return s.length > MAX_RAW ? s.slice(0, MAX_RAW) : s;
}

/** `raw`: the row as written, kept only when the database dedupes it (imp_seen reports repeats with it). */
function stagedLine(r: StagedRow, raw: string | null): string {
  let attrs = "{}";
  for (const _ in r.attributes) { attrs = JSON.stringify(r.attributes); break; }
  return `${r.line}\t${copyText(r.phone)}\t${copyText(r.country)}\t${copyText(r.firstName)}\t${copyText(r.lastName)}\t${copyText(r.locale)}\t${copyText(r.timeZone)}\t${copyText(arrayLiteral(r.tags))}\t${copyText(attrs)}\t${copyText(raw)}\n`;
}

/** The lane of a number: its last digit's parity, so every repeat of a number meets the same lane. */
const laneOf = (phone: string) => phone.charCodeAt(phone.length - 1) & (LANES - 1);

/**
 * Runs (or re-runs from the start, after a crash) one import job. Returns the final status.
 * `tuning` lets tests cut a small file into many chunks: lanes fill in slices of the file, so a
 * chunk is `chunkRows` rows plus what is left of its slice; `seenNumbers` bounds the table of seen numbers.
 */
export async function runImport(importJobId: string, tuning: { chunkRows?: number; sliceBytes?: number; seenNumbers?: number } = {}): Promise<"completed" | "cancelled" | "skipped"> {
  const chunkRows = tuning.chunkRows ?? CHUNK_ROWS;
  const slice = tuning.sliceBytes ?? SLICE;
  const job = await db.importJob.findUnique({ where: { id: importJobId } });
  if (!job || job.status === "completed" || job.status === "cancelled") return "skipped";
  const stored = job.options as unknown as StoredOptions;
  const options = startOptionsSchema.parse(stored.start);
  if (job.cancelRequested) {
    await db.importJob.update({ where: { id: job.id }, data: { status: "cancelled", finishedAt: new Date() } });
    return "cancelled";
  }
  // A retry starts over: counters and reported rows from the failed attempt are discarded.
  await db.$transaction([
    db.importRowError.deleteMany({ where: { importJobId: job.id } }),
    db.importJob.update({ where: { id: job.id }, data: { status: "running", startedAt: new Date(), error: null, rowsRead: 0, imported: 0, updated: 0, skipped: 0, invalid: 0 } }),
  ]);

  const file = await storage().getStream(job.fileKey);
  if (!file) throw new Error("The uploaded file is no longer stored; upload it again.");

  const kind = job.kind === "suppressions" ? "suppressions" : "contacts";
  const consentState = kind === "contacts" && options.consent ? "subscribed" : "never_asked";
  const consentAt = options.consent ? new Date(options.consent.date).toISOString() : null;
  const plan: MergePlan =
    kind === "suppressions"
      ? { kind, params: [job.workspaceId, `Imported from ${job.fileName}`.slice(0, 500), job.createdById, job.id] }
      : {
          kind,
          updateExisting: options.duplicates === "update",
          params: [job.workspaceId, consentState, consentAt, options.consent ? `${options.consent.detail} (file ${job.fileName})`.slice(0, 1000) : null, job.createdById, job.id],
        };

  const lanes: Lane[] = [];
  try {
    // A first import into an empty workspace (the usual start) need not look for existing numbers.
    const expectNew = kind === "contacts" && !(await pgPool().query(`SELECT 1 FROM contact WHERE "workspaceId" = $1 LIMIT 1`, [job.workspaceId])).rowCount;
    for (let i = 0; i < LANES; i++) lanes.push(await Lane.open(await pgPool().connect(), job.id, plan, expectNew));
    const { format } = stored;
    const decoder = createDecoder(format.encoding);
    const reader = new CsvReader(format.delimiter);
    let header: string[] | null = null;
    let ctx: RowContext | null = null;
    let cancelled = false;
    const seen = new SeenNumbers(tuning.seenNumbers);

    let records = 0;
    const handle = (batch: CsvRecord[]) => {
      records += batch.length;
      for (const rec of batch) {
        if (!header) {
          header = rec.fields;
          ctx = { headerLength: header.length, options, kind };
          continue;
        }
        // Spreadsheets export blank rows as a run of separators: that is an empty line, not a contact.
        if (!rec.oversize && rec.fields.every((f) => f.trim() === "")) continue;
        const fields = rec.fields;
        // A row that is not staged is reported by either lane: their counters are summed.
        const reportingLane = lanes[rec.line & (LANES - 1)]!;
        if (rec.unterminated) { reportingLane.addInvalid({ line: rec.line, reason: "A quoted cell is never closed: the rest of the file was read as one cell.", raw: rawOf(fields, format.delimiter) }); continue; }
        if (rec.oversize) { reportingLane.addInvalid({ line: rec.line, reason: "A cell is longer than 64 KB; this is not a contact row.", raw: rawOf(fields, format.delimiter) }); continue; }
        const out = prepareRow(fields, rec.line, ctx!);
        if (!out.ok) { reportingLane.addInvalid({ line: rec.line, reason: out.reason, raw: rawOf(fields, format.delimiter) }); continue; }
        const row: StagedRow = out.row;
        const earlier = seen.check(row.phone, rec.line);
        if (earlier.kind === "repeat") { reportingLane.addDuplicate(rec.line, earlier.firstLine, rawOf(fields, format.delimiter)); continue; }
        const inDb = earlier.kind === "unknown";
        lanes[laneOf(row.phone)]!.addRow(row.phone, rec.line, () => stagedLine(row, inDb ? rawOf(fields, format.delimiter) : null), () => rawOf(fields, format.delimiter), inDb);
      }
    };

    /** Flushes every lane holding a full chunk (all of them at the end). */
    const flushFull = async (all: boolean) => {
      for (const lane of lanes) if ((all ? lane.size > 0 : lane.size >= chunkRows) && (await lane.flush())) cancelled = true;
    };

    let bytes = 0;
    let parseMs = 0;
    let sized = false;
    const started = performance.now();
    for await (const chunk of file.stream as AsyncIterable<Buffer>) {
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (bytes === 0 && format.bomLength) buf = buf.subarray(format.bomLength);
      bytes += buf.length;
      // Slice large stream chunks so a chunk of rows, not a whole file, is in flight at a time, and
      // give the event loop a turn after each slice: the lanes' sessions wait for their answers to be
      // read, and a megabyte parsed in one go kept each of their statements waiting ~100 ms.
      for (let off = 0; off < buf.length && !cancelled; off += slice) {
        const t = performance.now();
        handle(reader.push(decoder.write(buf.subarray(off, off + slice))));
        parseMs += performance.now() - t;
        // Size the table of seen numbers once, from the rows per byte of the first stream chunk (a megabyte).
        if (!sized && off + slice >= buf.length) {
          sized = true;
          if (records > 1) seen.reserve(Math.ceil(((records - 1) * file.size * 1.02) / bytes));
        }
        await flushFull(false);
        await nextTurn();
      }
      if (cancelled) break;
    }
    if (!cancelled) {
      handle(reader.push(decoder.end()));
      handle(reader.end());
      await flushFull(true);
    }
    for (const lane of lanes) if (await lane.drain()) cancelled = true;
    if (!header) throw new Error("The file is empty.");

    await db.importJob.update({ where: { id: job.id }, data: { status: cancelled ? "cancelled" : "completed", finishedAt: new Date() } });
    const stages = lanes.map((l) => Object.fromEntries(Object.entries(l.ms).map(([k, v]) => [k, Math.round(v)])));
    log.info({ importJobId: job.id, cancelled, ms: Math.round(performance.now() - started), parseMs: Math.round(parseMs), lanes: stages }, "import finished");
    return cancelled ? "cancelled" : "completed";
  } finally {
    for (const lane of lanes) await lane.close();
  }
}

/** Marks a job failed with a sentence the user sees next to the import. */
export async function failImport(importJobId: string, message: string) {
  await db.importJob.update({ where: { id: importJobId }, data: { status: "failed", error: message.slice(0, 500), finishedAt: new Date() } }).catch(() => {});
}
