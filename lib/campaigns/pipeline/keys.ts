// Redis keys the pipeline shares across processes. Redis only mirrors state for speed; PostgreSQL
// (Campaign.state, the ledger) stays the truth, so a lost key costs at most a re-check.
import type { Redis } from "ioredis";
import { createWorkerConnection, redisPrefix } from "@/lib/queues/connection";

/** "paused" | "cancelled" while a campaign must not submit; absent otherwise. */
export const controlKey = (campaignId: string) => `${redisPrefix()}:campaign:${campaignId}:control`;
/**
 * Opted-out numbers of a workspace (E.164). The inbound keyword handler SADDs a number here right
 * after recording a STOP, so a STOP that arrives mid-batch stops the very next submit to it.
 */
export const optOutKey = (workspaceId: string) => `${redisPrefix()}:optout:${workspaceId}`;
export const batchLockKey = (campaignId: string, batchNo: number) => `${redisPrefix()}:campaign:${campaignId}:batch:${batchNo}:lock`;
/** Submits and deliveries per 10-second bucket, for the live page's throughput chart (throughput.ts). */
export const throughputKey = (campaignId: string) => `${redisPrefix()}:campaign:${campaignId}:tput`;

type Global = typeof globalThis & { __postinoPipelineRedis?: Redis };
const g = globalThis as Global;

/** One connection per process for the pipeline's own keys (throttle, control, locks). */
export function pipelineRedis(): Redis {
  g.__postinoPipelineRedis ??= createWorkerConnection();
  return g.__postinoPipelineRedis;
}

export async function closePipelineRedis(): Promise<void> {
  const r = g.__postinoPipelineRedis;
  g.__postinoPipelineRedis = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
