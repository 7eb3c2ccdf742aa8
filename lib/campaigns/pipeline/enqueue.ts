// Dispatch jobs. The fan-out's first job per batch has the deterministic id dispatch-<campaign>-<batch>,
// so a re-run fan-out never doubles a batch. Later jobs for the same batch (a retry's back-off, a
// resume, a recovery) carry a tag and a time: running a batch twice is harmless (batch lock + CAS).
import { enqueueBulk, jobId } from "@/lib/queues";
import { realDelayUntil } from "@/lib/campaigns/clock";

const CHUNK = 1_000;

export async function enqueueBatches(campaignId: string, batchNos: number[], tag?: string, delayMs = 0): Promise<void> {
  const stamp = tag ? Date.now().toString(36) : "";
  for (let i = 0; i < batchNos.length; i += CHUNK) {
    await enqueueBulk(
      "campaignDispatch",
      batchNos.slice(i, i + CHUNK).map((batchNo) => ({
        payload: { campaignId, batchNo },
        opts: { jobId: tag ? jobId("dispatch", campaignId, batchNo, tag, stamp) : jobId("dispatch", campaignId, batchNo), ...(delayMs > 0 ? { delay: delayMs } : {}) },
      })),
    );
  }
}

/** The batch comes back when its earliest deferred row is due (capped, so a moved clock is noticed). */
export async function enqueueFollowUp(campaignId: string, batchNo: number, dueAtMs: number): Promise<void> {
  const delay = Math.max(250, realDelayUntil(dueAtMs, 15 * 60_000));
  await enqueueBatches(campaignId, [batchNo], "at", delay);
}
