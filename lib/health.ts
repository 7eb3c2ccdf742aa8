// What /api/health reports: each dependency, checked with a short timeout.
import { db } from "@/lib/db/client";
import { createProducerConnection, redisPrefix } from "@/lib/queues/connection";

type Check = { ok: boolean; ms: number; detail?: string };

async function timed(fn: () => Promise<string | void>): Promise<Check> {
  const t = performance.now();
  try {
    const detail = await Promise.race([fn(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error("timed out after 2 s")), 2_000))]);
    return { ok: true, ms: Math.round(performance.now() - t), ...(detail ? { detail } : {}) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - t), detail: e instanceof Error ? e.message : String(e) };
  }
}

export async function health() {
  const redis = createProducerConnection({ lazyConnect: true, connectTimeout: 1_500 });
  try {
    const [database, cache] = await Promise.all([
      timed(async () => { await db.$queryRaw`select 1`; }),
      timed(async () => { await redis.connect(); await redis.ping(); }),
    ]);
    const workers = !cache.ok
      ? { ok: false, ms: 0, detail: "unknown: Redis is unreachable" }
      : await timed(async () => {
        // Workers beat every 5 s; 20 s of silence means none is alive.
        const alive = await redis.zcount(`${redisPrefix()}:heartbeat:workers`, Date.now() - 20_000, "+inf");
        if (alive === 0) throw new Error("no worker process has reported in the last 20 s");
        return `${alive} worker process(es)`;
      });
    const ok = database.ok && cache.ok && workers.ok;
    return { ok, checks: { database, redis: cache, workers } };
  } finally {
    redis.disconnect();
  }
}
