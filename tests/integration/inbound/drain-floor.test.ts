// The inbound drain starts where a settled earlier pass ended, not at id 0 (see lib/inbound/drain.ts):
// a stored report below that point (an insert that took its id early and committed late) must still be
// applied, by the periodic drain from the start.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pgPool } from "@/lib/db/pg";
import { createConnection } from "@/lib/carrier/connections";
import { drainGatewayEvents } from "@/lib/inbound";
import { createWorkspace } from "../../support/fixtures";

let connId: string;

beforeAll(async () => {
  const ws = await createWorkspace({ name: "Drain" });
  connId = (await createConnection(ws.workspaceId, { name: "MMSC", url: "http://127.0.0.1:9/mm7", vaspId: "postino", senderAddress: "4321", senderType: "shortcode" })).connection.id;
  // Reports other test files left waiting would send each drain back to id 0 (as they should): start
  // from a drained table, so only this file's rows decide where its drains start.
  await pgPool().query(`UPDATE gateway_event SET "processedAt" = now() WHERE "processedAt" IS NULL`);
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});

afterAll(() => {
  vi.useRealTimers();
});

/**
 * A delivery report for a message that is not in the ledger. Received long ago, the drain settles it as
 * unmatched; received just now, it waits (its SubmitRsp may still be on the way).
 */
async function store(id?: string, young = false): Promise<string> {
  const { rows } = await pgPool().query<{ id: string }>(
    `INSERT INTO gateway_event (id, "connectionId", kind, payload, "receivedAt")
     VALUES (COALESCE($1::bigint, nextval(pg_get_serial_sequence('gateway_event', 'id'))), $2, 'delivery_report', $3,
             CASE WHEN $4::boolean THEN now() ELSE now() - interval '1 hour' END) RETURNING id`,
    [id ?? null, connId, JSON.stringify({ messageId: `gone-${Math.random()}`, mmStatus: "Retrieved" }), young],
  );
  return rows[0]!.id;
}

const pending = async (ids: string[]) =>
  (await pgPool().query<{ id: string }>(`SELECT id FROM gateway_event WHERE id = ANY($1::bigint[]) AND "processedAt" IS NULL ORDER BY id`, [ids])).rows.map((r) => r.id);

describe("inbound drain start", () => {
  it("applies a report stored below where later drains start, at the next drain from the start", async () => {
    // An insert that takes its id now and commits after newer rows were drained.
    const { rows } = await pgPool().query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('gateway_event', 'id'))::text AS id`);
    const late = rows[0]!.id;
    const first = [await store(), await store(), await store()];
    await drainGatewayEvents();
    expect(await pending(first)).toEqual([]);

    vi.setSystemTime(Date.now() + 3_000);
    await drainGatewayEvents(); // nothing new: ends where the first pass ended
    vi.setSystemTime(Date.now() + 3_000);
    const lateId = await store(late);
    const next = await store();
    await drainGatewayEvents();
    // The new report is applied; the late one sits below this drain's start.
    expect(await pending([next, lateId])).toEqual([lateId]);

    vi.setSystemTime(Date.now() + 30_000);
    await drainGatewayEvents();
    expect(await pending([lateId])).toEqual([]);
  });

  it("looks again, at the next drain, at a report left waiting for its SubmitRsp", async () => {
    vi.setSystemTime(Date.now() + 60_000);
    await drainGatewayEvents(); // from the start
    const waiting = await store(undefined, true);
    await drainGatewayEvents();
    expect(await pending([waiting])).toEqual([waiting]);
    // Newer reports are drained, and later passes end past the waiting one.
    vi.setSystemTime(Date.now() + 3_000);
    await store();
    await drainGatewayEvents();
    vi.setSystemTime(Date.now() + 3_000);
    // Its grace runs out (as if minutes went by): the next drain settles it as unmatched.
    await pgPool().query(`UPDATE gateway_event SET "receivedAt" = now() - interval '1 hour' WHERE id = $1`, [waiting]);
    await drainGatewayEvents();
    expect(await pending([waiting])).toEqual([]);
  });
});
