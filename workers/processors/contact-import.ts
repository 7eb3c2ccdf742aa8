import { UnrecoverableError } from "bullmq";
import { defineProcessor } from "../runtime";
import { runImport, failImport } from "@/lib/contacts/import/run";

/**
 * Streams one uploaded file into contacts (or the suppression list). One import per worker slot at
 * a time: each holds a database connection and overlaps parsing with merging on its own.
 * A retry restarts the file from the top (counters reset); after the last attempt the job is
 * marked failed with the reason, so the page stops showing a spinner.
 */
export const contactImportProcessor = defineProcessor({
  queue: "contactImport",
  concurrency: 2,
  lockDuration: 120_000,
  handle: async ({ importJobId }, job) => {
    try {
      return { status: await runImport(importJobId) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) await failImport(importJobId, `The import stopped: ${message}`);
      throw err;
    }
  },
});
