// `npm run gateway`: the inbound MM7 gateway process. Stateless: run as many as the load needs.
import { config } from "@/lib/config";
import { closePgPool } from "@/lib/db/pg";
import { disconnectDb } from "@/lib/db/client";
import { childLogger } from "@/lib/log";
import { closeQueues, enqueue } from "@/lib/queues";
import { storage } from "@/lib/storage";
import { createGateway } from "./server";

process.env.POSTINO_SERVICE ??= "gateway";
const log = childLogger("gateway");
const cfg = config();

// Nudge the inbound worker at most every 50 ms per connection; it drains everything pending anyway.
const lastNudge = new Map<string, number>();
let pendingTimer: NodeJS.Timeout | undefined;
function nudge(connectionIds: Set<string>) {
  const now = Date.now();
  for (const id of connectionIds) {
    if (now - (lastNudge.get(id) ?? 0) < 50) {
      // Make sure a late event in a quiet period is still picked up.
      pendingTimer ??= setTimeout(() => { pendingTimer = undefined; nudge(new Set([id])); }, 60);
      continue;
    }
    lastNudge.set(id, now);
    enqueue("inboundEvents", { connectionId: id }).catch((e) => log.warn({ err: String(e) }, "could not nudge inbound worker; events stay stored"));
  }
}

const gw = createGateway({
  storePart: async (key, bytes, contentType) => {
    const s = storage();
    if (!(await s.exists(key))) await s.put(key, bytes, contentType);
  },
  onCommitted: (rows) => nudge(new Set(rows.map((r) => r.connectionId))),
});

gw.server.listen(cfg.GATEWAY_PORT, () => {
  log.info({ port: cfg.GATEWAY_PORT, pid: process.pid }, "gateway ready");
  // Supervisors and tests wait for this line even when the log level hides info.
  if (!log.isLevelEnabled("info")) process.stdout.write(`gateway ready on port ${cfg.GATEWAY_PORT}\n`);
  // Events stored while no worker was listening (Redis down, restart) get a first nudge now.
  enqueue("inboundEvents", {}).catch(() => {});
});

let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    log.info("gateway stopping: finishing stored requests");
    await gw.close().catch(() => {});
    await Promise.allSettled([closeQueues(), closePgPool(), disconnectDb()]);
    process.exit(0);
  });
}
