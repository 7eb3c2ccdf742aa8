// A 20,000-recipient campaign through real processes (workers, MMSC simulator, inbound gateway)
// while workers are SIGKILLed twice, Redis restarts once and the simulator injects faults. The
// carrier's own ledger is the witness: nobody gets the same message twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { pgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { launchCampaign } from "@/lib/campaigns/control";
import { campaignStats } from "@/lib/campaigns/stats";
import { closePipelineRedis } from "@/lib/campaigns/pipeline/keys";
import { isInsideWindow, DEFAULT_WINDOW } from "@/lib/campaigns/quiet-hours";
import { everyoneSegment, seedContacts, startStack, statusCounts, textCampaign, tmpDir, waitFor, writeClock, type Stack } from "./stack";

const N = Number(process.env.CAMPAIGN_CRASH_N ?? 20_000);
// The simulator answers in 1–8 ms, so a 1.5 s MM7 timeout only fires on its injected timeouts; a
// chunk waits for its slowest submit, so several batches per worker keep the run short.
const JOBS = 8;
const CHUNK = 10;
const BATCH = Math.max(50, Math.min(500, N / 100));

async function restartRedis(): Promise<string> {
  const args = process.env.POSTINO_TEST_REDIS_ARGS;
  if (!args) return "REDIS_URL was given from outside: this run does not own Redis, so it is not restarted";
  const a = JSON.parse(args) as string[];
  const r = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  await r.call("SHUTDOWN").catch(() => {}); // the connection drops as Redis exits
  r.disconnect();
  await new Promise((res) => setTimeout(res, 500));
  const child = spawn("redis-server", a, { stdio: "ignore" });
  process.once("exit", () => child.kill("SIGTERM"));
  const port = Number(a[a.indexOf("--port") + 1]);
  await waitFor("redis back", async () => {
    const c = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try { await c.connect(); return (await c.ping()) === "PONG"; } finally { c.disconnect(); }
  }, 15_000);
  return "restarted";
}

