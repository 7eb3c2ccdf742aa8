// The import pipeline, run by the contact-import worker. Streams the stored file through a decoder
// and the CSV reader; each chunk of rows is validated in JS, COPYed into a session-local staging
// table and merged with ONE INSERT … SELECT … ON CONFLICT, in a transaction that also moves the
// job's counters, so the progress bar and the data never disagree. Parsing chunk k+1 overlaps the
// database merging chunk k. Duplicates within the file are found in SQL (imp_seen), so memory stays
// flat whatever the file's size. Cancel is honoured between chunks.
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { storage } from "@/lib/storage";
import { childLogger } from "@/lib/log";
import { CsvReader, type CsvRecord } from "./csv-reader";
import { createDecoder } from "./detect";
import { prepareRow, type RowContext, type StagedRow } from "./rows";
import { startOptionsSchema, type StoredOptions } from "./options";

const log = childLogger("contact-import");

export const CHUNK_ROWS = 20_000;
const MAX_RAW = 1000;

type Counts = { rowsRead: number; imported: number; updated: number; skipped: number; invalid: number };
type Invalid = { line: number; reason: string; raw: string };

function copyText(v: string | null): string {
  if (v === null) return "\\N";
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function arrayLiteral(items: string[]): string {
  return `{${items.map((t) => `"${t.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

function rawOf(fields: string[], delimiter: string): string {
  const s = fields.map((f) => (f.includes(delimiter) || f.includes('"') || /[\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter);
  return s.length > MAX_RAW ? s.slice(0, MAX_RAW) : s;
}

function stagedLine(r: StagedRow, raw: string): string {
  const attrs = Object.keys(r.attributes).length ? JSON.stringify(r.attributes) : "{}";
  return [String(r.line), r.phone, r.country, r.firstName, r.lastName, r.locale, r.timeZone, arrayLiteral(r.tags), attrs, raw].map(copyText).join("\t") + "\n";
}

async function copyInto(client: PoolClient, table: string, text: string) {
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  await pipeline(Readable.from([text]), stream as unknown as Writable);
}

const MERGE_CONTACTS_UPDATE = `
WITH prior AS (
  SELECT ct.phone, ct.consent FROM imp_chunk c JOIN contact ct ON ct."workspaceId" = $1 AND ct.phone = c.phone
), up AS (
  INSERT INTO contact ("workspaceId", phone, country, "firstName", "lastName", locale, "timeZone", tags, attributes, consent, "consentAt", "updatedAt")
  SELECT $1, phone, country, first_name, last_name, locale, time_zone, tags, attributes, $2::consent_state, $3::timestamptz, now() FROM imp_chunk ORDER BY row_no
  ON CONFLICT ("workspaceId", phone) DO UPDATE SET
    country = COALESCE(EXCLUDED.country, contact.country),
    "firstName" = COALESCE(EXCLUDED."firstName", contact."firstName"),
    "lastName" = COALESCE(EXCLUDED."lastName", contact."lastName"),
    locale = COALESCE(EXCLUDED.locale, contact.locale),
    "timeZone" = COALESCE(EXCLUDED."timeZone", contact."timeZone"),
    tags = CASE WHEN EXCLUDED.tags = '{}' THEN contact.tags ELSE ARRAY(SELECT DISTINCT t FROM unnest(contact.tags || EXCLUDED.tags) t) END,
    attributes = contact.attributes || EXCLUDED.attributes,
    -- Only a contact never asked takes the file's consent: an opt-out is never undone by a file.
    consent = CASE WHEN contact.consent = 'never_asked' THEN EXCLUDED.consent ELSE contact.consent END,
    "consentAt" = CASE WHEN contact.consent = 'never_asked' AND EXCLUDED.consent = 'subscribed' THEN EXCLUDED."consentAt" ELSE contact."consentAt" END,
    "updatedAt" = now()
  RETURNING id, phone, consent, (xmax = 0) AS inserted
), ev AS (
  INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId", "occurredAt")
  SELECT $1, up.id, 'subscribed', 'import', $4, $5, $6, $3::timestamptz FROM up LEFT JOIN prior p ON p.phone = up.phone
  WHERE $2::consent_state = 'subscribed' AND up.consent = 'subscribed' AND (p.phone IS NULL OR p.consent = 'never_asked')
)
SELECT count(*) FILTER (WHERE inserted) AS imported, count(*) FILTER (WHERE NOT inserted) AS updated FROM up`;

const MERGE_CONTACTS_SKIP = `
WITH up AS (
  INSERT INTO contact ("workspaceId", phone, country, "firstName", "lastName", locale, "timeZone", tags, attributes, consent, "consentAt", "updatedAt")
  SELECT $1, phone, country, first_name, last_name, locale, time_zone, tags, attributes, $2::consent_state, $3::timestamptz, now() FROM imp_chunk ORDER BY row_no
  ON CONFLICT ("workspaceId", phone) DO NOTHING
  RETURNING id
), ev AS (
  INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId", "occurredAt")
  SELECT $1, up.id, 'subscribed', 'import', $4, $5, $6, $3::timestamptz FROM up WHERE $2::consent_state = 'subscribed'
)
SELECT count(*) AS imported, 0 AS updated FROM up`;

const MERGE_SUPPRESSIONS = `
WITH ins AS (
  INSERT INTO suppression (id, "workspaceId", phone, reason, "createdById")
  SELECT 'sup_' || md5($4 || phone), $1, phone, $2, $3 FROM imp_chunk
  ON CONFLICT ("workspaceId", phone) DO NOTHING RETURNING phone
), opted AS (
  UPDATE contact ct SET consent = 'unsubscribed', "consentAt" = now(), "updatedAt" = now()
  FROM imp_chunk c WHERE ct."workspaceId" = $1 AND ct.phone = c.phone AND ct.consent <> 'unsubscribed'
  RETURNING ct.id
), ev AS (
  INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId")
  SELECT $1, id, 'unsubscribed', 'suppression', $2, $3, $4 FROM opted
)
SELECT count(*) AS imported, 0 AS updated FROM ins`;

type Merge = { sql: string; params: unknown[] };

class ChunkWriter {
  constructor(private readonly client: PoolClient, private readonly jobId: string, private readonly merge: Merge, private readonly skipExisting: boolean) {}

  /** One transaction: stage, drop in-file duplicates (reported), merge, record invalid rows, move counters. */
  async flush(rows: string, staged: number, invalid: Invalid[], read: number): Promise<{ cancel: boolean; counts: Counts }> {
    const c = this.client;
    await c.query("BEGIN");
    try {
      let imported = 0;
      let updated = 0;
      let duplicates = 0;
      if (staged > 0) {
        await c.query("TRUNCATE imp_chunk");
        await copyInto(c, "imp_chunk", rows);
        await c.query("ANALYZE imp_chunk");
        const dup = await c.query(
          `WITH firsts AS (SELECT phone, min(row_no) AS first_row FROM imp_chunk GROUP BY phone),
           dup AS (
             SELECT c.row_no, c.raw, COALESCE(s.row_no, f.first_row) AS first_row
             FROM imp_chunk c JOIN firsts f ON f.phone = c.phone LEFT JOIN imp_seen s ON s.phone = c.phone
             WHERE s.phone IS NOT NULL OR f.first_row < c.row_no
           ), rep AS (
             INSERT INTO import_row_error ("importJobId", "rowNumber", reason, raw)
             SELECT $1, row_no, 'Duplicate: the same number is already on line ' || first_row || ' of this file.', raw FROM dup
           )
           DELETE FROM imp_chunk c USING dup WHERE c.row_no = dup.row_no`,
          [this.jobId],
        );
        duplicates = dup.rowCount ?? 0;
        await c.query("INSERT INTO imp_seen (phone, row_no) SELECT phone, row_no FROM imp_chunk");
        const m = await c.query<{ imported: string; updated: string }>(this.merge.sql, this.merge.params);
        imported = Number(m.rows[0]?.imported ?? 0);
        updated = Number(m.rows[0]?.updated ?? 0);
      }
      if (invalid.length) {
        await c.query(
          `INSERT INTO import_row_error ("importJobId", "rowNumber", reason, raw) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
          [this.jobId, invalid.map((i) => i.line), invalid.map((i) => i.reason), invalid.map((i) => i.raw)],
        );
      }
      const existing = staged - duplicates - imported - updated;
      const counts: Counts = { rowsRead: read, imported, updated, skipped: duplicates + (this.skipExisting ? existing : 0), invalid: invalid.length };
      const r = await c.query<{ cancelRequested: boolean }>(
        `UPDATE import_job SET "rowsRead" = "rowsRead" + $2, imported = imported + $3, updated = updated + $4, skipped = skipped + $5, invalid = invalid + $6
         WHERE id = $1 RETURNING "cancelRequested"`,
        [this.jobId, counts.rowsRead, counts.imported, counts.updated, counts.skipped, counts.invalid],
      );
      await c.query("COMMIT");
      return { cancel: r.rows[0]?.cancelRequested === true, counts };
    } catch (err) {
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    }
  }
}

/** Runs (or re-runs from the start, after a crash) one import job. Returns the final status. */
export async function runImport(importJobId: string): Promise<"completed" | "cancelled" | "skipped"> {
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
  const merge: Merge =
    kind === "suppressions"
      ? { sql: MERGE_SUPPRESSIONS, params: [job.workspaceId, `Imported from ${job.fileName}`.slice(0, 500), job.createdById, job.id] }
      : {
          sql: options.duplicates === "skip" ? MERGE_CONTACTS_SKIP : MERGE_CONTACTS_UPDATE,
          params: [job.workspaceId, consentState, consentAt, options.consent ? `${options.consent.detail} (file ${job.fileName})`.slice(0, 1000) : null, job.createdById, job.id],
        };

  const client = await pgPool().connect();
  try {
    await client.query("DROP TABLE IF EXISTS imp_chunk; DROP TABLE IF EXISTS imp_seen");
    await client.query(
      `CREATE TEMP TABLE imp_chunk (row_no int, phone text, country text, first_name text, last_name text, locale text, time_zone text, tags text[], attributes jsonb, raw text);
       CREATE TEMP TABLE imp_seen (phone text PRIMARY KEY, row_no int)`,
    );
    const writer = new ChunkWriter(client, job.id, merge, options.duplicates === "skip" || kind === "suppressions");
    const { format } = stored;
    const decoder = createDecoder(format.encoding);
    const reader = new CsvReader(format.delimiter);
    let header: string[] | null = null;
    let ctx: RowContext | null = null;

    let text = "";
    let staged = 0;
    let invalid: Invalid[] = [];
    let read = 0;
    let inflight: Promise<{ cancel: boolean }> | null = null;
    let cancelled = false;

    const handle = (records: CsvRecord[]) => {
      for (const rec of records) {
        if (!header) {
          header = rec.fields;
          ctx = { headerLength: header.length, options, kind };
          continue;
        }
        // Spreadsheets export blank rows as a run of separators: that is an empty line, not a contact.
        if (rec.fields.every((f) => f.trim() === "") && !rec.oversize) continue;
        read++;
        const raw = rawOf(rec.fields, format.delimiter);
        if (rec.unterminated) { invalid.push({ line: rec.line, reason: "A quoted cell is never closed: the rest of the file was read as one cell.", raw }); continue; }
        if (rec.oversize) { invalid.push({ line: rec.line, reason: "A cell is longer than 64 KB; this is not a contact row.", raw }); continue; }
        const out = prepareRow(rec.fields, rec.line, ctx!);
        if (!out.ok) { invalid.push({ line: rec.line, reason: out.reason, raw }); continue; }
        text += stagedLine(out.row, raw);
        staged++;
      }
    };

    const flush = async () => {
      const batch = { text, staged, invalid, read };
      text = ""; staged = 0; invalid = []; read = 0;
      if (inflight && (await inflight).cancel) { cancelled = true; return; }
      inflight = writer.flush(batch.text, batch.staged, batch.invalid, batch.read);
      // Surface a failed flush at the next await instead of as an unhandled rejection.
      inflight.catch(() => {});
    };

    let bytes = 0;
    for await (const chunk of file.stream as AsyncIterable<Buffer>) {
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (bytes === 0 && format.bomLength) buf = buf.subarray(format.bomLength);
      bytes += buf.length;
      // Slice large stream chunks so a chunk of rows, not a whole file, is in flight at a time.
      for (let off = 0; off < buf.length; off += 256 * 1024) {
        handle(reader.push(decoder.write(buf.subarray(off, off + 256 * 1024))));
        if (staged + invalid.length >= CHUNK_ROWS) {
          await flush();
          if (cancelled) break;
        }
      }
      if (cancelled) break;
    }
    if (!cancelled) {
      const tail = decoder.end();
      handle(reader.push(tail));
      handle(reader.end());
      await flush();
    }
    const last = inflight as Promise<{ cancel: boolean }> | null;
    if (last && (await last).cancel) cancelled = true;
    if (!header) throw new Error("The file is empty.");

    await db.importJob.update({ where: { id: job.id }, data: { status: cancelled ? "cancelled" : "completed", finishedAt: new Date() } });
    log.info({ importJobId: job.id, cancelled }, "import finished");
    return cancelled ? "cancelled" : "completed";
  } finally {
    await client.query("DROP TABLE IF EXISTS imp_chunk; DROP TABLE IF EXISTS imp_seen").catch(() => {});
    client.release();
  }
}

/** Marks a job failed with a sentence the user sees next to the import. */
export async function failImport(importJobId: string, message: string) {
  await db.importJob.update({ where: { id: importJobId }, data: { status: "failed", error: message.slice(0, 500), finishedAt: new Date() } }).catch(() => {});
}
