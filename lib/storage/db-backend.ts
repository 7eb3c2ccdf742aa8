// Default backend: objects in PostgreSQL (stored_object + stored_chunk, 1 MiB bytea chunks), so any
// process on any machine reaches them with DATABASE_URL alone. Keys are immutable by convention
// (content-addressed or id-scoped), which is what makes the local disk cache safe.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pgPool } from "@/lib/db/pg";
import type { DiskCache } from "./disk-cache";
import type { Storage, StoredInfo } from "./types";

const CHUNK = 1024 * 1024;
/**
 * Chunks fetched per query by getStream: 2 MiB in flight, which the driver holds three times over
 * (bytea arrives as hex text, twice its size, then becomes bytes; its binary mode mangles bytea).
 */
const WINDOW = 2;

/** The body as CHUNK-sized buffers (the last one shorter), whatever sizes the source yields. */
async function* rechunk(body: Buffer | Uint8Array | Readable | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  if (body instanceof Uint8Array) {
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    for (let off = 0; off < b.length; off += CHUNK) yield b.subarray(off, off + CHUNK);
    return;
  }
  let parts: Buffer[] = [];
  let held = 0;
  for await (const c of body as AsyncIterable<Uint8Array | string>) {
    let b = typeof c === "string" ? Buffer.from(c) : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    while (held + b.length >= CHUNK) {
      const take = CHUNK - held;
      parts.push(b.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      held = 0;
      b = b.subarray(take);
    }
    if (b.length) { parts.push(b); held += b.length; }
  }
  if (held) yield Buffer.concat(parts);
}

export class DbStorage implements Storage {
  constructor(private readonly cache?: DiskCache) {}

  /** Writes the body 1 MiB chunk by chunk, so a stream of any size is never held whole in memory. */
  async put(key: string, body: Buffer | Uint8Array | Readable | AsyncIterable<Uint8Array>, contentType: string): Promise<StoredInfo> {
    const client = await pgPool().connect();
    const hash = createHash("sha256");
    let size = 0;
    try {
      await client.query("begin");
      // Upsert first: its row lock serialises two processes writing the same key at once.
      await client.query(
        `insert into stored_object (key, "contentType", size, sha256) values ($1, $2, 0, '')
         on conflict (key) do update set "contentType" = excluded."contentType", size = 0, sha256 = '', "createdAt" = now()`,
        [key, contentType],
      );
      await client.query(`delete from stored_chunk where "objectKey" = $1`, [key]);
      let seq = 0;
      const write = async (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        await client.query("insert into stored_chunk (\"objectKey\", seq, data) values ($1, $2, $3)", [key, seq++, chunk]);
      };
      for await (const chunk of rechunk(body)) await write(chunk);
      if (seq === 0) await write(Buffer.alloc(0));
      const sha256 = hash.digest("hex");
      await client.query(`update stored_object set size = $2, sha256 = $3 where key = $1`, [key, size, sha256]);
      await client.query("commit");
      await this.cache?.drop(key);
      return { key, contentType, size, sha256 };
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
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

  /** Reads the chunks in order, a few at a time, so the reader holds a small window and never the whole object. */
  async getStream(key: string) {
    const { rows } = await pgPool().query<{ contentType: string; size: string }>(`select "contentType", size from stored_object where key = $1`, [key]);
    if (rows.length === 0) return null;
    async function* chunks() {
      for (let seq = 0; ; seq += WINDOW) {
        const { rows: got } = await pgPool().query<{ data: Buffer }>(
          `select data from stored_chunk where "objectKey" = $1 and seq >= $2 and seq < $3 order by seq`,
          [key, seq, seq + WINDOW],
        );
        for (const r of got) if (r.data.length) yield r.data;
        if (got.length < WINDOW) return;
      }
    }
    return { stream: Readable.from(chunks(), { objectMode: false }), contentType: rows[0]!.contentType, size: Number(rows[0]!.size) };
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
