// Content-addressed blob store: each distinct body is written once (sha256 name), so a campaign sending the same
// 100 KB image a million times stores it once. A blob is fsynced and renamed into place before its hash is used,
// so a ledger record never points at a half-written file.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import { open, readFile, rename } from "node:fs/promises";
import path from "node:path";

export class BlobStore {
  private readonly known = new Set<string>();
  private readonly writing = new Map<string, Promise<void>>();
  private readonly cache = new Map<string, Buffer>();
  /** Hashes of Buffers already put: the same Buffer (a shared decoded body) is not hashed twice. Bodies are never mutated. */
  private readonly hashed = new WeakMap<Buffer, string>();
  private cacheBytes = 0;
  private seq = 0;

  constructor(
    private readonly dir: string,
    private readonly cacheLimit = 64 * 1024 * 1024,
  ) {
    mkdirSync(path.join(dir, "tmp"), { recursive: true });
    for (const sub of readdirSync(dir)) {
      if (sub.length !== 2) continue;
      for (const f of readdirSync(path.join(dir, sub))) this.known.add(sub + f);
    }
  }

  static hash(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
  }

  get count(): number {
    return this.known.size;
  }

  private file(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash.slice(2));
  }

  /** Stores `data` durably (once per distinct content) and returns its hash. */
  async put(data: Buffer): Promise<string> {
    let hash = this.hashed.get(data);
    if (!hash) this.hashed.set(data, (hash = BlobStore.hash(data)));
    if (this.known.has(hash)) return hash;
    let p = this.writing.get(hash);
    if (!p) {
      p = this.write(hash, data).finally(() => this.writing.delete(hash));
      this.writing.set(hash, p);
    }
    await p;
    return hash;
  }

  private async write(hash: string, data: Buffer): Promise<void> {
    const tmp = path.join(this.dir, "tmp", `${process.pid}-${++this.seq}`);
    const fh = await open(tmp, "w");
    try {
      await fh.write(data);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    mkdirSync(path.join(this.dir, hash.slice(0, 2)), { recursive: true });
    await rename(tmp, this.file(hash));
    this.known.add(hash);
    this.remember(hash, data);
  }

  private remember(hash: string, data: Buffer): void {
    if (data.length > this.cacheLimit / 8 || this.cache.has(hash)) return;
    this.cache.set(hash, data);
    this.cacheBytes += data.length;
    for (const [k, v] of this.cache) {
      if (this.cacheBytes <= this.cacheLimit) break;
      this.cache.delete(k);
      this.cacheBytes -= v.length;
    }
  }

  async get(hash: string): Promise<Buffer> {
    const hit = this.cache.get(hash);
    if (hit) return hit;
    const data = await readFile(this.file(hash));
    this.remember(hash, data);
    return data;
  }
}
