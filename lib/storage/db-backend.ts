// Default backend: objects in PostgreSQL (stored_object + stored_chunk, 1 MiB bytea chunks), so any
// process on any machine reaches them with DATABASE_URL alone. Keys are immutable by convention
// (content-addressed or id-scoped), which is what makes the local disk cache safe.
import { Readable } from "node:stream";
import { pgPool } from "@/lib/db/pg";
import { collect } from "./body";
import type { DiskCache } from "./disk-cache";
import type { Storage, StoredInfo } from "./types";

const CHUNK = 1024 * 1024;

export class DbStorage implements Storage {
  constructor(private readonly cache?: DiskCache) {}

  async put(key: string, body: Buffer | Uint8Array | Readable, contentType: string): Promise<StoredInfo> {
    const { bytes, sha256 } = await collect(body);
    const client = await pgPool().connect();
    try {
      await client.query("begin");
      // Upsert first: its row lock serialises two processes writing the same key at once.
      await client.query(
        `insert into stored_object (key, "contentType", size, sha256) values ($1, $2, $3, $4)
         on conflict (key) do update set "contentType" = excluded."contentType", size = excluded.size, sha256 = excluded.sha256, "createdAt" = now()`,
        [key, contentType, bytes.length, sha256],
      );
      await client.query(`delete from stored_chunk where "objectKey" = $1`, [key]);
      for (let seq = 0, off = 0; off < bytes.length || seq === 0; seq++, off += CHUNK) {
        await client.query("insert into stored_chunk (\"objectKey\", seq, data) values ($1, $2, $3)", [key, seq, bytes.subarray(off, off + CHUNK)]);
      }
      await client.query("commit");
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    await this.cache?.drop(key);
    return { key, contentType, size: bytes.length, sha256 };
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    const hit = await this.cache?.read(key);
    if (hit) return hit;
    const { rows } = await pgPool().query<{ contentType: string; data: Buffer | null }>(
      `select o."contentType", c.data from stored_object o left join stored_chunk c on c."objectKey" = o.key where o.key = $1 order by c.seq`,
      [key],
    );
    if (rows.length === 0) return null;
    const bytes = Buffer.concat(rows.map((r) => r.data ?? Buffer.alloc(0)));
    const out = { bytes, contentType: rows[0]!.contentType };
    await this.cache?.write(key, bytes, out.contentType);
    return out;
  }

  async getStream(key: string) {
    const got = await this.get(key);
    if (!got) return null;
    return { stream: Readable.from([got.bytes]), contentType: got.contentType, size: got.bytes.length };
  }

  async delete(key: string): Promise<void> {
    await pgPool().query("delete from stored_object where key = $1", [key]);
    await this.cache?.drop(key);
  }

  async exists(key: string): Promise<boolean> {
    const { rowCount } = await pgPool().query("select 1 from stored_object where key = $1", [key]);
    return (rowCount ?? 0) > 0;
  }
}
