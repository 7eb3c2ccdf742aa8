// Batched ledger writes of the dispatcher. Every UPDATE is a compare-and-set on the statuses the
// state machine (lib/campaigns/status.ts) allows, so a stale worker can never move a row backwards.
import { pgPool } from "@/lib/db/pg";
import { allowedFrom, canMove } from "@/lib/campaigns/status";

/** A pipeline "now" as a UTC timestamp literal for timestamp(3) columns (Prisma stores UTC). */
export const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

export type Candidate = {
  id: string;
  phone: string;
  attempts: number;
  firstName: string | null;
  lastName: string | null;
  attributes: unknown;
  handsetClass: string | null;
  timeZone: string | null;
  consent: string;
  suppressed: boolean;
};

export type Verdict =
  | { id: string; kind: "send" }
  | { id: string; kind: "skip"; reason: string }
  | { id: string; kind: "fail"; reason: string }
  | { id: string; kind: "defer"; until: number };

/**
 * Takes up to `limit` claimable rows of a batch, with fresh consent, suppression and zone data, and
 * moves the ones to send to `submitting` (attempts + 1: the attempt number is the claim's token).
 * With `plain` (the caller's promise that `judge` would send every row that is neither opted out nor
 * suppressed: no quiet hours apply and the campaign has not expired), the claim is one statement; the
 * rows it did not take, and every row otherwise, are judged here and written as skips, failures,
 * deferrals or claims, each a compare-and-set, so a row is never claimed twice.
 */
export async function claimChunk(
  campaignId: string,
  batchNo: number,
  limit: number,
  nowIso: string,
  connectionId: string,
  judge: (rows: Candidate[]) => Verdict[],
  plain: boolean,
): Promise<{ claimed: Array<Candidate & { attempt: number }>; seen: number }> {
  const pool = pgPool();
  // No ORDER BY: the index on (campaignId, batchNo, status) hands rows over in table order (about id
  // order for a fan-out's rows), so the scan stops at `limit`; sorting by id read, joined and sorted
  // every row left in the batch (500 at first) to take 50. Named: planned once per connection.
  const { rows } = await pool.query<Candidate & { attempt: number | null }>({
    name: "dispatch_claim",
    text: `WITH cand AS (
       SELECT m.id, m.phone, m.attempts, c."firstName", c."lastName", c.attributes, c."handsetClass", c."timeZone", c.consent,
              (s.phone IS NOT NULL) AS suppressed
         FROM message m
         JOIN contact c ON c.id = m."contactId"
         LEFT JOIN suppression s ON s."workspaceId" = m."workspaceId" AND s.phone = m.phone
        WHERE m."campaignId" = $1 AND m."batchNo" = $2 AND m.status = ANY($3::message_status[])
          AND (m."notBefore" IS NULL OR m."notBefore" <= ${utc(4)})
        LIMIT $5
        FOR UPDATE OF m SKIP LOCKED
     ), claimed AS (
       UPDATE message m SET status = 'submitting', attempts = m.attempts + 1, "connectionId" = $6, "updatedAt" = now()
         FROM cand
        WHERE $7::boolean AND m.id = cand.id AND cand.consent <> 'unsubscribed' AND NOT cand.suppressed
       RETURNING m.id, m.attempts
     )
     SELECT cand.*, claimed.attempts AS attempt FROM cand LEFT JOIN claimed USING (id) ORDER BY cand.id`,
    values: [campaignId, batchNo, allowedFrom("submitting"), nowIso, limit, connectionId, plain],
  });
  const claimed = rows.filter((r): r is Candidate & { attempt: number } => r.attempt !== null);
  const rest = claimed.length === rows.length ? [] : rows.filter((r) => r.attempt === null);
  if (!rest.length) return { claimed, seen: rows.length };

  const verdicts = judge(rest);
  const finals = verdicts.filter((v): v is Extract<Verdict, { kind: "skip" | "fail" }> => v.kind === "skip" || v.kind === "fail");
  for (const to of ["skipped", "failed"] as const) {
    const set = finals.filter((v) => (v.kind === "skip" ? "skipped" : "failed") === to);
    if (set.length) await finish(pool, set.map((v) => v.id), set.map((v) => v.reason), to);
  }
  const defers = verdicts.filter((v): v is Extract<Verdict, { kind: "defer" }> => v.kind === "defer");
  if (defers.length) {
    await pool.query(
      `UPDATE message m SET "notBefore" = v.nb AT TIME ZONE 'UTC', "updatedAt" = now()
         FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, nb)
        WHERE m.id = v.id AND m.status = ANY($3::message_status[])`,
      [defers.map((d) => d.id), defers.map((d) => new Date(d.until).toISOString()), allowedFrom("submitting")],
    );
  }
  const send = new Set(verdicts.filter((v) => v.kind === "send").map((v) => v.id));
  if (send.size) {
    const r = await pool.query<{ id: string; attempts: number }>(
      `UPDATE message SET status = 'submitting', attempts = attempts + 1, "connectionId" = $2, "updatedAt" = now()
        WHERE id = ANY($1::bigint[]) AND status = ANY($3::message_status[])
        RETURNING id, attempts`,
      [[...send], connectionId, allowedFrom("submitting")],
    );
    const attempt = new Map(r.rows.map((x) => [x.id, x.attempts]));
    for (const x of rest) if (attempt.has(x.id)) claimed.push({ ...x, attempt: attempt.get(x.id)! });
  }
  return { claimed, seen: rows.length };
}

