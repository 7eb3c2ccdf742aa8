// Dispatch of one batch of ledger rows: claim a few rows at a time (as many as the shared throttle
// allows), re-check consent, suppression, quiet hours and expiry right before submitting, submit,
// and record each outcome with a compare-and-set. A row is in `submitting` only while its request
// may be on the wire, so a crash leaves exactly those rows for the next run to mark "unknown".
import { config } from "@/lib/config";
import { pgPool } from "@/lib/db/pg";
import { childLogger } from "@/lib/log";
import { getConnector, type OutboundMms, type SubmitOutcome } from "@/lib/carrier/connector";
import type { HandsetClassName } from "@/lib/handset";
import { nowMs } from "./clock";
import { composeMessage } from "./compose-message";
import { webToken } from "./web-token";
import { deferUntil, pickZone } from "./quiet-hours";
import { campaignBucket, connectionBucket, take } from "./throttle";
import { campaignKit, type CampaignKit } from "./pipeline/kit";
import { acquireBatchLock, lockTtlMs } from "./pipeline/batch-lock";
import { controlKey, optOutKey, pipelineRedis } from "./pipeline/keys";
import { bucketOf, recordThroughput } from "./throughput";
import {
  claimChunk, expireBatch, nextDue, recoverInFlight, releaseClaimed, skipRows, writeOutcomes,
  type Candidate, type Outcome, type Verdict,
} from "./pipeline/ledger";

const log = childLogger("dispatch");

/**
 * Rows claimed and submitted together: the in-flight window of one batch job. With DISPATCH_JOBS, 4 × 50
 * keeps 200 requests in flight per process as 8 × 25 did, for a quarter less PostgreSQL and worker CPU
 * per message (campaigns bench at 50k: 1,039 → 1,184 msg/s).
 */
const chunkSize = () => Number(process.env.DISPATCH_CHUNK ?? 50);
const maxAttempts = () => Number(process.env.DISPATCH_MAX_ATTEMPTS ?? 5);
const retryBaseMs = () => Number(process.env.DISPATCH_RETRY_BASE_MS ?? 2_000);

/**
 * DISPATCH_PROFILE=1: where a chunk's wall time goes (ms summed over chunks, per phase), logged every
 * 5 s per process. `compose` is summed per message (CPU, overlaps the HTTP wait of others).
 */
const prof = process.env.DISPATCH_PROFILE ? { chunks: 0, msgs: 0, take: 0, claim: 0, gate: 0, composeSum: 0, submitWall: 0, write: 0 } : null;
if (prof) setInterval(() => prof.chunks && log.info({ profile: prof }, "dispatch profile"), 5_000).unref();
const lap = (t: number, k: keyof NonNullable<typeof prof>) => {
  const n = performance.now();
  if (prof) prof[k] += n - t;
  return n;
};

export type BatchResult = {
  outcome: "done" | "inactive" | "locked" | "stopped";
  submitted: number;
  /** Pipeline-clock ms at which the batch next has work; null when nothing is left. */
  nextAt: number | null;
};

/** The decision for each candidate row, with data read inside the claiming transaction. */
export function judge(kit: Pick<CampaignKit, "advertisement" | "messageClass" | "window" | "workspaceZone" | "expiresAt">, rows: Candidate[], atMs: number): Verdict[] {
  return rows.map((r): Verdict => {
    if (r.consent === "unsubscribed") return { id: r.id, kind: "skip", reason: "opted out" };
    if (r.suppressed) return { id: r.id, kind: "skip", reason: "suppressed" };
    if (kit.expiresAt && atMs >= kit.expiresAt.getTime()) return { id: r.id, kind: "fail", reason: "expired before sending" };
    if (kit.advertisement) {
      const until = deferUntil(atMs, pickZone(r.timeZone, kit.workspaceZone), kit.window);
      if (until !== null) return { id: r.id, kind: "defer", until };
    }
    return { id: r.id, kind: "send" };
  });
}

/** Whether `judge` sends every row that is neither opted out nor suppressed (what claimChunk may then decide in SQL). */
export function isPlain(kit: Pick<CampaignKit, "advertisement" | "expiresAt">, atMs: number): boolean {
  return !kit.advertisement && !(kit.expiresAt && atMs >= kit.expiresAt.getTime());
}

export function backoffMs(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs && retryAfterMs > 0) return Math.min(retryAfterMs, 15 * 60_000);
  const base = retryBaseMs() * 2 ** Math.max(0, attempt - 1);
  return Math.min(5 * 60_000, base) * (0.8 + Math.random() * 0.4);
}

export function outcomeFor(row: { id: string; attempt: number }, o: SubmitOutcome, atMs: number): Outcome {
  const base = { id: row.id, attempt: row.attempt, mmscMessageId: null, notBefore: null, statusCode: "statusCode" in o ? o.statusCode : undefined };
  switch (o.kind) {
    case "accepted":
      return { ...base, status: "submitted", reason: null, mmscMessageId: o.messageId };
    case "permanent":
      return { ...base, status: "failed", reason: o.reason };
    case "unknown":
      return { ...base, status: "unknown", reason: o.reason };
    case "retry":
      if (row.attempt >= maxAttempts()) return { ...base, status: "failed", reason: `${o.reason} (gave up after ${row.attempt} attempts)` };
      return { ...base, status: "retry", reason: o.reason, notBefore: atMs + backoffMs(row.attempt, o.retryAfterMs) };
  }
}

async function campaignState(campaignId: string): Promise<string | null> {
  const { rows } = await pgPool().query<{ state: string }>(`SELECT state FROM campaign WHERE id = $1`, [campaignId]);
  return rows[0]?.state ?? null;
}

