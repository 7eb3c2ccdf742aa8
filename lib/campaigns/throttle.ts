// Submit rate limits shared by every worker process: token buckets in Redis, refilled by Redis's
// own clock (TIME), so ten workers on three machines together stay under a carrier's limit.
// One bucket per carrier connection (its maxPerSecond) and, when set, one per campaign.
import type { Redis } from "ioredis";
import { redisPrefix } from "@/lib/queues/connection";

export type Bucket = { key: string; perSecond: number; burst?: number };

// KEYS: bucket keys. ARGV: n wanted, then per bucket rate, burst.
// Grants min(n, tokens available in every bucket) (at least 1 when possible); returns {granted, waitMs}.
const LUA = `
local n = tonumber(ARGV[1])
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local avail = {}
local grant = n
local wait = 0
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  local st = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(st[1])
  local ts = tonumber(st[2])
  if tokens == nil then tokens = burst; ts = nowMs end
  tokens = math.min(burst, tokens + (nowMs - ts) * rate / 1000)
  avail[i] = tokens
  local whole = math.floor(tokens)
  if whole < grant then grant = whole end
  if tokens < 1 then
    local w = math.ceil((1 - tokens) * 1000 / rate)
    if w > wait then wait = w end
  end
end
if grant < 1 then grant = 0 end
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  redis.call('HSET', key, 'tokens', avail[i] - grant, 'ts', nowMs)
  redis.call('PEXPIRE', key, math.ceil(burst * 1000 / rate) + 60000)
end
return {grant, wait}
`;

type WithCommand = Redis & { postinoTake?: (...args: Array<string | number>) => Promise<[number, number]> };

function ensureCommand(redis: Redis): WithCommand {
  const r = redis as WithCommand;
  if (!r.postinoTake) r.defineCommand("postinoTake", { lua: LUA });
  return r;
}

export function connectionBucket(connectionId: string, perSecond: number): Bucket {
  // A burst of a quarter second keeps the rate smooth at the MMSC while leaving room for batching.
  return { key: `${redisPrefix()}:throttle:conn:${connectionId}`, perSecond, burst: Math.max(1, Math.ceil(perSecond / 4)) };
}

export function campaignBucket(campaignId: string, perSecond: number): Bucket {
  return { key: `${redisPrefix()}:throttle:campaign:${campaignId}`, perSecond, burst: Math.max(1, Math.ceil(perSecond / 4)) };
}

/** One attempt: how many of `n` submits may start now, and how long to wait when none may. */
export async function tryTake(redis: Redis, buckets: Bucket[], n: number): Promise<{ granted: number; waitMs: number }> {
  const live = buckets.filter((b) => b.perSecond > 0);
  if (!live.length) return { granted: n, waitMs: 0 };
  const args: Array<string | number> = [live.length, ...live.map((b) => b.key), n];
  for (const b of live) args.push(b.perSecond, Math.max(1, b.burst ?? b.perSecond));
  const [granted, waitMs] = await ensureCommand(redis).postinoTake!(...args);
  return { granted: Number(granted), waitMs: Number(waitMs) };
}

/** Waits until at least one submit may start; resolves with how many (≤ n). `stop()` aborts the wait with 0. */
export async function take(redis: Redis, buckets: Bucket[], n: number, stop: () => boolean = () => false): Promise<number> {
  for (;;) {
    if (stop()) return 0;
    const { granted, waitMs } = await tryTake(redis, buckets, n);
    if (granted > 0) return granted;
    await new Promise((r) => setTimeout(r, Math.max(5, Math.min(waitMs, 250))));
  }
}
