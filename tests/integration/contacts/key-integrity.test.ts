// What the contact → workspace and consent event → contact foreign keys guaranteed, now kept by
// statement-level triggers (migrations 20261202150000 and 20261202151500): no contact without its
// workspace, none moved between workspaces, no consent event without its contact, everything
// deleted with its owner, and a delete that races a writer waits for it instead of leaving orphans.
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

  it("refuses a consent event of a missing contact, and deletes a contact's events with it", async () => {
    const pool = pgPool();
    const ws = await createWorkspace();
    const { rows } = await pool.query<{ id: string }>(`INSERT INTO contact ("workspaceId", phone, "updatedAt") VALUES ($1, '+393330000001', now()), ($1, '+393330000002', now()) RETURNING id`, [ws.workspaceId]);
    const [a, b] = rows.map((r) => r.id);
    // Contacts committed earlier (not written by this statement's transaction) take the locking path.
    expect(await pgCode(pool.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) VALUES ($1, $2, 'subscribed', 'manual'), ($1, $3, 'subscribed', 'manual')`, [ws.workspaceId, a, b]))).toBe("ok");
    expect(await pgCode(pool.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) VALUES ($1, $2, 'subscribed', 'manual'), ($1, 987654321987, 'subscribed', 'manual')`, [ws.workspaceId, a]))).toBe("23503");
    await pool.query(`DELETE FROM contact WHERE id = $1`, [a]);
    const events = async (id: string) => (await pool.query(`SELECT 1 FROM consent_event WHERE "contactId" = $1`, [id])).rowCount;
    expect(await events(a!)).toBe(0);
    expect(await events(b!)).toBe(1);
  });

  it("checks a run of consecutive contacts (an import's, walked by id range) as strictly as scattered ones", async () => {
    const pool = pgPool();
    const ws = await createWorkspace();
    const client = await pool.connect();
    try {
      // An import's shape: contacts and their events in one transaction.
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: string }>(`INSERT INTO contact ("workspaceId", phone, "updatedAt") SELECT $1, '+3933320' || lpad(g::text, 5, '0'), now() FROM generate_series(1, 200) g RETURNING id`, [ws.workspaceId]);
      const ids = rows.map((r) => r.id);
      expect(await pgCode(client.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) SELECT $1, unnest($2::bigint[]), 'subscribed', 'import'`, [ws.workspaceId, ids]))).toBe("ok");
      await client.query("COMMIT");
      // One contact of the run gone: events for the whole run are refused, whether new or committed earlier.
      await pool.query(`DELETE FROM contact WHERE id = $1`, [ids[100]]);
      expect(await pgCode(pool.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) SELECT $1, unnest($2::bigint[]), 'subscribed', 'manual'`, [ws.workspaceId, ids]))).toBe("23503");
      await client.query("BEGIN");
      await client.query(`UPDATE contact SET "firstName" = 'Ada' WHERE "workspaceId" = $1`, [ws.workspaceId]);
      expect(await pgCode(client.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) SELECT $1, unnest($2::bigint[]), 'subscribed', 'import'`, [ws.workspaceId, ids]))).toBe("23503");
      await client.query("ROLLBACK");
      expect((await pool.query(`SELECT count(*)::int AS n FROM consent_event WHERE "workspaceId" = $1`, [ws.workspaceId])).rows[0]).toEqual({ n: 199 });
    } finally {
      client.release();
    }
  });

  it("makes a contact delete wait for a transaction still writing that contact's consent event", async () => {
    const pool = pgPool();
    const ws = await createWorkspace();
    const { rows } = await pool.query<{ id: string }>(`INSERT INTO contact ("workspaceId", phone, "updatedAt") VALUES ($1, '+393330000003', now()) RETURNING id`, [ws.workspaceId]);
    const writer = await pool.connect();
    const deleter = await pool.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`INSERT INTO consent_event ("workspaceId", "contactId", state, source) VALUES ($1, $2, 'unsubscribed', 'keyword')`, [ws.workspaceId, rows[0]!.id]);
      let deleted = false;
      const del = deleter.query(`DELETE FROM contact WHERE id = $1`, [rows[0]!.id]).then(() => (deleted = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false);
      await writer.query("COMMIT");
      await del;
      expect((await pool.query(`SELECT 1 FROM consent_event WHERE "contactId" = $1`, [rows[0]!.id])).rowCount).toBe(0);
    } finally {
      writer.release();
      deleter.release();
    }
  });
});
