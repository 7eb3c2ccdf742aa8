import { defineProcessor } from "../runtime";
import { dispatchBatch } from "@/lib/campaigns/dispatch";
import { enqueueFollowUp } from "@/lib/campaigns/pipeline/enqueue";

/**
 * Submits one batch. Rows deferred by quiet hours, schedules or retry back-off bring the batch back
 * as a delayed job when they are due; a batch held by another live worker comes back shortly.
 */
export const campaignDispatchProcessor = defineProcessor({
  queue: "campaignDispatch",
  // Batches at once per process; see chunkSize in lib/campaigns/dispatch.ts for the pair's trade-off.
  concurrency: Number(process.env.DISPATCH_JOBS ?? 4),
  // Renewed every 10 s while the process lives; above one chunk's longest step (an MM7 submit is
  // bounded by the connection's timeoutMs). Short, so a killed worker's batch resumes within ~40 s.
  lockDuration: 20_000,
  handle: async ({ campaignId, batchNo }) => {
    const r = await dispatchBatch(campaignId, batchNo);
    if (r.nextAt !== null) await enqueueFollowUp(campaignId, batchNo, r.nextAt);
    return { outcome: r.outcome, submitted: r.submitted };
  },
});
