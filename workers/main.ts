// `npm run workers`: a worker process. Needs only DATABASE_URL and REDIS_URL, so more of them can
// run on other machines. WORKER_QUEUES=contact-import,campaign-dispatch limits what this one consumes.
process.env.POSTINO_SERVICE ??= "workers";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { disconnectDb } from "@/lib/db/client";
import { closePgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { processors } from "./registry";
import { startWorkers } from "./runtime";
import { queues } from "@/lib/queues/definitions";

async function main() {
  config();
  const names = process.env.WORKER_QUEUES?.split(",").map((s) => s.trim()).filter(Boolean);
  const only = names?.map((n) => Object.entries(queues).find(([, d]) => d.name === n)?.[0]).filter((k): k is string => !!k);
  const runtime = await startWorkers(processors, { only });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping workers");
    await runtime.close();
    await closeQueues();
    await Promise.allSettled([disconnectDb(), closePgPool()]);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  process.send?.({ ready: true });
}

main().catch((err) => {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, "workers failed to start");
  process.exit(1);
});
