// Fan-out: snapshot a campaign's audience into ledger rows with bulk INSERT … SELECT, a chunk of
// contact ids at a time, then enqueue one dispatch job per batch (never one per recipient).
// Everyone targeted gets a row; opted-out and suppressed contacts get `skipped` with the reason,
// so the funnel shows who was excluded and why. The chunks' id ranges are cut up front, so two
// sessions insert at once (one core each). Resumable: the campaign records the id below which
// every chunk is in (a watermark: chunks finish out of order); a re-run after a crash continues
// from there, ON CONFLICT keeps every row single, and only batches that still have queued rows
// are enqueued again.
import { pgPool } from "@/lib/db/pg";
import { audienceSql, readAudience } from "@/lib/campaigns/audience";
import { childLogger } from "@/lib/log";
import { now } from "./clock";
import { enqueueBatches } from "./pipeline/enqueue";
import { completeIfDone } from "./dispatch";

const log = childLogger("fanout");

export const batchSize = () => Number(process.env.FANOUT_BATCH_SIZE ?? 500);
/** Contacts per INSERT statement: a whole number of batches, so batch numbers are dense. */
const chunkBatches = () => Number(process.env.FANOUT_CHUNK_BATCHES ?? 40);
/** Chunks inserted at once, each by its own session. */
const LANES = 2;

export type FanoutResult = { inserted: number; batches: number; resumed: boolean; state: string };

/** Pasted numbers that are not contacts yet become contacts (phone only), so every recipient has a row. */
async function upsertPastedNumbers(workspaceId: string, numbers: string[]): Promise<void> {
  if (!numbers.length) return;
  await pgPool().query(
    `INSERT INTO contact ("workspaceId", phone, "updatedAt") SELECT $1, n, now() FROM unnest($2::text[]) AS n
     ON CONFLICT ("workspaceId", phone) DO NOTHING`,
    [workspaceId, numbers],
  );
}