describe("campaign dispatch survives crashes, a Redis restart and carrier faults", () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
    await closeQueues();
    await closePipelineRedis();
  });

  it("sends 20,000 messages with zero duplicates, every row settled, quiet hours kept", async () => {
    const clockFile = path.join(tmpDir("clock"), "now");
    // 20:50 in Rome (the workspace zone): Rome may receive advertisements for ten more minutes; Tokyo (04:50) may not.
    writeClock(clockFile, "2026-01-15T19:50:00.000Z");
    process.env.POSTINO_CLOCK_FILE = clockFile;
    stack = await startStack({
      workers: 2,
      timeoutMs: 1_500,
      mmscEnv: { MMSC_AUTO_FETCH_MS: "500" },
      workerEnv: { POSTINO_CLOCK_FILE: clockFile, DISPATCH_JOBS: String(JOBS), DISPATCH_CHUNK: String(CHUNK), FANOUT_BATCH_SIZE: String(BATCH) },
      faults: {
        latency: { minMs: 1, maxMs: 8 },
        status4006: 0.05, status3000: 0.02, http500: 0.03, reset: 0.02, timeout: 0.02, resetAfterAccept: 0.03, timeoutAfterAccept: 0.03,
        duplicateReports: 0.2, outOfOrderReports: 0.2, seed: 7,
      },
    });
    const s = stack;
    await seedContacts(s.workspaceId, N, { tokyoEvery: 10, optedOutEvery: 100 });
    const campaign = await textCampaign(s.workspaceId, s.connectionId, await everyoneSegment(s.workspaceId));
    const t0 = Date.now();
    await launchCampaign(s.ctx, campaign.id);
    const progress = setInterval(() => {
      void campaignStats(s.workspaceId, campaign.id).then((st) => console.log(`${Math.round((Date.now() - t0) / 1000)} s ${JSON.stringify(st.byStatus)} ${JSON.stringify(st.failuresByReason.slice(0, 4))}`), () => {});
      void pgPool().query(`SELECT reason, count(*) n FROM message WHERE "campaignId" = $1 AND status = 'unknown' GROUP BY 1`, [campaign.id]).then((r) => console.log(JSON.stringify(r.rows)), () => {});
    }, 5_000);
    progress.unref();

    const settledSent = async () => {
      const c = await statusCounts(campaign.id);
      return (c.submitted ?? 0) + (c.delivered ?? 0) + (c.read ?? 0) + (c.failed ?? 0) + (c.unknown ?? 0);
    };
    const inFlightBound = JOBS * CHUNK;

    // First kill: a quarter of the way.
    await waitFor("25% sent", async () => (await settledSent()) > N * 0.2, 120_000);
    await s.workers[0]!.stop("SIGKILL");
    await s.startWorker();

    await waitFor("45% sent", async () => (await settledSent()) > N * 0.4, 120_000);
    const redisNote = await restartRedis();
    console.log(`redis: ${redisNote}`);

    await waitFor("65% sent", async () => (await settledSent()) > N * 0.6, 120_000);
    await s.workers[1]!.stop("SIGKILL");
    await s.startWorker();

    // Everything Rome could receive before 21:00 is out; Tokyo's rows wait for Tokyo's morning.
    await waitFor("Rome rows settled", async () => {
      const { rows } = await pgPool().query<{ n: string }>(
        `SELECT count(*) AS n FROM message m JOIN contact c ON c.id = m."contactId" WHERE m."campaignId" = $1 AND c."timeZone" IS NULL AND m.status IN ('queued', 'retry', 'submitting')`,
        [campaign.id],
      );
      return Number(rows[0]!.n) === 0;
    }, 150_000, 500);
    const early = await pgPool().query<{ n: string }>(
      `SELECT count(*) AS n FROM message m JOIN contact c ON c.id = m."contactId" WHERE m."campaignId" = $1 AND c."timeZone" = 'Asia/Tokyo' AND m."submittedAt" IS NOT NULL`,
      [campaign.id],
    );
    expect(Number(early.rows[0]!.n)).toBe(0);
    // Next morning: 08:30 in Rome, 16:30 in Tokyo.
    writeClock(clockFile, "2026-01-16T07:30:00.000Z");

    // The pipeline's part: nothing left to send.
    await waitFor("dispatch finished", async () => {
      const c = await statusCounts(campaign.id);
      return !c.queued && !c.retry && !c.submitting;
    }, 240_000, 500);
    // The carrier's part: every accepted message reported (through the gateway and the inbound worker).
    let reportsDiag = "";
    await waitFor("every report applied", async () => !(await statusCounts(campaign.id)).submitted, 60_000, 500).catch(async () => {
      const sim = await s.mmscAdmin<Record<string, unknown>>("/admin/ledger/stats?byRecipient=0");
      const gw = await pgPool().query(`SELECT kind, "processedAt" IS NULL AS pending, count(*) n FROM gateway_event GROUP BY 1, 2`);
      reportsDiag = JSON.stringify({ reports: sim.reports, gatewayEvents: gw.rows });
    });
    const elapsed = Math.round((Date.now() - t0) / 1000);
    clearInterval(progress);

    const counts = await statusCounts(campaign.id);
    const sim = await s.mmscAdmin<{ accepted: number; duplicates: number; faults: Record<string, number> }>("/admin/ledger/stats?byRecipient=0");
    const killed = await pgPool().query<{ n: string }>(
      `SELECT count(*) AS n FROM message_event e JOIN message m ON m.id = e."messageId" WHERE m."campaignId" = $1 AND e.type = 'status' AND e.status = 'unknown'`,
      [campaign.id],
    );
    console.log(JSON.stringify({ elapsed, counts, reportsDiag, simulator: { accepted: sim.accepted, duplicates: sim.duplicates, faults: sim.faults }, unknownFromKills: Number(killed.rows[0]!.n) }));

    // The carrier saw every message at most once.
    expect(sim.duplicates).toBe(0);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(N);
    // Excluded at fan-out with a reason: the 1 % who opted out.
    expect(counts.skipped).toBe(N / 100);
    // Every failure says why.
    const unexplained = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM message WHERE "campaignId" = $1 AND status = 'failed' AND (reason IS NULL OR reason = '')`, [campaign.id]);
    expect(Number(unexplained.rows[0]!.n)).toBe(0);
    // Unknowns: requests cut off by the kills (bounded by what a worker has in flight) plus the
    // simulator's timeouts and resets, which are unknowable by construction.
    const faultUnknowns = (sim.faults.timeout ?? 0) + (sim.faults.reset ?? 0) + (sim.faults.resetAfterAccept ?? 0) + (sim.faults.timeoutAfterAccept ?? 0);
    expect(Number(killed.rows[0]!.n)).toBeLessThanOrEqual(2 * inFlightBound);
    expect(counts.unknown ?? 0).toBeLessThanOrEqual(faultUnknowns + 2 * inFlightBound);
    // Most of the campaign got through despite 20 % faults.
    expect((counts.delivered ?? 0) + (counts.read ?? 0)).toBeGreaterThan(N * 0.75);

    // Quiet hours, in each recipient's zone, at the moment of each submit (pipeline clock).
    const { rows: sent } = await pgPool().query<{ tz: string | null; at: string }>(
      `SELECT c."timeZone" AS tz, (extract(epoch FROM m."submittedAt") * 1000)::bigint AS at FROM message m JOIN contact c ON c.id = m."contactId" WHERE m."campaignId" = $1 AND m."submittedAt" IS NOT NULL`,
      [campaign.id],
    );
    const violations = sent.filter((r) => !isInsideWindow(Number(r.at), r.tz ?? "Europe/Rome", DEFAULT_WINDOW));
    expect(violations.length).toBe(0);

    const stats = await campaignStats(s.workspaceId, campaign.id);
    expect(stats.total).toBe(N);
    expect(stats.skippedByReason).toEqual([{ reason: "opted out", count: N / 100 }]);
    // Last, so every check above has run: rows still waiting for a report the carrier did send.
    expect(counts.submitted ?? 0, reportsDiag).toBe(0);
    await waitFor("campaign completed", async () => (await campaignStats(s.workspaceId, campaign.id)).state === "completed", 20_000);
  }, 600_000);
});
