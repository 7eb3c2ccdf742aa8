// Delivery and read reports → ledger statuses, in batched SQL. Forward-only by construction: each
// UPDATE is a compare-and-set over allowedFrom(), so a replayed or out-of-order report is a no-op,
// and message_event rows are written only for the rows that actually moved.
import type { PoolClient } from "pg";
import { allowedFrom } from "@/lib/campaigns/status";
import { bucketOf } from "@/lib/campaigns/throughput";
import type { MessageStatus } from "@/lib/db/client";
import { normalizeMmStatus, type Mm7MmStatus } from "@/lib/mms";
import type { ReportPayload } from "./payload";

/** Rows that became delivered (or read without a delivery report before), per campaign and 10-second bucket of the report's time: for the throughput chart, once committed. */
export type Delivered = Map<string, Map<number, number>>;

export type ReportEvent = { id: string; connectionId: string; kind: "delivery_report" | "read_reply"; payload: ReportPayload };

/** What a report means for the ledger: a new status (with a reason for failures) or just an event. */
export function reportTarget(kind: ReportEvent["kind"], raw: string): { status: MessageStatus | null; reason?: string } {
  const s: Mm7MmStatus = normalizeMmStatus(raw);
  if (kind === "read_reply") return s === "Read" ? { status: "read" } : { status: null };
  switch (s) {
    case "Retrieved":
      return { status: "delivered" };
    case "Read":
      return { status: "read" };
    case "Deferred":
    case "Indeterminate":
    case "Forwarded":
      return { status: null };
    case "NotSupported":
      return { status: "failed", reason: "The handset does not support MMS" };
    case "Expired":
      return { status: "failed", reason: "Expired before the handset retrieved it" };
    case "Rejected":
      return { status: "failed", reason: "Rejected by the handset or the carrier" };
    case "Unrecognised":
      return { status: "failed", reason: "Recipient not recognised by the carrier" };
    default:
      return { status: "failed", reason: `Not delivered (${s})` };
  }
}

function at(p: ReportPayload): string {
  const d = p.date ? new Date(p.date) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : new Date().toISOString();
}

/**
 * Applies reports inside the caller's transaction. Returns the ids of events whose message is not
 * (yet) in the ledger: a report can overtake the SubmitRsp that tells us the MessageID.
 */
