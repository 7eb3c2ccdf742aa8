// The worker process runtime: one BullMQ Worker per registered queue, each payload validated
// before its handler runs, a heartbeat for /api/health, and a graceful shutdown that lets
// in-flight jobs finish (SIGTERM/SIGINT) so nothing is left half-sent.
import os from "node:os";
import { Worker, type Job, UnrecoverableError } from "bullmq";
import { z } from "zod";
import { createWorkerConnection, redisPrefix } from "@/lib/queues/connection";
import { queues, type Payload, type QueueKey } from "@/lib/queues/definitions";
import { childLogger } from "@/lib/log";

const log = childLogger("workers");

export type Processor<K extends QueueKey> = {
  queue: K;
  concurrency?: number;
  /** BullMQ lock; keep well above the longest single step (an MM7 submit timeout, a transcode). */
  lockDuration?: number;
  handle: (payload: Payload<K>, job: Job) => Promise<unknown>;
  /** Runs once when the worker starts (e.g. upserting a job scheduler with a stable id). */
  setup?: () => Promise<void>;
};

export function defineProcessor<K extends QueueKey>(p: Processor<K>): Processor<K> {
  return p;
}

export const HEARTBEAT_KEY = () => `${redisPrefix()}:heartbeat:workers`;

export async function startWorkers(processors: Array<Processor<QueueKey>>, opts: { only?: string[] } = {}) {
  const selected = opts.only?.length ? processors.filter((p) => opts.only!.includes(p.queue)) : processors;
  const workers: Worker[] = [];
  for (const p of selected) {
    const def = queues[p.queue];
    const worker = new Worker(
      def.name,
      async (job) => {
        const parsed = (def.payload as z.ZodTypeAny).safeParse(job.data);
        // A malformed payload will never become valid: fail it once, keep it for inspection.
        if (!parsed.success) throw new UnrecoverableError(`invalid ${def.name} payload: ${parsed.error.message}`);
        return p.handle(parsed.data as Payload<typeof p.queue>, job);
      },
      {
        connection: createWorkerConnection(),
        prefix: redisPrefix(),
        concurrency: p.concurrency ?? Number(process.env.WORKER_CONCURRENCY ?? 8),
        lockDuration: p.lockDuration ?? 60_000,
        // A SIGKILLed worker's jobs come back after its lock expires and the next stall check runs.
        stalledInterval: Math.min(30_000, p.lockDuration ?? 60_000),
        maxStalledCount: 2,
      },
    );
    worker.on("failed", (job, err) => log.warn({ queue: def.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"));
    worker.on("error", (err) => log.error({ queue: def.name, err: err.message }, "worker error"));
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  for (const p of selected) await p.setup?.();

  const hb = createWorkerConnection();
  const member = `${os.hostname()}-${process.pid}`;
  const beat = async () => {
    await hb.zadd(HEARTBEAT_KEY(), Date.now(), member).catch(() => {});
  };
  await beat();
  const timer = setInterval(beat, 5_000);
  timer.unref();
  log.info({ queues: selected.map((p) => queues[p.queue].name), pid: process.pid }, "workers ready");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      log.info("shutting down: letting in-flight jobs finish");
      await Promise.all(workers.map((w) => w.close().catch((e) => log.error({ err: String(e) }, "close failed"))));
      await hb.zrem(HEARTBEAT_KEY(), member).catch(() => {});
      hb.disconnect();
    })());
  return { workers, close };
}
