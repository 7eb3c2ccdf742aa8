// Read models for people: a campaign's recipients (keyset pages, event timeline, CSV export) and the
// workspace report over time. Every query is scoped by the workspace id from the MemberContext.
import { db, type MessageStatus } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { notFound } from "@/lib/http/errors";
import { csvLine } from "@/lib/contacts/csv-safe";
import { MESSAGE_STATUSES } from "./status";

async function assertCampaign(workspaceId: string, campaignId: string): Promise<{ name: string }> {
  const c = await db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { name: true } });
  if (!c) throw notFound("This campaign");
  return c;
}

export type RecipientRow = {
  id: string; contactId: string; phone: string; name: string | null; status: MessageStatus; reason: string | null;
  attempts: number; submittedAt: Date | null; deliveredAt: Date | null; readAt: Date | null; webViews: number; updatedAt: Date;
};

const isStatus = (s: string | undefined): s is MessageStatus => !!s && (MESSAGE_STATUSES as readonly string[]).includes(s);

/** One page of recipients, ordered by ledger id; `after` is the last id of the previous page. */
export async function listRecipients(workspaceId: string, campaignId: string, opts: { status?: string; q?: string; after?: string | null; limit?: number } = {}) {
  await assertCampaign(workspaceId, campaignId);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const params: unknown[] = [workspaceId, campaignId];
  let where = `m."workspaceId" = $1 AND m."campaignId" = $2`;
  if (isStatus(opts.status)) where += ` AND m.status = $${params.push(opts.status)}::message_status`;
  if (opts.after && /^\d{1,18}$/.test(opts.after)) where += ` AND m.id > $${params.push(opts.after)}::bigint`;
  if (opts.q?.trim()) where += ` AND (m.phone LIKE $${params.push(`%${opts.q.trim().replace(/[\\%_]/g, (x) => `\\${x}`)}%`)})`;
  const { rows } = await pgPool().query(
    `SELECT m.id::text AS id, m."contactId"::text AS "contactId", m.phone, NULLIF(btrim(concat_ws(' ', c."firstName", c."lastName")), '') AS name,
            m.status, m.reason, m.attempts, m."submittedAt", m."deliveredAt", m."readAt", m."webViews", m."updatedAt"
     FROM message m JOIN contact c ON c.id = m."contactId"
     WHERE ${where} ORDER BY m.id LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit) as RecipientRow[];
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

/** The event timeline of one recipient of one campaign (404 unless both belong to the workspace). */
export async function recipientTimeline(workspaceId: string, campaignId: string, messageId: string) {
  if (!/^\d{1,18}$/.test(messageId)) throw notFound("This recipient");
  const m = await db.message.findFirst({
    where: { id: BigInt(messageId), campaignId, workspaceId },
    select: { id: true, phone: true, status: true, reason: true, attempts: true, webViews: true, mmscMessageId: true, submittedAt: true, deliveredAt: true, readAt: true, createdAt: true,
      contact: { select: { id: true, firstName: true, lastName: true, handsetClass: true } } },
  });
  if (!m) throw notFound("This recipient");
  const events = await db.messageEvent.findMany({ where: { messageId: m.id }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], take: 500, select: { id: true, type: true, status: true, detail: true, occurredAt: true } });
  return { message: m, events };
}

export const CSV_HEADER = ["phone", "first_name", "last_name", "status", "reason", "attempts", "submitted_at", "delivered_at", "read_at", "web_views"];

/** The whole recipient list as CSV, streamed in keyset pages (a million rows never sit in memory). Cells are formula-safe. */
export async function* exportRecipientsCsv(workspaceId: string, campaignId: string, pageSize = 5000): AsyncGenerator<string> {
  await assertCampaign(workspaceId, campaignId);
  yield csvLine(CSV_HEADER);
  let after = "0";
  for (;;) {
    const { rows } = await pgPool().query(
      `SELECT m.id::text AS id, m.phone, c."firstName", c."lastName", m.status, m.reason, m.attempts, m."submittedAt", m."deliveredAt", m."readAt", m."webViews"
       FROM message m JOIN contact c ON c.id = m."contactId"
       WHERE m."workspaceId" = $1 AND m."campaignId" = $2 AND m.id > $3::bigint ORDER BY m.id LIMIT $4`,
      [workspaceId, campaignId, after, pageSize],
    );
    if (!rows.length) return;
    let chunk = "";
    for (const r of rows) chunk += csvLine([r.phone, r.firstName, r.lastName, r.status, r.reason, r.attempts, r.submittedAt?.toISOString(), r.deliveredAt?.toISOString(), r.readAt?.toISOString(), r.webViews]);
    yield chunk;
    after = rows.at(-1).id;
    if (rows.length < pageSize) return;
  }
}

export type DayRow = { day: string; byStatus: Partial<Record<MessageStatus, number>>; total: number; replies: number; optOuts: number; webViews: number };
export type WorkspaceReport = { days: DayRow[]; totals: { sent: number; delivered: number; failed: number; replies: number; optOuts: number; deliveryRate: number | null }; timeZone: string };

/** Messages per day by status, replies and opt-outs, in the workspace's time zone, for the last `days` days. */
export async function workspaceReport(workspaceId: string, opts: { days?: number } = {}): Promise<WorkspaceReport> {
  const days = Math.min(Math.max(opts.days ?? 30, 1), 366);
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  const tz = ws?.timeZone ?? "UTC";
  const pool = pgPool();
  const range = `generate_series((date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $3::int - 1))::date, (now() AT TIME ZONE $2)::date, interval '1 day')`;
  const [msgs, replies, optOuts] = await Promise.all([
    pool.query(
      `SELECT to_char((m."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day, m.status, count(*)::int AS n, sum(m."webViews")::int AS views
       FROM message m WHERE m."workspaceId" = $1 AND m."createdAt" >= (date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $3::int - 1)) AT TIME ZONE $2 AT TIME ZONE 'UTC'
       GROUP BY 1, 2`,
      [workspaceId, tz, days],
    ),
    pool.query(
      `SELECT to_char((i."receivedAt" AT TIME ZONE 'UTC' AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM inbound_message i WHERE i."workspaceId" = $1 AND i."receivedAt" >= (date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $3::int - 1)) AT TIME ZONE $2 AT TIME ZONE 'UTC'
       GROUP BY 1`,
      [workspaceId, tz, days],
    ),
    pool.query(
      `SELECT to_char((e."occurredAt" AT TIME ZONE 'UTC' AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM consent_event e WHERE e."workspaceId" = $1 AND e.state = 'unsubscribed' AND e."occurredAt" >= (date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $3::int - 1)) AT TIME ZONE $2 AT TIME ZONE 'UTC'
       GROUP BY 1`,
      [workspaceId, tz, days],
    ),
  ]);
  const { rows: dayRows } = await pool.query(`SELECT to_char(d, 'YYYY-MM-DD') AS day FROM ${range} AS d ORDER BY d`, [workspaceId, tz, days]);
  const byDay = new Map<string, DayRow>(dayRows.map((r) => [r.day as string, { day: r.day as string, byStatus: {}, total: 0, replies: 0, optOuts: 0, webViews: 0 }]));
  for (const r of msgs.rows) {
    const d = byDay.get(r.day);
    if (!d) continue;
    d.byStatus[r.status as MessageStatus] = r.n;
    d.total += r.n;
    d.webViews += r.views ?? 0;
  }
  for (const r of replies.rows) { const d = byDay.get(r.day); if (d) d.replies = r.n; }
  for (const r of optOuts.rows) { const d = byDay.get(r.day); if (d) d.optOuts = r.n; }
  const list = [...byDay.values()];
  const sum = (f: (d: DayRow) => number) => list.reduce((a, d) => a + f(d), 0);
  const delivered = sum((d) => (d.byStatus.delivered ?? 0) + (d.byStatus.read ?? 0));
  const failed = sum((d) => d.byStatus.failed ?? 0);
  const sent = sum((d) => (d.byStatus.submitted ?? 0) + (d.byStatus.unknown ?? 0)) + delivered + failed;
  return {
    days: list,
    totals: { sent, delivered, failed, replies: sum((d) => d.replies), optOuts: sum((d) => d.optOuts), deliveryRate: sent ? delivered / sent : null },
    timeZone: tz,
  };
}
