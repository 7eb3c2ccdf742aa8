import { UnrecoverableError } from "bullmq";
import { db } from "@/lib/db/client";
import { MediaRefused, transcodeAsset } from "@/lib/media";
import { defaultJobOptions } from "@/lib/queues/definitions";
import { defineProcessor } from "../runtime";

/**
 * Produces every handset variant of one media item. A refusal (damaged file, impossible trim) is
 * final and shown to the user as is; anything else is retried, and only the last failure is shown.
 */
export const mediaTranscodeProcessor = defineProcessor({
  queue: "mediaTranscode",
  // Two at a time: a video transcode already uses both cores of a small machine.
  concurrency: 2,
  lockDuration: 10 * 60_000,
  handle: async ({ assetId }, job) => {
    try {
      return await transcodeAsset(assetId, (pct) => job.updateProgress(pct));
    } catch (err) {
      const final = err instanceof MediaRefused || job.attemptsMade + 1 >= (job.opts.attempts ?? defaultJobOptions.attempts);
      if (final) {
        const message = err instanceof MediaRefused ? err.message : "This file could not be converted for phones. Try uploading it again, or export it in another format.";
        await db.mediaAsset.updateMany({ where: { id: assetId }, data: { status: "failed", error: message } });
      }
      if (err instanceof MediaRefused) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
});
