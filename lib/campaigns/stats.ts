// The live numbers of a campaign, cheap enough to poll every 2 s on a 1,000,000-row ledger: one
// grouped count over the (campaignId, status) index, reasons only over the failed/skipped rows,
// throughput from the per-10-second counters kept in Redis (throughput.ts). Viewers of one campaign
// share one computation per second, so ten open pages cost the database what one does.
import type { MessageStatus } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { notFound } from "@/lib/http/errors";
import { MESSAGE_STATUSES } from "./status";
import { readThroughput, type ThroughputPoint } from "./throughput";

export type CampaignStats = {
  total: number;
  byStatus: Record<MessageStatus, number>;
  failuresByReason: Array<{ reason: string; count: number }>;
  skippedByReason: Array<{ reason: string; count: number }>;
  /** Submitted and delivered per 10-second bucket (ISO start of bucket), from the counters in throughput.ts. */
  throughput: ThroughputPoint[];
  /** Submitted rows with no delivery report after the configured hours. */
  noReport: number;
  startedAt: Date | null;
  completedAt: Date | null;
  state: string;
};

export async function campaignStats(workspaceId: string, campaignId: string): Promise<CampaignStats> {
  // Authorised per request; the ledger figures are shared between concurrent viewers.
  const c = await db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { id: true, state: true, startedAt: true, completedAt: true } });
  if (!c) throw notFound("This campaign");
  const figures = await shared(c.id);
  return { ...figures, startedAt: c.startedAt, completedAt: c.completedAt, state: c.state };
}

type Figures = Pick<CampaignStats, "total" | "byStatus" | "failuresByReason" | "skippedByReason" | "throughput" | "noReport">;
const SHARE_MS = 1_000;
const recent = new Map<string, { at: number; figures: Promise<Figures> }>();

function shared(campaignId: string): Promise<Figures> {
  const now = Date.now();
  const hit = recent.get(campaignId);
  if (hit && now - hit.at < SHARE_MS) return hit.figures;
  for (const [id, r] of recent) if (now - r.at >= SHARE_MS) recent.delete(id);
  const figures = ledgerFigures(campaignId);
  recent.set(campaignId, { at: now, figures });
  figures.catch(() => recent.delete(campaignId));
  return figures;
}

async function ledgerFigures(campaignId: string): Promise<Figures> {
  const pool = pgPool();
  const [counts, reasons, noReport, throughput] = await Promise.all([
    pool.query<{ status: MessageStatus; n: string }>(`SELECT status, count(*) AS n FROM message WHERE "campaignId" = $1 GROUP BY status`, [campaignId]),
    pool.query<{ status: MessageStatus; reason: string | null; n: string }>(
      `SELECT status, reason, count(*) AS n FROM message WHERE "campaignId" = $1 AND status IN ('failed', 'skipped') GROUP BY status, reason ORDER BY n DESC LIMIT 50`,
      [campaignId],
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM message_event e JOIN message m ON m.id = e."messageId" WHERE m."campaignId" = $1 AND e.type = 'no_report' AND m.status = 'submitted'`, [campaignId]),
    readThroughput(campaignId),
  ]);
  const byStatus = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<MessageStatus, number>;
  let total = 0;
  for (const r of counts.rows) {
    byStatus[r.status] = Number(r.n);
    total += Number(r.n);
  }
  const pick = (s: MessageStatus) => reasons.rows.filter((r) => r.status === s).map((r) => ({ reason: r.reason ?? "no reason given", count: Number(r.n) }));
  return { total, byStatus, failuresByReason: pick("failed"), skippedByReason: pick("skipped"), throughput, noReport: Number(noReport.rows[0]?.n ?? 0) };
}