/** Moves rows to a final status with their reasons, and records each move as an event, in one statement. */
async function finish(client: ReturnType<typeof pgPool>, ids: string[], reasons: string[], to: "skipped" | "failed") {
  await client.query(
    `WITH moved AS (
       UPDATE message m SET status = $3::message_status, reason = v.reason, "finishedAt" = now(), "updatedAt" = now()
         FROM unnest($1::bigint[], $2::text[]) AS v(id, reason)
        WHERE m.id = v.id AND m.status = ANY($4::message_status[])
       RETURNING m.id, v.reason
     )
     INSERT INTO message_event ("messageId", type, status, detail)
     SELECT id, 'status', $3::message_status, jsonb_build_object('reason', reason) FROM moved`,
    [ids, reasons, to, allowedFrom(to)],
  );
}

export type Outcome = {
  id: string;
  attempt: number;
  status: "submitted" | "retry" | "failed" | "unknown";
  reason: string | null;
  mmscMessageId: string | null;
  /** retry only: when the row may be claimed again (pipeline clock, ms). */
  notBefore: number | null;
  statusCode?: number;
};

// Outcomes are written from `submitting` only, by the attempt that claimed the row.
for (const s of ["submitted", "retry", "failed", "unknown"] as const) if (!canMove("submitting", s)) throw new Error(`ledger: submitting → ${s} is not allowed`);

/** Writes a chunk's submit outcomes in one statement, plus an event for every row that was not simply accepted. */
export async function writeOutcomes(outcomes: Outcome[], nowIso: string): Promise<number> {
  if (!outcomes.length) return 0;
  const pool = pgPool();
  const { rowCount } = await pool.query({
    name: "dispatch_outcomes",
    text: `UPDATE message m SET status = v.st::message_status, reason = v.reason, "mmscMessageId" = v.mid,
            "submittedAt" = CASE WHEN v.st = 'submitted' THEN ${utc(8)} ELSE m."submittedAt" END,
            "notBefore" = CASE WHEN v.st = 'retry' THEN v.nb AT TIME ZONE 'UTC' ELSE m."notBefore" END,
            "finishedAt" = CASE WHEN v.st = 'failed' THEN now() ELSE m."finishedAt" END,
            "updatedAt" = now()
       FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS v(id, attempt, st, reason, mid, nb)
      WHERE m.id = v.id AND m.attempts = v.attempt AND m.status = ANY($7::message_status[])`,
    values: [
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.attempt),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.reason),
      outcomes.map((o) => o.mmscMessageId),
      outcomes.map((o) => (o.notBefore ? new Date(o.notBefore).toISOString() : null)),
      ["submitting"],
      nowIso,
    ],
  });
  const notable = outcomes.filter((o) => o.status !== "submitted");
  if (notable.length) {
    await pool.query(
      `INSERT INTO message_event ("messageId", type, status, detail)
       SELECT v.id, 'submit', v.st::message_status, jsonb_strip_nulls(jsonb_build_object('attempt', v.attempt, 'reason', v.reason, 'code', v.code))
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::int[]) AS v(id, attempt, st, reason, code)`,
      [notable.map((o) => o.id), notable.map((o) => o.attempt), notable.map((o) => o.status), notable.map((o) => o.reason), notable.map((o) => o.statusCode ?? null)],
    );
  }
  return rowCount ?? 0;
}

