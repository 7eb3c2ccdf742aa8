// The live page's throughput chart: messages submitted and delivered per 10-second bucket, counted in
// Redis by the processes that move the rows (dispatch after its outcome write, the inbound worker after
// its report transaction commits). Reading the ledger instead meant visiting every delivered row's heap
// tuple on each 2-second poll: half a second of PostgreSQL at 1,000,000 rows, per viewer, while sending.
// Counters are best effort (a lost increment costs a dent in a chart); the ledger stays the truth.
import { pipelineRedis, throughputKey } from "./pipeline/keys";

export const BUCKET_MS = 10_000;
const KEEP_S = 7 * 86_400;

export type ThroughputKind = "submitted" | "delivered";
export type ThroughputPoint = { t: string; submitted: number; delivered: number };

export const bucketOf = (ms: number) => Math.floor(ms / BUCKET_MS) * BUCKET_MS;

/** Adds counts per bucket start (ms) for one campaign. Never throws: the chart must not fail a send. */
export async function recordThroughput(campaignId: string, kind: ThroughputKind, perBucket: ReadonlyMap<number, number>): Promise<void> {
  if (!perBucket.size) return;
  const key = throughputKey(campaignId);
  const tx = pipelineRedis().multi();
  for (const [bucket, n] of perBucket) tx.hincrby(key, `${bucket}:${kind}`, n);
  await tx.expire(key, KEEP_S).exec().catch(() => {});
}

/** The last `maxPoints` buckets that have any count, oldest first. */
export async function readThroughput(campaignId: string, maxPoints = 360): Promise<ThroughputPoint[]> {
  const raw = await pipelineRedis().hgetall(throughputKey(campaignId)).catch(() => ({}) as Record<string, string>);
  const buckets = new Map<number, { submitted: number; delivered: number }>();
  for (const [field, v] of Object.entries(raw)) {
    const [t, kind] = field.split(":");
    if (kind !== "submitted" && kind !== "delivered") continue;
    const b = buckets.get(Number(t)) ?? { submitted: 0, delivered: 0 };
    b[kind] += Number(v);
    buckets.set(Number(t), b);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).slice(-maxPoints).map(([t, v]) => ({ t: new Date(t).toISOString(), ...v }));
}
