import { defineProcessor } from "../runtime";
import { fanOut } from "@/lib/campaigns/fanout";
import { SWEEP_CAMPAIGN_ID, sweep } from "@/lib/campaigns/pipeline/sweep";

/** Snapshots a campaign's audience into the ledger and enqueues its batches; also runs the periodic sweep. */
export const campaignFanoutProcessor = defineProcessor({
  queue: "campaignFanout",
  concurrency: 2,
  // A 1,000,000-row fan-out is ~50 statements of a few hundred ms each; the lock is renewed meanwhile.
  lockDuration: 120_000,
  handle: async ({ campaignId }) => (campaignId === SWEEP_CAMPAIGN_ID ? sweep() : fanOut(campaignId)),
});
