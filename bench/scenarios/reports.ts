/**
 * Delivery reports → ledger statuses: 200k submitted ledger rows and 200k stored DeliveryReportReq events
 * (generated here), drained by the inbound worker's batched path (two drains at once, as the worker runs them) (claim with SKIP LOCKED, compare-and-set UPDATE,
 * message_event rows, mark processed). Floor: one bare set-based UPDATE of another 200k ledger rows to delivered
 * in the same database, in the same run (no events, no claims, no state checks).
 */
import { randomUUID } from "node:crypto";

type Result = { metric: string; value: number; unit: string; floor?: { metric: string; value: number; unit: string }; bar?: string };

const N = Number(process.env.REPORTS_BENCH_N ?? 200_000);

export async function run(): Promise<Result[]> {
  const { pgPool, closePgPool } = await import("../../lib/db/pg.js");
  const { drainGatewayEvents } = await import("../../lib/inbound/drain.js");
  const pool = pgPool();
  const ws = randomUUID();
  const conn = `cbench${ws.slice(0, 8)}`;
  await pool.query(`INSERT INTO workspace (id, name, slug) VALUES ($1, 'Reports bench', $2)`, [ws, `bench-${ws}`]);
  await pool.query(
    `INSERT INTO carrier_connection (id, "workspaceId", name, url, "vaspId", "senderAddress", "inboundUsername", "inboundSecretHash", "updatedAt")
     VALUES ($1, $2, 'bench', 'http://127.0.0.1:9/mm7', 'bench', '4321', 'u', 'x', now())`,
    [conn, ws],
  );
  for (const c of ["A", "B"]) {
    await pool.query(`INSERT INTO campaign (id, "workspaceId", name, "connectionId", state, "updatedAt") VALUES ($1, $2, $1, $3, 'sending', now())`, [`${conn}${c}`, ws, conn]);
  }
  await pool.query(`INSERT INTO contact ("workspaceId", phone) SELECT $1, '+39333' || lpad(i::text, 7, '0') FROM generate_series(1, $2) i`, [ws, N]);
  for (const c of ["A", "B"]) {
    await pool.query(
      `INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, status, "connectionId", "mmscMessageId", "submittedAt")
       SELECT $1, $2, id, phone, 'submitted', $3, $4 || id, now() FROM contact WHERE "workspaceId" = $1`,
      [ws, `${conn}${c}`, conn, c],
    );
  }
  await pool.query(
    `INSERT INTO gateway_event ("connectionId", kind, payload)
     SELECT $1, 'delivery_report', jsonb_build_object('transactionId', 'dr' || id, 'messageId', 'A' || id, 'recipient', phone, 'mmStatus', 'Retrieved', 'date', now())
       FROM contact WHERE "workspaceId" = $2 ORDER BY id`,
    [conn, ws],
  );
  await pool.query(`VACUUM ANALYZE message`);
  await pool.query(`VACUUM ANALYZE gateway_event`);

  const t0 = performance.now();
  // Two drains at once, as one worker process runs them (inbound-events concurrency 2, SKIP LOCKED).
  const parts = await Promise.all([drainGatewayEvents(), drainGatewayEvents()]);
  const r = { applied: parts[0].applied + parts[1].applied };
  const secs = (performance.now() - t0) / 1000;

  const f0 = performance.now();
  await pool.query(
    `UPDATE message m SET status = 'delivered', "deliveredAt" = now() FROM contact c
      WHERE c."workspaceId" = $1 AND m."connectionId" = $2 AND m."mmscMessageId" = 'B' || c.id`,
    [ws, conn],
  );
  const floorSecs = (performance.now() - f0) / 1000;

  const { rows } = await pool.query(`SELECT status, count(*)::int AS n FROM message WHERE "campaignId" = $1 GROUP BY status`, [`${conn}A`]);
  const { rows: ev } = await pool.query(`SELECT count(*)::int AS n FROM message_event e JOIN message m ON m.id = e."messageId" WHERE m."campaignId" = $1`, [`${conn}A`]);
  await pool.query(`DELETE FROM workspace WHERE id = $1`, [ws]);
  await closePgPool();
  const delivered = rows.find((x) => x.status === "delivered")?.n ?? 0;
  if (delivered !== N || ev[0].n !== N || r.applied !== N) throw new Error(`expected ${N} delivered rows and events, got ${delivered} rows, ${ev[0].n} events, ${r.applied} applied`);
  process.stderr.write(`reports bench: ${N} reports in ${secs.toFixed(2)} s; bare UPDATE ${floorSecs.toFixed(2)} s\n`);
  return [
    {
      metric: "inbound.delivery_reports_applied_per_s",
      value: Math.round(N / secs),
      unit: "reports/s",
      floor: { metric: "one bare set-based UPDATE of 200k ledger rows", value: Math.round(N / floorSecs), unit: "rows/s" },
      bar: "≥ 10,000/s",
    },
  ];
}
