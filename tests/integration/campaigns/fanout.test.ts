// Re-running a fan-out (a crashed worker, a retried job, a user clicking twice) must never add a
// recipient twice nor enqueue a batch twice; it must enqueue exactly the batches a crash lost.
// The simulator's ledger is the witness that nobody got two messages.
import { afterAll, describe, expect, it } from "vitest";
import { pgPool } from "@/lib/db/pg";
import { closeQueues, enqueue, getQueue, jobId } from "@/lib/queues";
import { launchCampaign } from "@/lib/campaigns/control";
import { fanOut } from "@/lib/campaigns/fanout";
import { closePipelineRedis } from "@/lib/campaigns/pipeline/keys";
import { everyoneSegment, seedContacts, startStack, statusCounts, textCampaign, waitFor, type Stack } from "./stack";

// A key prefix of its own: worker processes of an earlier test file that are still shutting down
// share this Redis and would otherwise consume this file's jobs. Children inherit it.
process.env.REDIS_PREFIX = `${process.env.REDIS_PREFIX ?? "postino"}-fanout-${process.pid}`;

const N = 300;
const BATCH = 50;

async function dispatchJobs(campaignId: string): Promise<number[]> {
  const jobs = await getQueue("campaignDispatch").getJobs(["wait", "delayed", "active", "prioritized", "completed"]);
  return jobs.filter((j) => j?.data?.campaignId === campaignId).map((j) => j.data.batchNo as number).sort((a, b) => a - b);
}


