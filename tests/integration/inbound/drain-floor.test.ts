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
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});

afterAll(() => {
  vi.useRealTimers();
});

/** A delivery report for a message that is not in the ledger, received long ago: the drain settles it as unmatched. */
async function store(id?: string): Promise<string> {
  const { rows } = await pgPool().query<{ id: string }>(
    `INSERT INTO gateway_event (id, "connectionId", kind, payload, "receivedAt")
     VALUES (COALESCE($1::bigint, nextval(pg_get_serial_sequence('gateway_event', 'id'))), $2, 'delivery_report', $3, now() - interval '1 hour') RETURNING id`,
    [id ?? null, connId, JSON.stringify({ messageId: `gone-${Math.random()}`, mmStatus: "Retrieved" })],
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
});
