// The pipeline's periodic check (a repeatable job with a stable id): everything Redis might have
// dropped or a dead worker might have left behind is found again from the ledger.
//  - batches with rows stuck in `submitting` and no live holder → re-run (they become "unknown")
//  - a sending campaign with open rows but no dispatch job anywhere (Redis lost its queue) → re-enqueue
//  - submitted rows with no delivery report after N hours → a `no_report` event (counted in stats)
//  - campaigns whose last batch finished before the fan-out recorded it was done → completed
import { pgPool } from "@/lib/db/pg";
import { getQueue, jobId } from "@/lib/queues";
import { childLogger } from "@/lib/log";
import { completeIfDone } from "@/lib/campaigns/dispatch";
import { isBatchLocked, lockTtlMs } from "./batch-lock";
import { enqueueBatches } from "./enqueue";
import { pipelineRedis } from "./keys";

const log = childLogger("campaign-sweep");

/** Until the sweep had its own queue it rode on the fan-out queue with this campaign id. */
export const LEGACY_SWEEP_CAMPAIGN_ID = "_sweep";
export const SWEEP_SCHEDULER_ID = "campaign-sweep";
export const sweepEveryMs = () => Number(process.env.CAMPAIGN_SWEEP_MS ?? 15_000);
/** How long due rows may sit untouched before the sweep assumes their job is gone. */
const idleSec = () => Number(process.env.CAMPAIGN_IDLE_REQUEUE_S ?? 90);
const noReportHours = () => Number(process.env.CAMPAIGN_NO_REPORT_HOURS ?? 48);

/** Idempotent: the scheduler id is stable, so every launch may call it. */
export async function ensureSweepScheduler(): Promise<void> {
  await getQueue("campaignSweep").upsertJobScheduler(
    SWEEP_SCHEDULER_ID,
    { every: sweepEveryMs() },
    { name: "campaign-sweep", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  // The scheduler an older release left on the fan-out queue would keep firing there: remove it once.
  if (!legacyRemoved) {
    legacyRemoved = true;
    await getQueue("campaignFanout").removeJobScheduler(SWEEP_SCHEDULER_ID).catch(() => false);
  }
}
let legacyRemoved = false;

export async function sweep(): Promise<{ recovered: number; requeued: number; noReport: number; completed: number }> {
  const pool = pgPool();
  const redis = pipelineRedis();
  const { rows: active } = await pool.query<{ id: string; state: string; fanoutDone: boolean }>(
    `SELECT id, state, COALESCE((stats->>'fanoutDone')::boolean, false) AS "fanoutDone" FROM campaign WHERE state IN ('sending', 'paused')`,
  );
  let recovered = 0;
  let requeued = 0;
  let completed = 0;
  const staleSec = Math.ceil((lockTtlMs() * 2) / 1000);
  const counts = await getQueue("campaignDispatch").getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children");
  const queueEmpty = Object.values(counts).every((n) => n === 0);
  for (const c of active) {
    const { rows: stuck } = await pool.query<{ b: number }>(
      `SELECT DISTINCT "batchNo" AS b FROM message WHERE "campaignId" = $1 AND status = 'submitting' AND "updatedAt" < now() - make_interval(secs => $2)`,
      [c.id, staleSec],
    );
    const orphaned: number[] = [];
    for (const { b } of stuck) if (!(await isBatchLocked(redis, c.id, b))) orphaned.push(b);
    if (orphaned.length) {
      await enqueueBatches(c.id, orphaned, "recover");
      recovered += orphaned.length;
    }
    if (c.state === "sending") {
      // Due rows nobody has touched for a while: their job was lost (Redis restart) or failed after
      // repeated stalls (killed workers). Re-derived from the ledger, not from the queue's state — a
      // delayed follow-up elsewhere in the queue must not hide them. One extra job per batch per
      // window at most; a batch run twice is harmless (batch lock + compare-and-set).
      const { rows: open } = await pool.query<{ b: number }>(
        `SELECT DISTINCT "batchNo" AS b FROM message
          WHERE "campaignId" = $1 AND status = ANY($2::message_status[])
            AND ("notBefore" IS NULL OR "notBefore" <= now()) AND "updatedAt" < now() - make_interval(secs => $3)`,
        [c.id, ["queued", "retry"], idleSec()],
      );
      const free: number[] = [];
      for (const { b } of open) if (!(await isBatchLocked(redis, c.id, b))) free.push(b);
      if (free.length) {
        await enqueueBatches(c.id, free, `sweep${Math.floor(Date.now() / (idleSec() * 1000))}`);
        requeued += free.length;
      }
      if (!c.fanoutDone && queueEmpty) await getQueue("campaignFanout").add("campaign-fanout", { campaignId: c.id }, { jobId: jobId("fanout", c.id, "requeue", Date.now()) });
    }
    if (c.state === "sending" && (await completeIfDone(c.id))) completed++;
    // A report that overtook its submit response waits unmatched in gateway_event until the next
    // drain; with no further traffic nothing would drain again, so nudge it while rows await reports.
    if (c.state === "sending") {
      const { rows: waiting } = await pool.query<{ conn: string }>(
        `SELECT "connectionId" AS conn FROM message WHERE "campaignId" = $1 AND status = 'submitted' AND "connectionId" IS NOT NULL LIMIT 1`,
        [c.id],
      );
      if (waiting[0]) await getQueue("inboundEvents").add("inbound-events", { connectionId: waiting[0].conn }, { jobId: jobId("inbound-nudge", waiting[0].conn, Math.floor(Date.now() / 10_000)) }).catch(() => {});
    }
  }
  // Reports that never came: flagged once per row (the NOT EXISTS keeps it idempotent).
  const { rowCount } = await pool.query(
    `INSERT INTO message_event ("messageId", type, status, detail)
     SELECT m.id, 'no_report', m.status, jsonb_build_object('hours', $1::int)
       FROM message m
      WHERE m.status = 'submitted' AND m."submittedAt" < (now() AT TIME ZONE 'UTC') - make_interval(hours => $1::int)
        AND m."campaignId" IN (SELECT id FROM campaign WHERE state IN ('sending', 'completed') AND "startedAt" > (now() AT TIME ZONE 'UTC') - interval '30 days')
        AND NOT EXISTS (SELECT 1 FROM message_event e WHERE e."messageId" = m.id AND e.type = 'no_report')
      LIMIT 10000`,
    [noReportHours()],
  );
  const res = { recovered, requeued, noReport: rowCount ?? 0, completed };
  if (recovered || requeued || res.noReport || completed) log.info(res, "sweep");
  return res;
}
