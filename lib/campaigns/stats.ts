// The live numbers of a campaign, cheap enough to poll every 2 s on a 1,000,000-row ledger: one
// grouped count over the (campaignId, status) index, reasons only over the failed/skipped rows,
// throughput from the per-10-second counters the dispatchers keep in Redis.
import type { MessageStatus } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { notFound } from "@/lib/http/errors";
import { MESSAGE_STATUSES } from "./status";
import { pipelineRedis, throughputKey } from "./pipeline/keys";

export type CampaignStats = {
  total: number;
  byStatus: Record<MessageStatus, number>;
  failuresByReason: Array<{ reason: string; count: number }>;
  skippedByReason: Array<{ reason: string; count: number }>;
  /** Submitted per 10-second bucket (ISO start of bucket), delivered per bucket from the ledger. */
  throughput: Array<{ t: string; submitted: number; delivered: number }>;
  /** Submitted rows with no delivery report after the configured hours. */
  noReport: number;
  startedAt: Date | null;
  completedAt: Date | null;
  state: string;
};

export async function campaignStats(workspaceId: string, campaignId: string): Promise<CampaignStats> {
  const c = await db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { id: true, state: true, startedAt: true, completedAt: true } });
  if (!c) throw notFound("This campaign");
  const pool = pgPool();
  const [counts, reasons, delivered, noReport, tput] = await Promise.all([
    pool.query<{ status: MessageStatus; n: string }>(`SELECT status, count(*) AS n FROM message WHERE "campaignId" = $1 GROUP BY status`, [c.id]),
    pool.query<{ status: MessageStatus; reason: string | null; n: string }>(
      `SELECT status, reason, count(*) AS n FROM message WHERE "campaignId" = $1 AND status IN ('failed', 'skipped') GROUP BY status, reason ORDER BY n DESC LIMIT 50`,
      [c.id],
    ),
    pool.query<{ t: string; n: string }>(
      `SELECT (floor(extract(epoch FROM "deliveredAt") / 10) * 10000)::bigint AS t, count(*) AS n
         FROM message WHERE "campaignId" = $1 AND status IN ('delivered', 'read') AND "deliveredAt" > (now() AT TIME ZONE 'UTC') - interval '1 hour'
        GROUP BY 1`,
      [c.id],
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM message_event e JOIN message m ON m.id = e."messageId" WHERE m."campaignId" = $1 AND e.type = 'no_report' AND m.status = 'submitted'`, [c.id]),
    pipelineRedis().hgetall(throughputKey(c.id)).catch(() => ({}) as Record<string, string>),
  ]);
  const byStatus = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<MessageStatus, number>;
  let total = 0;
  for (const r of counts.rows) {
    byStatus[r.status] = Number(r.n);
    total += Number(r.n);
  }
  const buckets = new Map<number, { submitted: number; delivered: number }>();
  const at = (t: number) => buckets.get(t) ?? (buckets.set(t, { submitted: 0, delivered: 0 }), buckets.get(t)!);
  for (const [k, v] of Object.entries(tput)) {
    const [t, kind] = k.split(":");
    if (kind === "submitted") at(Number(t)).submitted += Number(v);
  }
  for (const r of delivered.rows) at(Number(r.t)).delivered += Number(r.n);
  const throughput = [...buckets.entries()].sort((a, b) => a[0] - b[0]).slice(-360).map(([t, v]) => ({ t: new Date(t).toISOString(), ...v }));
  const pick = (s: MessageStatus) => reasons.rows.filter((r) => r.status === s).map((r) => ({ reason: r.reason ?? "no reason given", count: Number(r.n) }));
  return {
    total, byStatus, failuresByReason: pick("failed"), skippedByReason: pick("skipped"), throughput,
    noReport: Number(noReport.rows[0]?.n ?? 0), startedAt: c.startedAt, completedAt: c.completedAt, state: c.state,
  };
}
