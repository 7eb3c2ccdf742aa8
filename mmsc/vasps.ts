// VASP accounts: who may submit (Basic auth + VASP id) and where their reports go. Registration is idempotent
// (same vaspId = update) and recorded in the ledger so accounts survive a restart.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const vaspInputSchema = z.object({
  vaspId: z.string().min(1),
  vasId: z.string().optional(),
  username: z.string().min(1),
  password: z.string().min(1),
  /** The VASP's inbound MM7 URL for DeliveryReportReq, ReadReplyReq and DeliverReq. */
  deliverUrl: z.string().url().optional(),
  deliverUsername: z.string().optional(),
  deliverPassword: z.string().optional(),
  /** Throughput limit (SubmitReq per second); above it the answer is 4006. 0 = no limit. */
  maxPerSecond: z.number().int().min(0).default(0),
  /** Namespace used towards the VASP, e.g. REL-6-MM7-1-4. */
  namespace: z.string().default("REL-6-MM7-1-4"),
});
export type VaspAccount = z.infer<typeof vaspInputSchema>;

type Bucket = { tokens: number; at: number };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class VaspRegistry {
  private readonly byId = new Map<string, VaspAccount>();
  private readonly buckets = new Map<string, Bucket>();

  upsert(v: VaspAccount): VaspAccount {
    this.byId.set(v.vaspId, v);
    this.buckets.delete(v.vaspId);
    return v;
  }

  get(vaspId: string): VaspAccount | undefined {
    return this.byId.get(vaspId);
  }

  list(): VaspAccount[] {
    return [...this.byId.values()];
  }

  /** The account whose credentials these are, or null. */
  authenticate(authorization: string | undefined): VaspAccount | null {
    if (!authorization || !/^basic /i.test(authorization)) return null;
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i < 0) return null;
    const user = decoded.slice(0, i);
    const pass = decoded.slice(i + 1);
    for (const v of this.byId.values()) if (safeEqual(v.username, user) && safeEqual(v.password, pass)) return v;
    return null;
  }

  /** Token bucket with a one-second burst; false = over the limit. */
  take(v: VaspAccount, now = Date.now()): boolean {
    if (!v.maxPerSecond) return true;
    const b = this.buckets.get(v.vaspId) ?? { tokens: v.maxPerSecond, at: now };
    b.tokens = Math.min(v.maxPerSecond, b.tokens + ((now - b.at) / 1000) * v.maxPerSecond);
    b.at = now;
    this.buckets.set(v.vaspId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
