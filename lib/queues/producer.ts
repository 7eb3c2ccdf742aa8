// Enqueueing, validated: a payload that does not match its schema never reaches Redis.
import { Queue, type JobsOptions } from "bullmq";
import { createProducerConnection, redisPrefix } from "./connection";
import { defaultJobOptions, queues, type Payload, type QueueKey } from "./definitions";

type Global = typeof globalThis & { __postinoQueues?: Map<QueueKey, Queue> };
const g = globalThis as Global;

export function getQueue(key: QueueKey): Queue {
  g.__postinoQueues ??= new Map();
  let q = g.__postinoQueues.get(key);
  if (!q) {
    q = new Queue(queues[key].name, {
      connection: createProducerConnection(),
      prefix: redisPrefix(),
      defaultJobOptions,
    });
    q.on("error", () => {});
    g.__postinoQueues.set(key, q);
  }
  return q;
}

export async function enqueue<K extends QueueKey>(key: K, payload: Payload<K>, opts: JobsOptions = {}) {
  const data = queues[key].payload.parse(payload);
  return getQueue(key).add(queues[key].name, data, opts);
}

export async function enqueueBulk<K extends QueueKey>(key: K, jobs: Array<{ payload: Payload<K>; opts?: JobsOptions }>) {
  const def = queues[key];
  return getQueue(key).addBulk(jobs.map((j) => ({ name: def.name, data: def.payload.parse(j.payload), opts: j.opts })));
}

export async function closeQueues(): Promise<void> {
  const all = [...(g.__postinoQueues?.values() ?? [])];
  g.__postinoQueues = undefined;
  await Promise.all(all.map(async (q) => { await q.close().catch(() => {}); }));
}
