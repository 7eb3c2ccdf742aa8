// A local read-through cache for immutable objects: the transcoder and the personaliser read the
// same originals many times, and a local file is far cheaper than re-assembling chunks from the database.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export class DiskCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    const h = createHash("sha256").update(key).digest("hex");
    return path.join(this.dir, h.slice(0, 2), h);
  }

  async read(key: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    try {
      const raw = await readFile(this.file(key));
      const nl = raw.indexOf(10);
      return { contentType: raw.subarray(0, nl).toString(), bytes: raw.subarray(nl + 1) };
    } catch {
      return null;
    }
  }

  async write(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const f = this.file(key);
    // Write-then-rename so a concurrent reader never sees half a file.
    const tmp = `${f}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(path.dirname(f), { recursive: true });
      await writeFile(tmp, Buffer.concat([Buffer.from(`${contentType}\n`), bytes]));
      await rename(tmp, f);
    } catch {
      await rm(tmp, { force: true }).catch(() => {});
    }
  }

  async drop(key: string): Promise<void> {
    await rm(this.file(key), { force: true }).catch(() => {});
  }
}
