import { defineProcessor } from "../runtime";

/** Answers health pings; the result proves a worker consumed the job. */
export const systemProcessor = defineProcessor({
  queue: "system",
  concurrency: 4,
  handle: async (payload) => ({ pong: payload.nonce, pid: process.pid }),
});
