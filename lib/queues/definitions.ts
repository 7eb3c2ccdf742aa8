// The one place that names queues and types their payloads. Payloads carry ids, never personal
// data (Redis stores job data in clear text); handlers re-read everything else from PostgreSQL.
import { z } from "zod";
import type { JobsOptions } from "bullmq";

const id = z.string().min(1).max(64);

export const queues = {
  /** Health round trip: proves a worker process is consuming. */
  system: { name: "system", payload: z.object({ kind: z.literal("ping"), nonce: z.string().max(64) }) },
  /** Streams one uploaded CSV/XLSX file into contacts. */
  contactImport: { name: "contact-import", payload: z.object({ importJobId: id }) },
  /** Probes a new upload and produces its variants for every handset profile. */
  mediaTranscode: { name: "media-transcode", payload: z.object({ assetId: id }) },
  /** Snapshots a campaign's audience into ledger rows, then enqueues dispatch batches. */
  campaignFanout: { name: "campaign-fanout", payload: z.object({ campaignId: id }) },
  /** The pipeline's periodic check across all campaigns (a job scheduler with a stable id, no payload). */
  campaignSweep: { name: "campaign-sweep", payload: z.object({}) },
  /** Submits one batch of ledger rows to the carrier. */
  campaignDispatch: {
    name: "campaign-dispatch",
    payload: z.object({ campaignId: id, batchNo: z.number().int().nonnegative() }),
  },
  /** Turns durably stored gateway events (delivery/read reports, MO messages) into ledger and inbox updates. */
  inboundEvents: { name: "inbound-events", payload: z.object({ connectionId: id.optional() }) },
} as const;

export type QueueKey = keyof typeof queues;
export type Payload<K extends QueueKey> = z.infer<(typeof queues)[K]["payload"]>;

export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  // Failed jobs stay a week for inspection in /admin/queues.
  removeOnFail: { age: 7 * 24 * 3_600 },
} satisfies JobsOptions;

/** BullMQ job ids may not contain ':' and may not be all digits. */
export function jobId(...parts: Array<string | number>): string {
  return parts.map((p) => String(p).replace(/:/g, "_")).join("-");
}
