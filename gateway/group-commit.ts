// Group commit: requests arriving within a few milliseconds share one multi-row INSERT (one
// transaction, one WAL flush), and each is answered only after that COMMIT. Nothing is
// acknowledged to the MMSC that is not yet stored.
import { pgPool } from "@/lib/db/pg";

export type EventRow = { connectionId: string; kind: "delivery_report" | "read_reply" | "deliver"; payload: unknown };

type Waiter = { row: EventRow; resolve: () => void; reject: (e: unknown) => void };

export class GroupCommit {
  private buf: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight = new Set<Promise<void>>();

  constructor(
    private readonly opts: { windowMs: number; maxRows: number; onCommitted?: (rows: EventRow[]) => void },
  ) {}

  add(row: EventRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.buf.push({ row, resolve, reject });
      if (this.buf.length >= this.opts.maxRows) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buf;
    this.buf = [];
    if (!batch.length) return;
    const p = this.write(batch).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async write(batch: Waiter[]): Promise<void> {
    const conns: string[] = [];
    const kinds: string[] = [];
    const payloads: string[] = [];
    for (const w of batch) {
      conns.push(w.row.connectionId);
      kinds.push(w.row.kind);
      payloads.push(JSON.stringify(w.row.payload));
    }
    try {
      // One prepared statement whatever the batch size: parsed and planned once per connection.
      await pgPool().query({
        name: "gateway_event_insert",
        text: `INSERT INTO gateway_event ("connectionId", kind, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
        values: [conns, kinds, payloads],
      });
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    for (const w of batch) w.resolve();
    this.opts.onCommitted?.(batch.map((w) => w.row));
  }

  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.inflight]);
  }
}
