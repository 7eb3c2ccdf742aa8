// One lane of an import: its own database session, staging tables and chunk buffer. Two lanes let
// two PostgreSQL backends merge at once while the parser fills the next chunks. Repeats within the
// file are normally caught before a row reaches a lane (seen-numbers.ts); once that table is full,
// rows arrive marked "check in the database", and are deduped here per chunk and in imp_seen
// across chunks. Rows are given to a lane by their number, so every repeat of such a number meets
// the lane that saw it first.
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient, QueryResult, QueryResultRow } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import * as sql from "./merge-sql";

export type Counts = { rowsRead: number; imported: number; updated: number; skipped: number; invalid: number };
export type RowError = { line: number; reason: string; raw: string };

/** How a chunk is merged: contacts (new only, or new then existing) or the suppression list. */
export type MergePlan =
  | { kind: "contacts"; updateExisting: boolean; params: unknown[] }
  | { kind: "suppressions"; params: unknown[] };

const STAGES = new Map<string, string>([
  [sql.DROP_SEEN_DUPLICATES, "seenDuplicates"], [sql.REMEMBER_SEEN, "rememberSeen"], [sql.INSERT_NEW, "insertNew"],
  [sql.UPDATE_EXISTING, "updateExisting"], [sql.MARK_EXISTING, "markExisting"], [sql.INSERT_NEW_RACING, "insertNew"], [sql.MERGE_SUPPRESSIONS, "mergeSuppressions"], [sql.INSERT_ROW_ERRORS, "rowErrors"],
  [sql.MOVE_COUNTERS, "counters"], ["COMMIT", "commit"], [sql.BEGIN_CHUNK, "begin"], [sql.PLAN_FREELY, "planFreely"],
]);

type Timed = { query: <R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]) => Promise<QueryResult<R>> };

export class Lane {
  /**
   * The chunk's COPY text as UTF-8 bytes. Kept as bytes rather than a list of strings: each row
   * string is a tree of concatenations in V8, about ten times its text in heap.
   */
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private staged = 0;
  /** Numbers of the current chunk that the database must dedupe → the line they were first seen on. */
  private firstLine = new Map<string, number>();
  private invalid: RowError[] = [];
  private duplicates: RowError[] = [];
  private read = 0;
  /** Some rows of this lane are deduped in imp_seen (sticky: the in-memory table never thaws). */
  private dedupeInDb = false;
  /** imp_seen holds numbers of earlier chunks. */
  private rememberedBefore = false;
  private inflight: Promise<boolean> | null = null;
  /** Milliseconds spent per stage, summed over chunks (logged when the job ends). */
  readonly ms: Record<string, number> = {};

  /**
   * @param expectNew the workspace had no contacts when the import began (a first import): chunks
   *   skip the search for existing numbers, and a number someone else added meanwhile makes its
   *   chunk start over with the search, as does every later chunk.
   */
  constructor(private readonly client: PoolClient, private readonly jobId: string, private readonly plan: MergePlan, private expectNew = false) {}

  static async open(client: PoolClient, jobId: string, plan: MergePlan, expectNew = false): Promise<Lane> {
    try {
      // imp_seen reaches tens of MB on a big file; the 8 MB default would spill it to disk. Settable
      // only before the session first touches a temp table, so a reused session keeps what it had.
      await client.query("SET temp_buffers = '64MB'").catch(() => {});
      await client.query(sql.CREATE_STAGING);
    } catch (err) {
      client.release();
      throw err;
    }
    return new Lane(client, jobId, plan, expectNew);
  }

  /** Rows held in the current chunk. */
  get size(): number {
    return this.staged + this.invalid.length + this.duplicates.length;
  }

