import { defineProcessor } from "../runtime";
import { fanOut } from "@/lib/campaigns/fanout";
import { LEGACY_SWEEP_CAMPAIGN_ID } from "@/lib/campaigns/pipeline/sweep";

/** Snapshots a campaign's audience into the ledger and enqueues its batches. */
export const campaignFanoutProcessor = defineProcessor({
  queue: "campaignFanout",
  concurrency: 2,
  // A 1,000,000-row fan-out is ~50 statements of a few hundred ms each; the lock is renewed meanwhile.
  lockDuration: 120_000,
  // A sweep job an older release scheduled here: the sweep now runs on its own queue.
  handle: async ({ campaignId }) => (campaignId === LEGACY_SWEEP_CAMPAIGN_ID ? { skipped: "legacy sweep job" } : fanOut(campaignId)),
});
