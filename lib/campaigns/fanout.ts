// Fan-out: snapshot a campaign's audience into ledger rows with bulk INSERT … SELECT, a chunk of
// contact ids at a time, then enqueue one dispatch job per batch (never one per recipient).
// Everyone targeted gets a row; opted-out and suppressed contacts get `skipped` with the reason,
// so the funnel shows who was excluded and why. Resumable: a re-run after a crash continues after
// the highest contact already snapshotted, ON CONFLICT keeps every row single, and only batches
// that still have queued rows are enqueued again.
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

  const { rows: prev } = await pool.query<{ last: string | null; maxBatch: number | null }>(
    `SELECT max("contactId") AS last, max("batchNo") AS "maxBatch" FROM message WHERE "campaignId" = $1`,
    [campaignId],
  );
  let last = prev[0]?.last ?? "0";
  let nextBatch = prev[0]?.maxBatch === null || prev[0]?.maxBatch === undefined ? 0 : prev[0].maxBatch + 1;
  const resumed = last !== "0";
  if (resumed) {
    // A previous run may have died between an INSERT and its enqueue: enqueue what is still queued.
    const { rows } = await pool.query<{ b: number }>(`SELECT DISTINCT "batchNo" AS b FROM message WHERE "campaignId" = $1 AND status = ANY($2::message_status[])`, [campaignId, ["queued", "retry"]]);
    await enqueueBatches(campaignId, rows.map((r) => r.b));
  }

  // $1 campaign, $2 workspace, $3 last id, $4 chunk, $5 batch base, $6 batch size, $7 connection,
  // $8 schedule kind, $9 scheduled at, $10 local time, $11 workspace zone, $12 now; then the audience's.
  const aud = await audienceSql(c.workspaceId, c.audience, { firstParam: 13 });
  const size = batchSize();
  const chunk = size * chunkBatches();
  const notBefore = `CASE
      WHEN $8 = 'at' AND $9::timestamptz IS NOT NULL THEN $9::timestamptz AT TIME ZONE 'UTC'
      WHEN $8 = 'local' AND $10::text IS NOT NULL THEN (
        SELECT CASE WHEN l.t < ($12::timestamptz AT TIME ZONE z.tz) THEN l.t + interval '1 day' ELSE l.t END AT TIME ZONE z.tz AT TIME ZONE 'UTC'
          FROM (SELECT date_trunc('day', $12::timestamptz AT TIME ZONE z.tz) + $10::time AS t) l)
      ELSE NULL END`;
  const sqlWith = (onConflict: string) => `
    WITH zones AS (SELECT name FROM pg_timezone_names WHERE $8 = 'local'),
    pick AS (
      SELECT c.id, c.phone, c.consent, c."timeZone", row_number() OVER (ORDER BY c.id) - 1 AS rn
        FROM contact c
       WHERE c.id IN (SELECT a.id FROM (${aud.sql}) a WHERE a.id > $3::bigint ORDER BY a.id LIMIT $4)
    ),
    ins AS (
      INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, status, reason, "batchNo", "connectionId", "notBefore", "finishedAt", "updatedAt")
      SELECT $2, $1, p.id, p.phone,
             CASE WHEN p.consent = 'unsubscribed' OR s.phone IS NOT NULL THEN 'skipped'::message_status ELSE 'queued'::message_status END,
             CASE WHEN p.consent = 'unsubscribed' THEN 'opted out' WHEN s.phone IS NOT NULL THEN 'suppressed' END,
             $5::int + (p.rn / $6::int)::int, $7, ${notBefore},
             CASE WHEN p.consent = 'unsubscribed' OR s.phone IS NOT NULL THEN now() END, now()
        FROM pick p
        LEFT JOIN zones zn ON zn.name = p."timeZone"
        CROSS JOIN LATERAL (SELECT COALESCE(zn.name, $11) AS tz) z
        LEFT JOIN suppression s ON s."workspaceId" = $2 AND s.phone = p.phone
      ${onConflict}
      RETURNING "batchNo", status
    )
    SELECT (SELECT max(id) FROM pick) AS last, (SELECT count(*) FROM pick) AS picked,
           (SELECT count(*) FROM ins) AS inserted,
           (SELECT array_agg(DISTINCT "batchNo") FROM ins WHERE status = 'queued') AS batches`;
  // Rows after `last` cannot exist yet, so a chunk is a plain INSERT: ON CONFLICT's speculative insertion cost
  // about as much again per row. Only a fan-out of the same campaign running at the same time (a job taken
  // twice) can collide; its unique violation undoes the whole statement, which then runs again with ON CONFLICT.
  const plain = sqlWith("");
  const racing = sqlWith(`ON CONFLICT ("campaignId", "contactId") DO NOTHING`);
  let inserted = 0;
  let batches = 0;
  for (;;) {
    const params = [
      campaignId, c.workspaceId, last, chunk, nextBatch, size, c.connectionId, c.scheduleKind, c.scheduledAt ? c.scheduledAt.toISOString() : null, c.localTime, c.timeZone, startIso,
      ...aud.params,
    ];
    type ChunkRow = { last: string | null; picked: string; inserted: string; batches: number[] | null };
    const { rows } = await pool.query<ChunkRow>(plain, params).catch((e: { code?: string }) => {
      if (e?.code !== "23505") throw e;
      log.warn({ campaignId }, "another fan-out of this campaign wrote the same rows: continuing with ON CONFLICT");
      return pool.query<ChunkRow>(racing, params);
    });
    const r = rows[0]!;
    if (!r.last || Number(r.picked) === 0) break;
    inserted += Number(r.inserted);
    const b = (r.batches ?? []).map(Number).sort((x, y) => x - y);
    if (b.length) await enqueueBatches(campaignId, b);
    batches += b.length;
    last = r.last;
    nextBatch += Math.ceil(Number(r.picked) / size);
    if (Number(r.picked) < chunk) break;
  }
  await pool.query(
    `UPDATE campaign SET stats = stats || jsonb_build_object('fanoutDone', true, 'total', (SELECT count(*) FROM message WHERE "campaignId" = $1)), "updatedAt" = now() WHERE id = $1`,
    [campaignId],
  );
  await completeIfDone(campaignId);
  log.info({ campaignId, inserted, batches, resumed }, "fan-out done");
  return { inserted, batches, resumed, state: "sending" };
}