  /**
   * Stages a valid row. `checkInDb`: the in-memory table of seen numbers was full, so this number's
   * earlier occurrences, if any, are looked for here (this chunk) and in imp_seen (earlier chunks).
   */
  addRow(phone: string, line: number, copyLine: () => string, raw: () => string, checkInDb = false): void {
    if (checkInDb) {
      const first = this.firstLine.get(phone);
      if (first !== undefined) return this.addDuplicate(line, first, raw());
      this.firstLine.set(phone, line);
      this.dedupeInDb = true;
    }
    this.read++;
    this.staged++;
    const text = copyLine();
    // UTF-8 takes at most 3 bytes per UTF-16 unit: room for that spares measuring each line.
    const max = text.length * 3;
    if (this.used + max > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + max));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used);
  }

  /** A repeat of a number first seen on line `first`. */
  addDuplicate(line: number, first: number, raw: string): void {
    this.read++;
    this.duplicates.push({ line, reason: `Duplicate: the same number is already on line ${first} of this file.`, raw });
  }

  addInvalid(e: RowError): void {
    this.read++;
    this.invalid.push(e);
  }

  /**
   * Hands the current chunk to the database and starts a new one. Waits for this lane's previous
   * chunk first (one in flight per lane bounds memory). Resolves true when the user asked to cancel.
   */
  async flush(): Promise<boolean> {
    if (this.inflight && (await this.inflight)) return true;
    const chunk = { text: Buffer.from(this.buf.subarray(0, this.used)), staged: this.staged, invalid: this.invalid, duplicates: this.duplicates, read: this.read, dedupeInDb: this.dedupeInDb };
    this.used = 0;
    this.staged = 0;
    if (this.firstLine.size) this.firstLine = new Map();
    this.invalid = [];
    this.duplicates = [];
    this.read = 0;
    const p = this.write(chunk);
    // Surface a failed chunk at the next await instead of as an unhandled rejection.
    p.catch(() => {});
    this.inflight = p;
    return false;
  }

  /** Waits for the chunk in flight; true when the user asked to cancel. */
  async drain(): Promise<boolean> {
    const p = this.inflight;
    this.inflight = null;
    return p ? p : false;
  }

  /** Drops the staging tables and gives the session back to the pool. */
  async close(): Promise<void> {
    await this.inflight?.catch(() => {});
    await this.client.query(sql.DROP_STAGING).catch(() => {});
    this.client.release();
  }

  /** The session's query, timing each statement into `ms` by stage. */
  private readonly timed: Timed = {
    query: async <R extends QueryResultRow>(text: string, params?: unknown[]) => {
      const t = performance.now();
      const r = await this.client.query<R>(text, params);
      const stage = STAGES.get(text) ?? "other";
      this.ms[stage] = (this.ms[stage] ?? 0) + performance.now() - t;
      return r;
    },
  };

  /**
   * One transaction: stage, drop numbers seen in earlier chunks, merge, report rows, move counters.
   * New numbers go in with a plain INSERT. If another writer added one of them since MARK_EXISTING
   * (or since the import began, when it expected only new numbers), the whole chunk is done again
   * with the search and ON CONFLICT: a savepoint around the INSERT would make every
   * new contact a subtransaction's row, which the consent events' check then has to lock.
   */
  private async write(c: { text: Buffer; staged: number; invalid: RowError[]; duplicates: RowError[]; read: number; dedupeInDb: boolean }, racing = false): Promise<boolean> {
    const client = this.client;
    const db = this.timed;
    // One round trip: the session's answers wait for the parser's turn on the event loop.
    await db.query(sql.BEGIN_CHUNK);
    try {
      let imported = 0;
      let updated = 0;
      let seenBefore = 0;
      if (c.staged > 0) {
        const t = performance.now();
        await pipeline(Readable.from([c.text]), client.query(copyFrom(sql.COPY_CHUNK)) as unknown as Writable);
        this.ms.copy = (this.ms.copy ?? 0) + performance.now() - t;
        if (c.dedupeInDb) {
          if (this.rememberedBefore) seenBefore = (await db.query(sql.DROP_SEEN_DUPLICATES, [this.jobId])).rowCount ?? 0;
          await db.query(sql.REMEMBER_SEEN);
        }
        const left = c.staged - seenBefore;
        const probe = this.plan.kind === "contacts" && left > 0 && (racing || !this.expectNew);
        const existing = probe ? ((await db.query(sql.MARK_EXISTING, this.plan.params.slice(0, 1))).rowCount ?? 0) : 0;
        await db.query(sql.PLAN_FREELY);
        if (this.plan.kind === "suppressions") {
          imported = (await db.query<{ n: number }>(sql.MERGE_SUPPRESSIONS, this.plan.params)).rows[0]!.n;
        } else if (left > 0) {
          if (existing < left) imported = (await db.query<{ n: number }>(racing ? sql.INSERT_NEW_RACING : sql.INSERT_NEW, this.plan.params)).rows[0]!.n;
          if (existing > 0 && this.plan.updateExisting) updated = (await db.query<{ n: number }>(sql.UPDATE_EXISTING, this.plan.params)).rows[0]!.n;
        }
      }
      this.rememberedBefore ||= c.dedupeInDb && c.staged > 0;
      const errors = c.invalid.concat(c.duplicates);
      if (errors.length) {
        await db.query(sql.INSERT_ROW_ERRORS, [this.jobId, errors.map((i) => i.line), errors.map((i) => i.reason), errors.map((i) => i.raw)]);
      }
      // Numbers that were neither created nor updated already existed (skip policy, or a suppression already listed).
      const existing = c.staged - seenBefore - imported - updated;
      const counts: Counts = { rowsRead: c.read, imported, updated, skipped: c.duplicates.length + seenBefore + existing, invalid: c.invalid.length };
      const r = await db.query<{ cancelRequested: boolean }>(sql.MOVE_COUNTERS, [this.jobId, counts.rowsRead, counts.imported, counts.updated, counts.skipped, counts.invalid]);
      await db.query("COMMIT");
      return r.rows[0]?.cancelRequested === true;
    } catch (err) {
      await db.query("ROLLBACK").catch(() => {});
      if (!racing && this.plan.kind === "contacts" && (err as { code?: string }).code === "23505") {
        this.expectNew = false;
        return this.write(c, true);
      }
      throw err;
    }
  }
}
