import { drainGatewayEvents } from "@/lib/inbound";
import { enqueue, jobId } from "@/lib/queues";
import { defineProcessor } from "../runtime";

/** Drains stored gateway events; nudged by the gateway after each group commit. */
export const inboundEventsProcessor = defineProcessor({
  queue: "inboundEvents",
  concurrency: 2,
  handle: async () => {
    const r = await drainGatewayEvents();
    // Reports that overtook their SubmitRsp: look again shortly (one delayed job per 5 s window).
    if (r.waiting > 0) await enqueue("inboundEvents", {}, { delay: 5_000, jobId: jobId("inbound-wait", Math.floor(Date.now() / 5_000)) });
    return r;
  },
});
