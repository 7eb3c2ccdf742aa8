// What the contact → workspace foreign key guaranteed, now kept by statement-level triggers
// (migration 20261202150000): no contact without its workspace, none moved between workspaces, all
// deleted with their workspace (with their consent history), and a workspace delete that races an
// import waits for it instead of leaving orphans.
import { afterAll, describe, expect, it } from "vitest";
import { closePgPool, pgPool } from "@/lib/db/pg";
import { createWorkspace } from "../../support/fixtures";

afterAll(closePgPool);

const pgCode = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string }) => e.code);

describe("contact ↔ workspace integrity", () => {
  it("refuses a contact of a missing workspace, and a move to another workspace", async () => {
    const pool = pgPool();
    const a = await createWorkspace();
    const b = await createWorkspace();
    expect(await pgCode(pool.query(`INSERT INTO contact ("workspaceId", phone, "updatedAt") VALUES ($1, '+393330000001', now()), ('no-such-workspace', '+393330000002', now())`, [a.workspaceId]))).toBe("23503");
    expect((await pool.query(`SELECT 1 FROM contact WHERE "workspaceId" = $1`, [a.workspaceId])).rowCount).toBe(0);
    await pool.query(`INSERT INTO contact ("workspaceId", phone, "updatedAt") VALUES ($1, '+393330000001', now())`, [a.workspaceId]);
    expect(await pgCode(pool.query(`UPDATE contact SET "workspaceId" = $2 WHERE "workspaceId" = $1`, [a.workspaceId, b.workspaceId]))).toBe("23503");
    expect(await pgCode(pool.query(`UPDATE contact SET "firstName" = 'Ada' WHERE "workspaceId" = $1`, [a.workspaceId]))).toBe("ok");
  });

  it("deletes a workspace's contacts and their consent events with it, and no one else's", async () => {
    const pool = pgPool();
    const gone = await createWorkspace();
    const kept = await createWorkspace();
    for (const ws of [gone, kept]) {
      const { rows } = await pool.query<{ id: string }>(`INSERT INTO contact ("workspaceId", phone, "updatedAt") SELECT $1, '+3933300' || lpad(g::text, 5, '0'), now() FROM generate_series(1, 100) g RETURNING id`, [ws.workspaceId]);
      await pool.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) SELECT $1, unnest($2::bigint[]), 'subscribed', 'manual'`, [ws.workspaceId, rows.map((r) => r.id)]);
    }
    await pool.query(`DELETE FROM workspace WHERE id = $1`, [gone.workspaceId]);
    const left = async (ws: string) => (await pool.query<{ c: number; e: number }>(`SELECT (SELECT count(*)::int FROM contact WHERE "workspaceId" = $1) AS c, (SELECT count(*)::int FROM consent_event WHERE "workspaceId" = $1) AS e`, [ws])).rows[0];
    expect(await left(gone.workspaceId)).toEqual({ c: 0, e: 0 });
    expect(await left(kept.workspaceId)).toEqual({ c: 100, e: 100 });
  });

  it("makes a workspace delete wait for a transaction still inserting its contacts", async () => {
    const pool = pgPool();
    const ws = await createWorkspace();
    const importer = await pool.connect();
    const deleter = await pool.connect();
    try {
      await importer.query("BEGIN");
      await importer.query(`INSERT INTO contact ("workspaceId", phone, "updatedAt") VALUES ($1, $2, now())`, [ws.workspaceId, "+393339990001"]);
      let deleted = false;
      const del = deleter.query(`DELETE FROM workspace WHERE id = $1`, [ws.workspaceId]).then(() => (deleted = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false);
      await importer.query("COMMIT");
      await del;
      expect((await pool.query(`SELECT 1 FROM contact WHERE "workspaceId" = $1`, [ws.workspaceId])).rowCount).toBe(0);
    } finally {
      importer.release();
      deleter.release();
    }
  });
});