export async function fanOut(campaignId: string): Promise<FanoutResult> {
  const pool = pgPool();
  const { rows: cs } = await pool.query<{ workspaceId: string; state: string; audience: unknown; connectionId: string | null; scheduleKind: string; scheduledAt: Date | null; localTime: string | null; timeZone: string; fanoutDone: boolean }>(
    `SELECT c."workspaceId", c.state, c.audience, c."connectionId", c."scheduleKind", c."scheduledAt", c."localTime", w."timeZone", COALESCE((c.stats->>'fanoutDone')::boolean, false) AS "fanoutDone"
       FROM campaign c JOIN workspace w ON w.id = c."workspaceId" WHERE c.id = $1`,
    [campaignId],
  );
  const c = cs[0];
  if (!c || !["scheduled", "sending", "paused"].includes(c.state)) return { inserted: 0, batches: 0, resumed: false, state: c?.state ?? "missing" };
  const startIso = now().toISOString();
  // The campaign starts now: expiry counts from here.
  await pool.query(`UPDATE campaign SET state = 'sending', "startedAt" = COALESCE("startedAt", $2::timestamptz AT TIME ZONE 'UTC'), "updatedAt" = now() WHERE id = $1 AND state = 'scheduled'`, [campaignId, startIso]);

  const audience = readAudience(c.audience);
  await upsertPastedNumbers(c.workspaceId, audience.numbers);

  const { rows: prev } = await pool.query<{ last: string | null; maxBatch: number | null; after: string | null }>(
    `SELECT max(m."contactId") AS last, max(m."batchNo") AS "maxBatch", (SELECT stats->>'fanoutAfter' FROM campaign WHERE id = $1) AS after
       FROM message m WHERE m."campaignId" = $1`,
    [campaignId],
  );
  /** Highest contact with a row: chunks above it cannot collide with an earlier run. */
  const highest = BigInt(prev[0]?.last ?? "0");
  const nextBatch = prev[0]?.maxBatch === null || prev[0]?.maxBatch === undefined ? 0 : prev[0].maxBatch + 1;
  const resumed = highest > 0n;
  // Every contact up to the watermark has its row; above it, a crashed run may have finished some chunks and not others.
  const after = prev[0]?.after ?? "0";
  if (resumed) {
    // A previous run may have died between an INSERT and its enqueue: enqueue what is still queued.
    const { rows } = await pool.query<{ b: number }>(`SELECT DISTINCT "batchNo" AS b FROM message WHERE "campaignId" = $1 AND status = ANY($2::message_status[])`, [campaignId, ["queued", "retry"]]);
    await enqueueBatches(campaignId, rows.map((r) => r.b));
  }

  // $1 campaign, $2 workspace, $3 from id (exclusive), $4 to id (inclusive, or null: no end), $5 batch
  // base, $6 batch size, $7 connection, $8 schedule kind, $9 scheduled at, $10 local time, $11
  // workspace zone, $12 now, $13 last batch of the chunk (null: no end); then the audience's.
  const aud = await audienceSql(c.workspaceId, c.audience, { firstParam: 14 });
  const size = batchSize();
  const perChunk = chunkBatches();
  const chunk = size * perChunk;
  const notBefore = `CASE
      WHEN $8 = 'at' AND $9::timestamptz IS NOT NULL THEN $9::timestamptz AT TIME ZONE 'UTC'
      WHEN $8 = 'local' AND $10::text IS NOT NULL THEN (
        SELECT CASE WHEN l.t < ($12::timestamptz AT TIME ZONE z.tz) THEN l.t + interval '1 day' ELSE l.t END AT TIME ZONE z.tz AT TIME ZONE 'UTC'
          FROM (SELECT date_trunc('day', $12::timestamptz AT TIME ZONE z.tz) + $10::time AS t) l)
      ELSE NULL END`;
  // A chunk's batches are numbered from its own base. Contacts that joined the audience after the
  // ranges were cut go into the chunk's last batch, so a chunk never takes a batch number of the next.
  const sqlWith = (onConflict: string) => `
    WITH zones AS (SELECT name FROM pg_timezone_names WHERE $8 = 'local'),
    pick AS (
      SELECT c.id, c.phone, c.consent, c."timeZone", row_number() OVER (ORDER BY c.id) - 1 AS rn
        FROM contact c
       WHERE c.id IN (SELECT a.id FROM (${aud.sql}) a WHERE a.id > $3::bigint AND ($4::bigint IS NULL OR a.id <= $4::bigint))
    ),
    ins AS (
      INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, status, reason, "batchNo", "connectionId", "notBefore", "finishedAt", "updatedAt")
      SELECT $2, $1, p.id, p.phone,
             CASE WHEN p.consent = 'unsubscribed' OR s.phone IS NOT NULL THEN 'skipped'::message_status ELSE 'queued'::message_status END,
             CASE WHEN p.consent = 'unsubscribed' THEN 'opted out' WHEN s.phone IS NOT NULL THEN 'suppressed' END,
             $5::int + LEAST((p.rn / $6::int)::int, COALESCE($13::int, 2147483647)), $7, ${notBefore},
             CASE WHEN p.consent = 'unsubscribed' OR s.phone IS NOT NULL THEN now() END, now()
        FROM pick p
        LEFT JOIN zones zn ON zn.name = p."timeZone"
        CROSS JOIN LATERAL (SELECT COALESCE(zn.name, $11) AS tz) z
        LEFT JOIN suppression s ON s."workspaceId" = $2 AND s.phone = p.phone
      ${onConflict}
      RETURNING "batchNo", status
    )
    SELECT (SELECT count(*) FROM ins) AS inserted,
           (SELECT array_agg(DISTINCT "batchNo") FROM ins WHERE status = 'queued') AS batches`;
  // A chunk above every existing row is a plain INSERT: ON CONFLICT's speculative insertion cost about
  // as much again per row. Only a fan-out of the same campaign running at the same time (a job taken
  // twice) can collide; its unique violation undoes the whole statement, which then runs again with ON CONFLICT.
  const plain = sqlWith("");
  const racing = sqlWith(`ON CONFLICT ("campaignId", "contactId") DO NOTHING`);

  // The chunks' upper ends: every `chunk`-th audience id above the watermark; the last chunk has no end.
  const cutAud = await audienceSql(c.workspaceId, c.audience, { firstParam: 3 });
  const { rows: cuts } = await pool.query<{ id: string }>(
    `SELECT id FROM (SELECT a.id, row_number() OVER (ORDER BY a.id) AS rn FROM (${cutAud.sql}) a WHERE a.id > $1::bigint) x WHERE rn % $2 = 0 ORDER BY id`,
    [after, chunk, ...cutAud.params],
  );
  const ranges = [after, ...cuts.map((r) => r.id)].map((from, i, all) => ({ from, to: all[i + 1] ?? null, base: nextBatch + i * perChunk }));

  type ChunkRow = { inserted: string; batches: number[] | null };
  let inserted = 0;
  let batches = 0;
  const done = ranges.map(() => false);
  let watermark = 0;
  let taken = 0;
  const lane = async () => {
    for (let i = taken++; i < ranges.length; i = taken++) {
      const r = ranges[i]!;
      const params = [
        campaignId, c.workspaceId, r.from, r.to, r.base, size, c.connectionId, c.scheduleKind, c.scheduledAt ? c.scheduledAt.toISOString() : null, c.localTime, c.timeZone, startIso,
        r.to === null ? null : perChunk - 1, ...aud.params,
      ];
      const { rows } = await pool.query<ChunkRow>(highest > BigInt(r.from) ? racing : plain, params).catch((e: { code?: string }) => {
        if (e?.code !== "23505") throw e;
        log.warn({ campaignId }, "another fan-out of this campaign wrote the same rows: continuing with ON CONFLICT");
        return pool.query<ChunkRow>(racing, params);
      });
      const row = rows[0]!;
      inserted += Number(row.inserted);
      const b = (row.batches ?? []).map(Number).sort((x, y) => x - y);
      if (b.length) await enqueueBatches(campaignId, b);
      batches += b.length;
      done[i] = true;
      // Move the watermark over every chunk finished without a gap below it.
      const before = watermark;
      while (watermark < ranges.length && done[watermark]) watermark++;
      // The two lanes' updates may land in either order: only a higher watermark replaces a lower one.
      if (watermark > before && watermark < ranges.length) {
        await pool.query(
          `UPDATE campaign SET stats = stats || jsonb_build_object('fanoutAfter', $2::text) WHERE id = $1 AND COALESCE((stats->>'fanoutAfter')::bigint, 0) < $2::bigint`,
          [campaignId, ranges[watermark - 1]!.to],
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, ranges.length) }, lane));
  await pool.query(
    `UPDATE campaign SET stats = stats || jsonb_build_object('fanoutDone', true, 'total', (SELECT count(*) FROM message WHERE "campaignId" = $1)), "updatedAt" = now() WHERE id = $1`,
    [campaignId],
  );
  await completeIfDone(campaignId);
  log.info({ campaignId, inserted, batches, resumed }, "fan-out done");
  return { inserted, batches, resumed, state: "sending" };
}
