// Append-only NDJSON ledger with group commit: records are buffered, written together and fsynced, and only then
// are their promises resolved. "Accepted" in a SubmitRsp therefore means "on disk". At start the file is replayed
// into memory (a torn last line from a crash is skipped).
import { createReadStream, existsSync, mkdirSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";

export class Ledger {
  private fh: FileHandle | null = null;
  private lines: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;
  records = 0;

  constructor(
    readonly file: string,
    private readonly commitMs = 2,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  /** Replays every complete record, then opens the file for appending. */
  async open(replay: (rec: Record<string, unknown>) => void): Promise<void> {
    if (existsSync(this.file)) {
      const rl = createInterface({ input: createReadStream(this.file, "utf8"), crlfDelay: Infinity });
      for await (const line of rl) {
        if (!line) continue;
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue; // torn write at a crash: the request was never answered, so nothing was promised
        }
        this.records++;
        replay(rec);
      }
    }
    this.fh = await open(this.file, "a");
  }

  /** Resolves once the record is fsynced. */
  append(rec: object): Promise<void> {
    return new Promise((resolve, reject) => {
      this.lines.push(JSON.stringify(rec) + "\n");
      this.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Same write path, for records nobody waits on (state changes, report bookkeeping). */
  note(rec: object): void {
    this.append(rec).catch(() => {});
  }

  private kick(): void {
    if (!this.flushing) this.flushing = this.loop().finally(() => (this.flushing = null));
  }

  private async loop(): Promise<void> {
    if (this.commitMs > 0) await new Promise((r) => setTimeout(r, this.commitMs));
    while (this.lines.length) {
      const lines = this.lines;
      const waiters = this.waiters;
      this.lines = [];
      this.waiters = [];
      try {
        if (!this.fh) throw new Error("ledger is not open");
        await this.fh.write(lines.join(""));
        await this.fh.datasync();
        this.records += lines.length;
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fh?.close();
    this.fh = null;
  }
}