async function submitOne(kit: CampaignKit, row: Candidate & { attempt: number }, appUrl: string): Promise<SubmitOutcome> {
  let msg: OutboundMms;
  const t0 = performance.now();
  try {
    msg = await composeMessage(kit, { messageId: row.id, attempt: row.attempt, phone: row.phone, firstName: row.firstName, lastName: row.lastName, attributes: row.attributes, handsetClass: row.handsetClass as HandsetClassName | null, webToken: webToken(kit.webKey, row.id) }, appUrl);
  } catch (e) {
    // Nothing left the building: safe to try again (a render limit hit under load passes next time);
    // a template that can never render fails with this reason once the attempts are used up.
    return { kind: "retry", reason: `the message could not be built: ${e instanceof Error ? e.message : String(e)}` };
  }
  lap(t0, "composeSum");
  try {
    return await getConnector(kit.connection).submit(msg);
  } catch (e) {
    // The connector classifies transport errors itself; anything else may have happened mid-request.
    return { kind: "unknown", reason: `unexpected error while submitting: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Marks the campaign completed once the fan-out is done and no row is left to send. */
export async function completeIfDone(campaignId: string): Promise<boolean> {
  const { rowCount } = await pgPool().query(
    `UPDATE campaign SET state = 'completed', "completedAt" = now(), "updatedAt" = now()
      WHERE id = $1 AND state = 'sending' AND (stats->>'fanoutDone') = 'true'
        AND NOT EXISTS (SELECT 1 FROM message WHERE "campaignId" = $1 AND status = ANY($2::message_status[]))`,
    [campaignId, ["queued", "retry", "submitting"]],
  );
  return (rowCount ?? 0) > 0;
}

export async function dispatchBatch(campaignId: string, batchNo: number): Promise<BatchResult> {
  if ((await campaignState(campaignId)) !== "sending") return { outcome: "inactive", submitted: 0, nextAt: null };
  const redis = pipelineRedis();
  const lock = await acquireBatchLock(redis, campaignId, batchNo);
  if (!lock) return { outcome: "locked", submitted: 0, nextAt: nowMs() + Math.ceil(lockTtlMs() / 2) };
  const appUrl = config().APP_URL;
  let submitted = 0;
  let outcome: BatchResult["outcome"] = "done";
  try {
    const recovered = await recoverInFlight(campaignId, batchNo);
    if (recovered) log.warn({ campaignId, batchNo, recovered }, "rows left in flight by a stopped worker marked unknown");
    const kit = await campaignKit(campaignId);
    if (kit.expiresAt && nowMs() >= kit.expiresAt.getTime()) {
      await expireBatch(campaignId, batchNo);
      return { outcome: "done", submitted: 0, nextAt: null };
    }
    const buckets = [connectionBucket(kit.connection.id, kit.connection.maxPerSecond), ...(kit.maxPerSecond ? [campaignBucket(campaignId, kit.maxPerSecond)] : [])];
    let stateCheckedAt = Date.now();
    for (;;) {
      if (lock.lost) { outcome = "stopped"; break; }
      // PostgreSQL is the truth about pause/cancel; the Redis key is the fast path checked below.
      if (Date.now() - stateCheckedAt > 2_000) {
        stateCheckedAt = Date.now();
        if ((await campaignState(campaignId)) !== "sending") { outcome = "stopped"; break; }
      }
      let t = performance.now();
      const n = await take(redis, buckets, chunkSize(), () => lock.lost);
      if (!n) { outcome = "stopped"; break; }
      t = lap(t, "take");
      const at = nowMs();
      const atIso = new Date(at).toISOString();
      const { claimed, seen } = await claimChunk(campaignId, batchNo, n, atIso, kit.connection.id, (rows) => judge(kit, rows, at), isPlain(kit, at));
      t = lap(t, "claim");
      if (!seen) break;
      if (!claimed.length) continue;

      // The last gate, right before the requests leave: pause/cancel and STOPs that arrived since the claim.
      const gate = await redis.multi().get(controlKey(campaignId)).smismember(optOutKey(kit.workspaceId), ...claimed.map((r) => r.phone)).exec();
      const control = (gate?.[0]?.[1] as string | null) ?? null;
      const opted = (gate?.[1]?.[1] as number[] | undefined) ?? [];
      if (control) {
        await releaseClaimed(claimed, atIso);
        outcome = "stopped";
        break;
      }
      const stopped = claimed.filter((_, i) => opted[i] === 1);
      if (stopped.length) {
        await releaseClaimed(stopped, atIso);
        await skipRows(stopped.map((r) => r.id), "opted out");
      }
      const go = stopped.length ? claimed.filter((_, i) => opted[i] !== 1) : claimed;
      t = lap(t, "gate");
      const results = await Promise.all(go.map((r) => submitOne(kit, r, appUrl)));
      t = lap(t, "submitWall");
      const done = nowMs();
      const outcomes = go.map((r, i) => outcomeFor(r, results[i]!, done));
      await writeOutcomes(outcomes, new Date(done).toISOString());
      lap(t, "write");
      if (prof) { prof.chunks++; prof.msgs += go.length; }
      const accepted = outcomes.filter((o) => o.status === "submitted").length;
      submitted += accepted;
      if (accepted) void recordThroughput(campaignId, "submitted", new Map([[bucketOf(done), accepted]]));
    }
  } finally {
    await lock.release();
  }
  const nextAt = outcome === "stopped" ? null : await nextDue(campaignId, batchNo);
  if (nextAt === null && outcome === "done") await completeIfDone(campaignId);
  return { outcome, submitted, nextAt };
}