/**
 * Rows a previous run of this batch left in `submitting`: that worker died (or lost its lock) with
 * the request possibly on the wire, so they become "unknown" and are never resent automatically.
 */
export async function recoverInFlight(campaignId: string, batchNo: number): Promise<number> {
  const { rowCount } = await pgPool().query(
    `WITH moved AS (
       UPDATE message SET status = 'unknown', reason = $3, "updatedAt" = now()
        WHERE "campaignId" = $1 AND "batchNo" = $2 AND status = 'submitting' AND 'submitting' = ANY($4::message_status[])
       RETURNING id
     )
     INSERT INTO message_event ("messageId", type, status, detail)
     SELECT id, 'status', 'unknown', jsonb_build_object('reason', $3::text) FROM moved`,
    [campaignId, batchNo, "the worker stopped while this message may have been on its way to the carrier", allowedFrom("unknown")],
  );
  return rowCount ?? 0;
}

/** Rows whose campaign expired before they could be sent. */
export async function expireBatch(campaignId: string, batchNo: number): Promise<number> {
  const { rows } = await pgPool().query<{ id: string }>(
    `SELECT id FROM message WHERE "campaignId" = $1 AND "batchNo" = $2 AND status = ANY($3::message_status[])`,
    [campaignId, batchNo, ["queued", "retry"]],
  );
  if (!rows.length) return 0;
  const reason = "expired before sending";
  await finish(pgPool(), rows.map((r) => r.id), rows.map(() => reason), "failed");
  return rows.length;
}

/** Releases claimed rows that were not sent (pause or cancel seen right before submitting). */
export async function releaseClaimed(rows: Array<{ id: string; attempt: number }>, nowIso: string): Promise<void> {
  await writeOutcomes(rows.map((r) => ({ id: r.id, attempt: r.attempt, status: "retry" as const, reason: "held back: campaign paused or cancelled", mmscMessageId: null, notBefore: null })), nowIso);
  // Not a real attempt: give the attempt back so the retry budget is untouched.
  await pgPool().query(`UPDATE message SET attempts = attempts - 1 WHERE id = ANY($1::bigint[]) AND status = 'retry' AND attempts > 0`, [rows.map((r) => r.id)]);
}

/** Skips rows (e.g. a STOP seen in the opt-out set right before submit) that are in `retry`. */
export async function skipRows(ids: string[], reason: string): Promise<void> {
  if (ids.length) await finish(pgPool(), ids, ids.map(() => reason), "skipped");
}

/** When the batch next has work: null when nothing is left to send. */
export async function nextDue(campaignId: string, batchNo: number): Promise<number | null> {
  const { rows } = await pgPool().query<{ open: string; due: string | null }>(
    `SELECT count(*) AS open, (extract(epoch FROM min(COALESCE("notBefore", 'epoch'::timestamp))) * 1000)::bigint AS due
       FROM message WHERE "campaignId" = $1 AND "batchNo" = $2 AND status = ANY($3::message_status[])`,
    [campaignId, batchNo, ["queued", "retry"]],
  );
  return Number(rows[0]!.open) > 0 ? Number(rows[0]!.due) : null;
}
