// What the message → campaign / contact / connection foreign keys guaranteed, now kept by
// statement-level triggers (migration 20261202193922): no ledger row without its campaign, its
// contact (in the same workspace) or its connection; rows deleted with their campaign or contact,
// the connection cleared with its connection; and a contact delete racing a fan-out waits for it
// and removes what it wrote instead of leaving rows for a contact that no longer exists.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closePgPool, pgPool } from "@/lib/db/pg";
import { createWorkspace } from "../../support/fixtures";

afterAll(closePgPool);

const pgCode = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string }) => e.code);

async function setup() {
  const pool = pgPool();
  const { workspaceId } = await createWorkspace();
  const campaignId = randomUUID();
  const connectionId = randomUUID();
  await pool.query(`INSERT INTO campaign (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, 'Keys', now())`, [campaignId, workspaceId]);
  await pool.query(
    `INSERT INTO carrier_connection (id, "workspaceId", name, url, "vaspId", "senderAddress", "inboundUsername", "inboundSecretHash", "updatedAt")
     VALUES ($1, $2, 'Carrier', 'http://127.0.0.1:9/mm7', 'V', '12345', $1, 'x', now())`,
    [connectionId, workspaceId],
  );
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO contact ("workspaceId", phone, "updatedAt") SELECT $1, '+3933310' || lpad(g::text, 5, '0'), now() FROM generate_series(1, 3) g RETURNING id`,
    [workspaceId],
  );
  return { pool, workspaceId, campaignId, connectionId, contacts: rows.map((r) => r.id) };
}

const insert = (s: Awaited<ReturnType<typeof setup>>, contactIds: string[], over: { campaignId?: string; connectionId?: string | null; workspaceId?: string } = {}) =>
  s.pool.query(
    `INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, "connectionId", "updatedAt") SELECT $1, $2, c, '+39333', $3, now() FROM unnest($4::bigint[]) c`,
    [over.workspaceId ?? s.workspaceId, over.campaignId ?? s.campaignId, over.connectionId === undefined ? s.connectionId : over.connectionId, contactIds],
  );

describe("message keys", () => {
  it("refuses rows whose campaign, contact or connection is missing, or whose contact is another workspace's", async () => {
    const s = await setup();
    const other = await setup();
    expect(await pgCode(insert(s, s.contacts, { campaignId: "no-such-campaign" }))).toBe("23503");
    expect(await pgCode(insert(s, [s.contacts[0]!, "987654321987"]))).toBe("23503");
    expect(await pgCode(insert(s, [s.contacts[0]!, other.contacts[0]!]))).toBe("23503");
    expect(await pgCode(insert(s, s.contacts, { connectionId: "no-such-connection" }))).toBe("23503");
    expect((await s.pool.query(`SELECT 1 FROM message WHERE "campaignId" = $1`, [s.campaignId])).rowCount).toBe(0);
    expect(await pgCode(insert(s, s.contacts, { connectionId: null }))).toBe("ok");
    expect(await pgCode(s.pool.query(`UPDATE message SET "connectionId" = $2 WHERE "campaignId" = $1`, [s.campaignId, s.connectionId]))).toBe("ok");
    expect(await pgCode(s.pool.query(`UPDATE message SET "connectionId" = 'no-such-connection' WHERE "campaignId" = $1`, [s.campaignId]))).toBe("23503");
    expect(await pgCode(s.pool.query(`UPDATE message SET "contactId" = $2 WHERE "campaignId" = $1 AND "contactId" = $3`, [s.campaignId, other.contacts[0], s.contacts[0]]))).toBe("23503");
    expect(await pgCode(s.pool.query(`UPDATE message SET status = 'delivered' WHERE "campaignId" = $1`, [s.campaignId]))).toBe("ok");
  });

  it("checks a run of consecutive contacts (a fan-out's, walked by id range) as strictly as scattered ones", async () => {
    const s = await setup();
    const other = await setup();
    const { rows } = await s.pool.query<{ id: string }>(
      `INSERT INTO contact ("workspaceId", phone, "updatedAt") SELECT $1, '+3933330' || lpad(g::text, 5, '0'), now() FROM generate_series(1, 200) g RETURNING id`,
      [s.workspaceId],
    );
    const run = rows.map((r) => r.id);
    await s.pool.query(`DELETE FROM contact WHERE id = $1`, [run[100]]);
    expect(await pgCode(insert(s, run))).toBe("23503");
    expect(await pgCode(insert(s, [...run.slice(0, 100), other.contacts[0]!]))).toBe("23503");
    expect(await pgCode(insert(s, run.filter((_, i) => i !== 100)))).toBe("ok");
    expect((await s.pool.query(`SELECT 1 FROM message WHERE "campaignId" = $1`, [s.campaignId])).rowCount).toBe(199);
  });

  it("deletes rows with their contact or campaign, and clears a deleted connection", async () => {
    const s = await setup();
    await insert(s, s.contacts);
    const rows = async () => (await s.pool.query<{ contactId: string; connectionId: string | null }>(`SELECT "contactId", "connectionId" FROM message WHERE "campaignId" = $1 ORDER BY "contactId"`, [s.campaignId])).rows;
    await s.pool.query(`DELETE FROM contact WHERE id = $1`, [s.contacts[0]]);
    expect((await rows()).map((r) => r.contactId)).toEqual(s.contacts.slice(1));
    await s.pool.query(`UPDATE campaign SET "connectionId" = NULL WHERE id = $1`, [s.campaignId]);
    await s.pool.query(`DELETE FROM carrier_connection WHERE id = $1`, [s.connectionId]);
    expect((await rows()).map((r) => r.connectionId)).toEqual([null, null]);
    await s.pool.query(`DELETE FROM campaign WHERE id = $1`, [s.campaignId]);
    expect(await rows()).toEqual([]);
  });

  it("makes a contact delete wait for a fan-out still writing that contact's row, then removes the row", async () => {
    const s = await setup();
    const fanout = await s.pool.connect();
    const deleter = await s.pool.connect();
    try {
      await fanout.query("BEGIN");
      await fanout.query(
        `INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, "updatedAt") SELECT $1, $2, unnest($3::bigint[]), '+39333', now()`,
        [s.workspaceId, s.campaignId, s.contacts],
      );
      let deleted = false;
      const del = deleter.query(`DELETE FROM contact WHERE id = $1`, [s.contacts[1]]).then(() => (deleted = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false);
      await fanout.query("COMMIT");
      await del;
      const left = await s.pool.query<{ contactId: string }>(`SELECT "contactId" FROM message WHERE "campaignId" = $1 ORDER BY "contactId"`, [s.campaignId]);
      expect(left.rows.map((r) => r.contactId)).toEqual([s.contacts[0], s.contacts[2]]);
    } finally {
      fanout.release();
      deleter.release();
    }
  });
});
