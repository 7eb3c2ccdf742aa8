import { afterAll, describe, expect, it } from "vitest";
import { QueueEvents } from "bullmq";
import { enqueue, closeQueues, queues, getQueue } from "@/lib/queues";
import { createWorkerConnection, redisPrefix } from "@/lib/queues/connection";
import { startProcess } from "../../support/processes";

describe("queue round trip through a real worker process", () => {
  afterAll(async () => { await closeQueues(); });

  it("a job enqueued by a producer is processed by `npm run workers`, which then shuts down gracefully", async () => {
    const worker = await startProcess("workers/main.ts", { readyPattern: /workers ready/ });
    const events = new QueueEvents(queues.system.name, { connection: createWorkerConnection(), prefix: redisPrefix() });
    await events.waitUntilReady();
    try {
      const job = await enqueue("system", { kind: "ping", nonce: "n-42" });
      const result = await job.waitUntilFinished(events, 45_000);
      expect(result.pong).toBe("n-42");
      expect(result.pid).toBe(worker.child.pid);

      // A job in flight when SIGTERM arrives still completes before the process exits.
      const code = await worker.stop("SIGTERM");
      expect(code).toBe(0);
      expect(worker.output()).toMatch(/shutting down/);
    } finally {
      await worker.stop("SIGKILL");
      await events.close();
    }
  });

  it("refuses a payload that does not match its schema before it reaches Redis", async () => {
    const before = await getQueue("system").count();
    // @ts-expect-error: the wrong shape on purpose
    await expect(enqueue("system", { kind: "pong", nonce: 1 })).rejects.toThrow();
    expect(await getQueue("system").count()).toBe(before);
  });
});
