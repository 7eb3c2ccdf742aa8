import { defineProcessor } from "../runtime";
import { ensureSweepScheduler, sweep } from "@/lib/campaigns/pipeline/sweep";

/**
 * The pipeline's periodic check (stuck rows, lost dispatch jobs, "no report after N hours"), on a
 * queue of its own so a long fan-out never delays it and it never takes a fan-out slot.
 */
export const campaignSweepProcessor = defineProcessor({
  queue: "campaignSweep",
  concurrency: 1,
  // Launches create the scheduler too; creating it at start keeps the sweep running after Redis
  // lost its data (the sweep is what re-enqueues the batches Redis lost).
  setup: ensureSweepScheduler,
  handle: async () => sweep(),
});
