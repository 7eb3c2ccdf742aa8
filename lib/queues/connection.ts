// Two Redis connection profiles, as BullMQ recommends: producers (web requests) fail fast when
// Redis is down, so a user sees an error instead of a hung request; workers retry forever.
import { Redis, type RedisOptions } from "ioredis";

function url(): string {
  const u = process.env.REDIS_URL;
  if (!u) throw new Error("REDIS_URL is not set");
  return u;
}

export function redisPrefix(): string {
  return process.env.REDIS_PREFIX ?? "postino";
}

export function createProducerConnection(extra: RedisOptions = {}): Redis {
  const r = new Redis(url(), { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, ...extra });
  r.on("error", () => {});
  return r;
}

export function createWorkerConnection(extra: RedisOptions = {}): Redis {
  const r = new Redis(url(), { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
  r.on("error", () => {});
  return r;
}
