// `npm run mmsc`: the MMSC simulator as its own process (a carrier stand-in for Postino's MM7 connector).
process.env.POSTINO_SERVICE ??= "mmsc";
const { loadMmscConfig } = await import("./config");
const { startMmsc } = await import("./server");
const { childLogger } = await import("@/lib/log");

const log = childLogger("mmsc");
const cfg = loadMmscConfig();
const mmsc = await startMmsc(cfg);
log.info({ url: mmsc.url, dataDir: cfg.dataDir, messages: mmsc.engine.messages.size }, `mmsc ready on ${mmsc.url}`);

let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: sig }, "mmsc stopping");
    mmsc
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err: String(err) }, "mmsc stop failed");
        process.exit(1);
      });
  });
}
export {};