export async function applyReports(client: PoolClient, events: ReportEvent[]): Promise<{ applied: number; unmatched: string[]; delivered: Delivered }> {
  const delivered: Delivered = new Map();
  if (!events.length) return { applied: 0, unmatched: [], delivered };
  const rows = events.map((e) => ({ e, t: reportTarget(e.kind, e.payload.mmStatus) }));
  let applied = 0;
  const moved = new Set<string>();
  // delivered before read, so a batch holding both for one message ends at "read".
  const connections = [...new Set(events.map((e) => e.connectionId))];
  for (const status of ["delivered", "failed", "read"] as const) for (const conn of connections) {
    const group = rows.filter((r) => r.t.status === status && r.e.connectionId === conn);
    if (!group.length) continue;
    const timeCol = status === "delivered" ? `"deliveredAt"` : status === "read" ? `"readAt"` : `"finishedAt"`;
    // Whether a moved row counts as a delivery for the chart: every move to delivered, and a move to read
    // that also sets its deliveredAt (a read report that overtook the delivery report, which then moves nothing).
    // `undelivered` reads the rows as they were before this statement's UPDATE (one snapshot for all its CTEs).
    const newlyDelivered = status === "delivered" ? "true" : status === "read" ? "moved.id IN (SELECT id FROM undelivered)" : "false";
    const { rows: movedRows } = await client.query<{ conn: string; mid: string; campaign: string; at: Date; newly_delivered: boolean }>(
      `WITH r AS (
         SELECT DISTINCT ON (conn, mid) * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[], $6::text[]) AS r(conn, mid, reason, at, detail, kind)
       ),${status === "read" ? ` undelivered AS (
         SELECT m.id FROM message m WHERE m."connectionId" = $9 AND m."mmscMessageId" = ANY($2::text[]) AND m."deliveredAt" IS NULL
       ),` : ""} moved AS (
         UPDATE message m SET status = $7::message_status, ${timeCol} = COALESCE(m.${timeCol}, r.at),
                reason = COALESCE(r.reason, m.reason), "updatedAt" = now()
                ${status === "read" ? `, "deliveredAt" = COALESCE(m."deliveredAt", r.at)` : ""}
                ${status === "read" ? `, "finishedAt" = COALESCE(m."finishedAt", r.at)` : ""}
           FROM r
          WHERE m."mmscMessageId" = r.mid AND m.status = ANY($8::message_status[])
            -- Scalar connection + ANY(ids): an index scan on (connectionId, mmscMessageId), never a ledger-wide hash join.
            AND m."connectionId" = $9 AND m."mmscMessageId" = ANY($2::text[])
         RETURNING m.id, m."campaignId" AS campaign, r.detail, r.at, r.kind, r.conn, r.mid
       ), ev AS (
         INSERT INTO message_event ("messageId", type, status, detail, "occurredAt")
         SELECT id, kind, $7::message_status, detail, at FROM moved
       )
       SELECT conn, mid, campaign, at, ${newlyDelivered} AS newly_delivered FROM moved`,
      [
        group.map((r) => r.e.connectionId),
        group.map((r) => r.e.payload.messageId),
        group.map((r) => r.t.reason ?? null),
        group.map((r) => at(r.e.payload)),
        group.map((r) => JSON.stringify(detailOf(r.e))),
        group.map((r) => (r.e.kind === "read_reply" ? "read report" : "delivery report")),
        status,
        allowedFrom(status),
        conn,
      ],
    );
    applied += movedRows.length;
    for (const m of movedRows) {
      moved.add(`${m.conn}\u0000${m.mid}`);
      if (!m.newly_delivered) continue;
      const perBucket = delivered.get(m.campaign) ?? new Map<number, number>();
      const b = bucketOf(new Date(m.at).getTime());
      perBucket.set(b, (perBucket.get(b) ?? 0) + 1);
      delivered.set(m.campaign, perBucket);
    }
  }
  // Interim reports (Deferred, Indeterminate…): no status change, one event per distinct report.
  const interim = rows.filter((r) => r.t.status === null);
  if (interim.length) {
    await client.query(
      `INSERT INTO message_event ("messageId", type, detail, "occurredAt")
       SELECT DISTINCT ON (m.id, r.mm) m.id, r.kind, r.detail, r.at
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::text[]) AS r(conn, mid, at, detail, kind, mm)
         JOIN message m ON m."connectionId" = r.conn AND m."mmscMessageId" = r.mid
        WHERE NOT EXISTS (SELECT 1 FROM message_event e WHERE e."messageId" = m.id AND e.type = r.kind AND e.detail->>'mmStatus' = r.mm)`,
      [
        interim.map((r) => r.e.connectionId),
        interim.map((r) => r.e.payload.messageId),
        interim.map((r) => at(r.e.payload)),
        interim.map((r) => JSON.stringify(detailOf(r.e))),
        interim.map((r) => (r.e.kind === "read_reply" ? "read report" : "delivery report")),
        interim.map((r) => r.e.payload.mmStatus),
      ],
    );
  }
  // A handset that cannot take MMS gets the SMS notice + web view next time.
  const legacy = rows.filter((r) => normalizeMmStatus(r.e.payload.mmStatus) === "NotSupported");
  if (legacy.length) {
    await client.query(
      `UPDATE contact c SET "handsetClass" = 'legacy', "updatedAt" = now()
         FROM message m, unnest($1::text[], $2::text[]) AS r(conn, mid)
        WHERE m."connectionId" = r.conn AND m."mmscMessageId" = r.mid AND c.id = m."contactId" AND c."handsetClass" <> 'legacy'`,
      [legacy.map((r) => r.e.connectionId), legacy.map((r) => r.e.payload.messageId)],
    );
  }
  // Only the reports that moved nothing need a look: replays, interim reports, or not in the ledger (yet).
  // A report is settled when its row exists and can never take it (a replay, an interim report). A row
  // that could still take it — its SubmitRsp was committed by the dispatcher between the UPDATE above
  // and this read (READ COMMITTED: each statement sees new commits) — stays unmatched and is retried.
  const key = (e: ReportEvent) => `${e.connectionId}\u0000${e.payload.messageId}`;
  const rest = events.filter((e) => !moved.has(key(e)));
  // Decided per event, not per message: a Deferred and a Retrieved for one message in the same batch
  // are settled differently (the Deferred is recorded; the Retrieved may have to wait for its row).
  const settled = new Set<string>();
  if (rest.length) {
    const { rows: found } = await client.query<{ conn: string; mid: string; status: MessageStatus }>(
      `SELECT DISTINCT r.conn, r.mid, m.status FROM unnest($1::text[], $2::text[]) AS r(conn, mid)
         JOIN message m ON m."connectionId" = r.conn AND m."mmscMessageId" = r.mid`,
      [rest.map((e) => e.connectionId), rest.map((e) => e.payload.messageId)],
    );
    const statusOf = new Map(found.map((f) => [`${f.conn}\u0000${f.mid}`, f.status]));
    for (const e of rest) {
      const current = statusOf.get(key(e));
      if (current === undefined) continue;
      const target = reportTarget(e.kind, e.payload.mmStatus).status;
      if (target === null || !allowedFrom(target).includes(current)) settled.add(e.id);
    }
  }
  const unmatched = rest.filter((e) => !settled.has(e.id)).map((e) => e.id);
  return { applied, unmatched, delivered };
}

function detailOf(e: ReportEvent) {
  const p = e.payload;
  return { mmStatus: p.mmStatus, ...(p.mmStatusRaw ? { mmStatusRaw: p.mmStatusRaw } : {}), ...(p.statusText ? { statusText: p.statusText } : {}), gatewayEventId: e.id };
}
