// Fault injection: what real MMSCs do to a VASP on a bad day. One draw per SubmitReq picks at most one fault, so
// the shares add up and a test can predict the counts. Faults "after accept" happen once the message is stored
// and recorded in the ledger: the VASP cannot know it was accepted, which is what makes "unknown" outcomes real.
import { z } from "zod";

const share = z.number().min(0).max(1).default(0);

export const faultsSchema = z.object({
  /** Added before answering any MM7 request: uniform between minMs and maxMs. */
  latency: z.object({ minMs: z.number().min(0).default(0), maxMs: z.number().min(0).default(0) }).default({ minMs: 0, maxMs: 0 }),
  /** SubmitRsp-level faults (nothing stored). */
  status4006: share,
  status3000: share,
  http500: share,
  /** socket.destroy() before answering and before storing. */
  reset: share,
  /** Never answer, never store. */
  timeout: share,
  /** Stored and in the ledger, then the socket is destroyed / never answered. */
  resetAfterAccept: share,
  timeoutAfterAccept: share,
  /** Delivery reports: send one twice; send a stale Deferred after the final report. */
  duplicateReports: share,
  outOfOrderReports: share,
  /** Seed of the fault draws (same seed, same sequence). */
  seed: z.number().int().optional(),
});
export type FaultsConfig = z.infer<typeof faultsSchema>;
export type SubmitFault = "status4006" | "status3000" | "http500" | "reset" | "timeout" | "resetAfterAccept" | "timeoutAfterAccept";

const SUBMIT_FAULTS: SubmitFault[] = ["status4006", "status3000", "http500", "reset", "timeout", "resetAfterAccept", "timeoutAfterAccept"];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private cfg: FaultsConfig;
  private rnd: () => number;
  readonly injected: Record<string, number> = {};

  constructor(cfg?: Partial<FaultsConfig>) {
    this.cfg = faultsSchema.parse(cfg ?? {});
    this.rnd = mulberry32(this.cfg.seed ?? (Math.random() * 2 ** 32) >>> 0);
  }

  get config(): FaultsConfig {
    return this.cfg;
  }

  set(cfg: unknown): FaultsConfig {
    this.cfg = faultsSchema.parse(cfg);
    if (this.cfg.seed !== undefined) this.rnd = mulberry32(this.cfg.seed);
    for (const k of Object.keys(this.injected)) delete this.injected[k];
    return this.cfg;
  }

  latencyMs(): number {
    const { minMs, maxMs } = this.cfg.latency;
    if (maxMs <= 0) return 0;
    return minMs + this.rnd() * Math.max(0, maxMs - minMs);
  }

  drawSubmit(): SubmitFault | null {
    const u = this.rnd();
    let acc = 0;
    for (const f of SUBMIT_FAULTS) {
      acc += this.cfg[f];
      if (u < acc) {
        this.injected[f] = (this.injected[f] ?? 0) + 1;
        return f;
      }
    }
    return null;
  }

  draw(kind: "duplicateReports" | "outOfOrderReports"): boolean {
    const hit = this.cfg[kind] > 0 && this.rnd() < this.cfg[kind];
    if (hit) this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    return hit;
  }
}
