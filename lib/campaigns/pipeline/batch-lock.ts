// One live dispatcher per batch. BullMQ may run a batch job twice (stalled-job retry, a resume
// while a delayed follow-up waits); the lock makes the second run wait instead of racing. The lock
// is short-lived and renewed, so a SIGKILLed holder frees its batch within seconds and the next
// run can turn its in-flight rows into "unknown".
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { batchLockKey } from "./keys";

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export const lockTtlMs = () => Number(process.env.DISPATCH_LOCK_MS ?? 10_000);

export type BatchLock = { readonly lost: boolean; release: () => Promise<void> };

export async function acquireBatchLock(redis: Redis, campaignId: string, batchNo: number): Promise<BatchLock | null> {
  const key = batchLockKey(campaignId, batchNo);
  const token = randomBytes(8).toString("hex");
  const ttl = lockTtlMs();
  const ok = await redis.set(key, token, "PX", ttl, "NX");
  if (ok !== "OK") return null;
  let lost = false;
  const timer = setInterval(() => {
    redis.eval(RENEW, 1, key, token, ttl).then(
      (r) => { if (Number(r) !== 1) lost = true; },
      () => { /* Redis unreachable: keep going; a renewal that fails for a whole TTL shows up as r = 0 later */ },
    );
  }, Math.max(500, Math.floor(ttl / 3)));
  timer.unref();
  return {
    get lost() { return lost; },
    release: async () => {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, token).catch(() => {});
    },
  };
}

export async function isBatchLocked(redis: Redis, campaignId: string, batchNo: number): Promise<boolean> {
  return (await redis.exists(batchLockKey(campaignId, batchNo))) === 1;
}
