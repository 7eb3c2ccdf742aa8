import { drainGatewayEvents } from "@/lib/inbound";
import { enqueue, getQueue, jobId, queues } from "@/lib/queues";
import { defineProcessor } from "../runtime";

/**
 * Drains stored gateway events. The gateway nudges this queue after each group commit, but a nudge
 * can be lost (Redis down while the gateway stored the event): a job scheduler drains every few
 * seconds too, so a stored report is applied whatever happened to its nudge.
 */
export const inboundEventsProcessor = defineProcessor({
  queue: "inboundEvents",
  concurrency: 2,
  setup: async () => {
    await getQueue("inboundEvents").upsertJobScheduler("inbound-poll", { every: 5_000 }, { name: queues.inboundEvents.name, data: {} });
  },
  handle: async () => {
    const r = await drainGatewayEvents();
    // Reports that overtook their SubmitRsp: look again shortly (one delayed job per 5 s window).
    if (r.waiting > 0) await enqueue("inboundEvents", {}, { delay: 5_000, jobId: jobId("inbound-wait", Math.floor(Date.now() / 5_000)) });
    return r;
  },
});
