// The inbound worker's loop: claim unprocessed GatewayEvent rows (FOR UPDATE SKIP LOCKED, so any
// number of workers share the load), apply them, mark them processed, in one transaction per batch.
import { pgPool } from "@/lib/db/pg";
import { childLogger } from "@/lib/log";
import { recordThroughput } from "@/lib/campaigns/throughput";
import { applyReports, type Delivered, type ReportEvent } from "./reports";
import { processDeliver, type AfterCommit, type MoEvent } from "./mo";

const log = childLogger("inbound");

/** A report whose MessageID is not in the ledger yet is kept this long (its SubmitRsp may still be on the way). */
export const UNMATCHED_GRACE_MS = 5 * 60_000;

type Row = { id: string; connectionId: string; kind: string; payload: unknown; receivedAt: Date };

/**
 * Where a drain starts reading. A processed row leaves its old index entry (processedAt still NULL) behind
 * until vacuum, and a scan from id 0 steps over every one of them: at campaign rates that made this SELECT
 * PostgreSQL's costliest statement of a dispatch (5.4 ms per drain after 100k reports, growing with the
 * ledger). So each process starts from the end of a pass that finished SETTLE_MS ago. A row can hide
 * below that id only if its insert committed after a later id's (two gateway group commits racing) and
 * more than SETTLE_MS after it took its id; a drain from id 0 every RESCAN_MS picks up such a row, and
 * any row another process locked and then rolled back. Drains start no higher than the lowest report
 * left waiting for its SubmitRsp, until a drain that read past it finds it no longer waiting.
 */
const SETTLE_MS = 2_000;
const RESCAN_MS = 30_000;
/** `floor`: where the latest settled pass ended; `recent`: passes not yet SETTLE_MS old, oldest first; `waiting`: the lowest report left waiting. */
const scan = { fullAt: 0, floor: 0n, recent: [] as Array<{ at: number; floor: bigint }>, waiting: null as bigint | null };

function startingId(now: number): bigint {
  while (scan.recent.length && scan.recent[0]!.at <= now - SETTLE_MS) scan.floor = scan.recent.shift()!.floor;
  if (now - scan.fullAt < RESCAN_MS) return scan.waiting !== null && scan.waiting - 1n < scan.floor ? scan.waiting - 1n : scan.floor;
  scan.fullAt = now;
  return 0n;
}

export async function drainGatewayEvents(opts: { batchSize?: number } = {}): Promise<{ reports: number; applied: number; delivers: number; waiting: number }> {
  const batchSize = opts.batchSize ?? 5_000;
  const totals = { reports: 0, applied: 0, delivers: 0, waiting: 0 };
  const from = startingId(Date.now());
  let cursor = from.toString();
  let lowestWaiting: bigint | null = null;
  for (;;) {
    const after: AfterCommit[] = [];
    const client = await pgPool().connect();
    let rows: Row[];
    let delivered: Delivered = new Map();
    try {
      await client.query("BEGIN");
      ({ rows } = await client.query<Row>(
        `SELECT id, "connectionId", kind, payload, "receivedAt" FROM gateway_event
          WHERE "processedAt" IS NULL AND id > $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cursor, batchSize],
      ));
      if (!rows.length) {
        await client.query("COMMIT");
        break;
      }
      cursor = rows[rows.length - 1].id;
      const reports = rows.filter((r) => r.kind === "delivery_report" || r.kind === "read_reply") as unknown as ReportEvent[];
      const { applied, unmatched, delivered: moved } = await applyReports(client, reports);
      delivered = moved;
      const young = new Set(unmatched.filter((id) => Date.now() - rows.find((r) => r.id === id)!.receivedAt.getTime() < UNMATCHED_GRACE_MS));
      for (const r of rows.filter((r) => r.kind === "deliver")) {
        const job = await processDeliver(r as unknown as MoEvent);
        if (job) after.push(job);
        totals.delivers++;
      }
      for (const id of young) if (lowestWaiting === null || BigInt(id) < lowestWaiting) lowestWaiting = BigInt(id);
      const done = rows.filter((r) => !young.has(r.id)).map((r) => r.id);
      await client.query(`UPDATE gateway_event SET "processedAt" = now() WHERE id = ANY($1::bigint[])`, [done]);
      await client.query("COMMIT");
      totals.reports += reports.length;
      totals.applied += applied;
      totals.waiting += young.size;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
    // Counted after the commit, so a rolled-back batch (retried later) is never counted twice.
    for (const [campaignId, perBucket] of delivered) await recordThroughput(campaignId, "delivered", perBucket);
    for (const job of after) await job().catch((e) => log.warn({ err: e instanceof Error ? e.message : String(e) }, "keyword reply failed"));
    if (rows.length < batchSize) break;
  }
  const end = BigInt(cursor);
  if (end > from) scan.recent.push({ at: Date.now(), floor: end });
  // A pass that started below the remembered waiting report read it again: its own finding replaces it.
  if (scan.waiting === null || from < scan.waiting) scan.waiting = lowestWaiting;
  else if (lowestWaiting !== null && lowestWaiting < scan.waiting) scan.waiting = lowestWaiting;
  return totals;
}