describe("fan-out re-runs", () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
    await closeQueues();
    await closePipelineRedis();
  });

  it("adds nobody twice, enqueues each batch once and only the missing ones again; each recipient gets one message", async () => {
    process.env.FANOUT_BATCH_SIZE = String(BATCH);
    // No worker yet: the queues hold what the fan-outs enqueued, so the test can read them.
    stack = await startStack({ workers: 0, workerEnv: { FANOUT_BATCH_SIZE: String(BATCH) } });
    const s = stack;
    await seedContacts(s.workspaceId, N);
    const campaign = await textCampaign(s.workspaceId, s.connectionId, await everyoneSegment(s.workspaceId));

    // The launch enqueues the fan-out job; enqueueing it again (a double click, a retried request) is a no-op.
    await launchCampaign(s.ctx, campaign.id);
    await enqueue("campaignFanout", { campaignId: campaign.id }, { jobId: jobId("fanout", campaign.id) });
    const fanoutJobs = (await getQueue("campaignFanout").getJobs(["wait", "delayed", "active"])).filter((j) => j?.data?.campaignId === campaign.id);
    expect(fanoutJobs.length).toBe(1);

    const first = await fanOut(campaign.id);
    expect(first.inserted).toBe(N);
    expect(first.batches).toBe(N / BATCH);
    const second = await fanOut(campaign.id);
    expect(second.inserted).toBe(0);
    expect(second.resumed).toBe(true);

    const { rows } = await pgPool().query<{ n: string; contacts: string; batches: string }>(
      `SELECT count(*) AS n, count(DISTINCT "contactId") AS contacts, count(DISTINCT "batchNo") AS batches FROM message WHERE "campaignId" = $1`,
      [campaign.id],
    );
    expect(rows[0]).toEqual({ n: String(N), contacts: String(N), batches: String(N / BATCH) });
    expect(await dispatchJobs(campaign.id)).toEqual([0, 1, 2, 3, 4, 5]);

    // A crash after batch 0 was sent and before batches 1 and 3 reached Redis: the next run
    // enqueues 1 and 3 again, and not 0 (nothing of it is left to send).
    const q = getQueue("campaignDispatch");
    for (const b of [0, 1, 3]) await (await q.getJob(jobId("dispatch", campaign.id, b)))!.remove();
    await pgPool().query(`UPDATE message SET status = 'skipped', reason = 'sent before the crash', "finishedAt" = now() WHERE "campaignId" = $1 AND "batchNo" = 0`, [campaign.id]);
    expect(await dispatchJobs(campaign.id)).toEqual([2, 4, 5]);
    const third = await fanOut(campaign.id);
    expect(third.inserted).toBe(0);
    expect(await dispatchJobs(campaign.id)).toEqual([1, 2, 3, 4, 5]);

    // Now the worker runs the queued fan-out job (a third re-run) and every batch.
    await s.startWorker();
    await waitFor("campaign completed", async () => {
      const c = await statusCounts(campaign.id);
      return !c.queued && !c.retry && !c.submitting && c;
    }, 25_000);
    await waitFor("fan-out job done", async () => (await getQueue("campaignFanout").getJobs(["wait", "active"])).every((j) => j?.data?.campaignId !== campaign.id), 10_000);

    const sim = await s.mmscAdmin<{ accepted: number; duplicates: number; byRecipient: Record<string, number> }>("/admin/ledger/stats");
    expect(sim.duplicates).toBe(0);
    expect(sim.accepted).toBe(N - BATCH);
    expect(Object.values(sim.byRecipient).every((n) => n === 1)).toBe(true);
    const total = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM message WHERE "campaignId" = $1`, [campaign.id]);
    expect(Number(total.rows[0]!.n)).toBe(N);

    // The periodic sweep runs on its own queue, not as a fake campaign on the fan-out queue.
    expect(await getQueue("campaignFanout").getJobSchedulers()).toEqual([]);
    const sweeps = async () => (await getQueue("campaignSweep").getJobSchedulers()).find((j) => j.key === "campaign-sweep")?.iterationCount ?? 0;
    const seen = await sweeps();
    await waitFor("two more sweeps", async () => (await sweeps()) >= seen + 2, 10_000);
  }, 60_000);

  it("inserts chunks two at a time and resumes from the watermark when a later chunk got in before an earlier one", async () => {
    const s = stack!;
    // Chunks of one batch: six chunks for 300 contacts.
    process.env.FANOUT_CHUNK_BATCHES = "1";
    try {
      const campaign = await textCampaign(s.workspaceId, s.connectionId, await everyoneSegment(s.workspaceId));
      await pgPool().query(`UPDATE campaign SET state = 'paused', "startedAt" = now() WHERE id = $1`, [campaign.id]);
      const first = await fanOut(campaign.id);
      expect(first).toMatchObject({ inserted: N, batches: N / BATCH });
      const perBatch = async () => (await pgPool().query<{ b: number; n: string; lo: string; hi: string }>(
        `SELECT "batchNo" AS b, count(*) AS n, min("contactId") AS lo, max("contactId") AS hi FROM message WHERE "campaignId" = $1 GROUP BY 1 ORDER BY 1`, [campaign.id])).rows;
      const batches = await perBatch();
      // Dense numbers in contact order, whichever session inserted which chunk.
      expect(batches.map((r) => [r.b, Number(r.n)])).toEqual([0, 1, 2, 3, 4, 5].map((b) => [b, BATCH]));
      for (let i = 1; i < batches.length; i++) expect(BigInt(batches[i]!.lo)).toBeGreaterThan(BigInt(batches[i - 1]!.hi));

      // A crash: chunks 0, 1 and 3-5 are in, chunk 2 is not; the watermark says 0-1.
      await pgPool().query(`DELETE FROM message WHERE "campaignId" = $1 AND "batchNo" = 2`, [campaign.id]);
      await pgPool().query(`UPDATE campaign SET stats = jsonb_build_object('fanoutAfter', $2::text) WHERE id = $1`, [campaign.id, batches[1]!.hi]);
      const again = await fanOut(campaign.id);
      expect(again).toMatchObject({ inserted: BATCH, resumed: true });
      const after = await perBatch();
      // The missing chunk's contacts, once each, in a batch number no earlier batch has.
      expect(after.map((r) => [r.b, Number(r.n)])).toEqual([0, 1, 3, 4, 5, 6].map((b) => [b, BATCH]));
      expect([after.at(-1)!.lo, after.at(-1)!.hi]).toEqual([batches[2]!.lo, batches[2]!.hi]);
      expect(await dispatchJobs(campaign.id)).toContain(6);
    } finally {
      delete process.env.FANOUT_CHUNK_BATCHES;
    }
  }, 30_000);

  it("two fan-outs of one campaign at the same time (a job taken twice) add each recipient once", async () => {
    const s = stack!;
    const campaign = await textCampaign(s.workspaceId, s.connectionId, await everyoneSegment(s.workspaceId));
    await pgPool().query(`UPDATE campaign SET state = 'sending', "startedAt" = now() WHERE id = $1`, [campaign.id]);
    // Both read the same starting point and insert the same chunks: one waits on the other's rows, then
    // collides with them and goes on with ON CONFLICT. Six chunks each, two sessions each.
    process.env.FANOUT_CHUNK_BATCHES = "1";
    const [a, b] = await Promise.all([fanOut(campaign.id), fanOut(campaign.id)]).finally(() => delete process.env.FANOUT_CHUNK_BATCHES);
    expect(a.inserted + b.inserted).toBe(N);
    const { rows } = await pgPool().query<{ n: string; contacts: string }>(
      `SELECT count(*) AS n, count(DISTINCT "contactId") AS contacts FROM message WHERE "campaignId" = $1`,
      [campaign.id],
    );
    expect(rows[0]).toEqual({ n: String(N), contacts: String(N) });
  }, 30_000);
});
