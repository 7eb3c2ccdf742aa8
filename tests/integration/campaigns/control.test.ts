// What a user does to a running campaign, checked against the carrier's own ledger (the MMSC
// simulator's NDJSON file, with the time it accepted each SubmitReq): pause stops every worker
// within a second, resume finishes, cancel skips the rest, a STOP mid-campaign stops that number,
// and "resend unknown" re-queues only the rows whose outcome was unknown.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { closeQueues } from "@/lib/queues";
import { recordConsent } from "@/lib/consent";
import { cancelCampaign, launchCampaign, pauseCampaign, resendUnknown, resumeCampaign } from "@/lib/campaigns/control";
import { closePipelineRedis } from "@/lib/campaigns/pipeline/keys";
import { everyoneSegment, seedContacts, startStack, statusCounts, textCampaign, tmpDir, waitFor, type Stack } from "./stack";

// A key prefix of its own: worker processes of an earlier test file that are still shutting down
// share this Redis and would otherwise consume this file's jobs. Children inherit it.
process.env.REDIS_PREFIX = `${process.env.REDIS_PREFIX ?? "postino"}-control-${process.pid}`;

const N = 300;
const OPEN = ["queued", "retry", "submitting"];

type Submit = { messageId: string; at: number; to: string };


describe("campaign controls", () => {
  let stack: Stack;
  let segmentId: string;
  const mmscDir = tmpDir("mmsc-control");

  /** Campaign submits the simulator stored (keyword replies, whose ids start with "r", are not campaign messages). */
  function carrierSubmits(): Submit[] {
    const out: Submit[] = [];
    for (const line of readFileSync(path.join(mmscDir, "ledger.ndjson"), "utf8").split("\n")) {
      if (!line.includes('"t":"submit"')) continue;
      const rec = JSON.parse(line) as { t: string; m: { at: number; tid: string; rcpts: Array<{ to: string }> } };
      const m = /^m(\d+)-a\d+$/.exec(rec.m.tid);
      if (rec.t === "submit" && m) for (const r of rec.m.rcpts) out.push({ messageId: m[1]!, at: rec.m.at, to: r.to });
    }
    return out;
  }
  async function messageIds(campaignId: string): Promise<Set<string>> {
    const { rows } = await pgPool().query<{ id: string }>(`SELECT id FROM message WHERE "campaignId" = $1`, [campaignId]);
    return new Set(rows.map((r) => r.id));
  }
  async function submitsOf(campaignId: string): Promise<Submit[]> {
    const ids = await messageIds(campaignId);
    return carrierSubmits().filter((s) => ids.has(s.messageId));
  }
  const sent = async (campaignId: string) => {
    const c = await statusCounts(campaignId);
    return (c.submitted ?? 0) + (c.delivered ?? 0) + (c.read ?? 0);
  };
  const settled = (campaignId: string, ms: number) =>
    waitFor("every row settled", async () => {
      const c = await statusCounts(campaignId);
      return Object.values(c).reduce((a, b) => a + b, 0) === N && OPEN.every((s) => !c[s]) && c;
    }, ms);
  /** A campaign of everyone, at `perSecond` so there is time to act while it runs. */
  const campaign = async (perSecond: number) => (await textCampaign(stack.workspaceId, stack.connectionId, segmentId, { maxPerSecond: perSecond })).id;

  beforeAll(async () => {
    // Two workers: a pause must reach both. Batches of 50, six of them in flight at once.
    stack = await startStack({ workers: 2, mmscEnv: { MMSC_DATA_DIR: mmscDir, MMSC_AUTO_FETCH_MS: "50" }, workerEnv: { FANOUT_BATCH_SIZE: "50", DISPATCH_JOBS: "4", DISPATCH_CHUNK: "5" } });
    await seedContacts(stack.workspaceId, N);
    segmentId = await everyoneSegment(stack.workspaceId);
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    await closeQueues();
    await closePipelineRedis();
  });

  it("pause stops every worker within a second; resume sends the rest, each once", async () => {
    const id = await campaign(60);
    await launchCampaign(stack.ctx, id);
    await waitFor("some sent", async () => (await sent(id)) >= 40, 15_000, 50);
    await pauseCampaign(stack.ctx, id);
    const pausedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2_500));
    const late = (await submitsOf(id)).filter((s) => s.at > pausedAt + 1_000);
    expect(late).toEqual([]);
    const held = await statusCounts(id);
    expect(held.queued ?? 0).toBeGreaterThan(0);
    expect(held.submitting ?? 0).toBe(0);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).state).toBe("paused");

    await resumeCampaign(stack.ctx, id);
    await settled(id, 20_000);
    const subs = await submitsOf(id);
    expect(subs.length).toBe(N);
    expect(new Set(subs.map((s) => s.messageId)).size).toBe(N);
    expect(subs.some((s) => s.at > pausedAt + 2_500)).toBe(true);
  }, 45_000);

  it("cancel skips every row not yet sent, with the reason, and nothing more reaches the carrier", async () => {
    const id = await campaign(60);
    await launchCampaign(stack.ctx, id);
    await waitFor("some sent", async () => (await sent(id)) >= 30, 15_000, 50);
    await cancelCampaign(stack.ctx, id);
    const cancelledAt = Date.now();
    // The cancel's second pass (3 s later) catches rows a worker released meanwhile.
    await new Promise((r) => setTimeout(r, 4_000));
    const c = await statusCounts(id);
    expect(OPEN.filter((s) => c[s])).toEqual([]);
    const subs = await submitsOf(id);
    expect(subs.filter((s) => s.at > cancelledAt + 1_000)).toEqual([]);
    const skipped = await pgPool().query<{ reason: string; n: string }>(`SELECT reason, count(*) AS n FROM message WHERE "campaignId" = $1 AND status = 'skipped' GROUP BY 1`, [id]);
    expect(skipped.rows.map((r) => r.reason)).toEqual(["cancelled"]);
    // Every row is either at the carrier (exactly once) or skipped as cancelled.
    expect(subs.length + Number(skipped.rows[0]!.n)).toBe(N);
    expect(new Set(subs.map((s) => s.messageId)).size).toBe(subs.length);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).state).toBe("cancelled");
  }, 30_000);

  it("a STOP that arrives mid-campaign (keyword reply or recorded consent) stops every later submit to that number", async () => {
    const id = await campaign(40);
    // The last contacts go last (rows are claimed in id order within a batch): still queued when the STOPs land.
    const { rows: last } = await pgPool().query<{ id: string; phone: string }>(`SELECT id, phone FROM contact WHERE "workspaceId" = $1 ORDER BY id DESC LIMIT 4`, [stack.workspaceId]);
    const [byKeyword, byKeyword2, byConsent, byConsent2] = last;
    await launchCampaign(stack.ctx, id);
    await waitFor("some sent", async () => (await sent(id)) >= 20, 15_000, 50);

    for (const c of [byConsent!, byConsent2!]) await recordConsent(stack.workspaceId, c.id, "unsubscribed", { source: "manual", detail: "asked by phone" });
    const consentAt = Date.now();
    // The handset answers STOP to the short code: simulator → gateway → inbound worker → consent.
    for (const c of [byKeyword!, byKeyword2!]) await stack.mmscAdmin(`/admin/phones/${encodeURIComponent(c.phone)}/reply`, { method: "POST", body: { text: "STOP", to: "12345" } });
    await waitFor("keyword STOPs recorded", async () => {
      const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM contact WHERE id = ANY($1::bigint[]) AND consent = 'unsubscribed'`, [[byKeyword!.id, byKeyword2!.id]]);
      return Number(rows[0]!.n) === 2;
    }, 10_000, 50);
    const keywordAt = Date.now();
    // Precondition: these rows had not been sent yet when the STOPs were committed.
    const { rows: before } = await pgPool().query<{ status: string }>(`SELECT status FROM message WHERE "campaignId" = $1 AND "contactId" = ANY($2::bigint[])`, [id, last.map((c) => c.id)]);
    expect(before.every((r) => r.status === "queued")).toBe(true);

    await settled(id, 25_000);
    const subs = await submitsOf(id);
    const stopped = new Set(last.map((c) => c.phone));
    expect(subs.filter((s) => stopped.has(s.to))).toEqual([]);
    expect(subs.filter((s) => s.at > consentAt && (s.to === byConsent!.phone || s.to === byConsent2!.phone))).toEqual([]);
    expect(subs.filter((s) => s.at > keywordAt && (s.to === byKeyword!.phone || s.to === byKeyword2!.phone))).toEqual([]);
    const { rows: after } = await pgPool().query<{ status: string; reason: string }>(`SELECT status, reason FROM message WHERE "campaignId" = $1 AND "contactId" = ANY($2::bigint[])`, [id, last.map((c) => c.id)]);
    expect(after).toEqual(last.map(() => ({ status: "skipped", reason: "opted out" })));
    // Everyone else got the message, once.
    expect(subs.length).toBe(N - 4);
    expect(new Set(subs.map((s) => s.messageId)).size).toBe(N - 4);
    for (const c of last) await recordConsent(stack.workspaceId, c.id, "subscribed", { source: "manual", detail: "test reset" });
  }, 45_000);

  it("resend unknown re-queues only the unknown rows (an explicit choice that may duplicate what the carrier had accepted)", async () => {
    // Timeouts: some before the simulator stored the message, some after (the carrier has it, we cannot know).
    await stack.mmscAdmin("/admin/faults", { method: "PUT", body: { timeout: 0.08, timeoutAfterAccept: 0.08, seed: 11 } });
    const id = await campaign(200);
    await launchCampaign(stack.ctx, id);
    await settled(id, 25_000);
    await stack.mmscAdmin("/admin/faults", { method: "PUT", body: {} });
    // A timed-out submit the carrier had stored still gets its delivery report, which turns the
    // row from unknown into delivered (proof it arrived): wait until those reports have landed.
    let last = -1;
    await waitFor("unknowns stable", async () => {
      const n = (await statusCounts(id)).unknown ?? 0;
      const stable = n === last;
      last = n;
      return stable;
    }, 15_000, 2_500);
    const { rows: before } = await pgPool().query<{ id: string; status: string; attempts: number }>(`SELECT id, status, attempts FROM message WHERE "campaignId" = $1`, [id]);
    const unknown = new Set(before.filter((r) => r.status === "unknown").map((r) => r.id));
    expect(unknown.size).toBeGreaterThan(0);
    const firstPass = await submitsOf(id);
    const acceptedBefore = new Map<string, number>();
    for (const s of firstPass) acceptedBefore.set(s.messageId, (acceptedBefore.get(s.messageId) ?? 0) + 1);

    const r = await resendUnknown(stack.ctx, id);
    expect(r.requeued).toBe(unknown.size);
    const { rows: asked } = await pgPool().query<{ id: string }>(`SELECT e."messageId" AS id FROM message_event e JOIN message m ON m.id = e."messageId" WHERE m."campaignId" = $1 AND e.type = 'resend_requested'`, [id]);
    expect(new Set(asked.map((a) => a.id))).toEqual(unknown);

    await settled(id, 20_000);
    const { rows: after } = await pgPool().query<{ id: string; status: string; attempts: number }>(`SELECT id, status, attempts FROM message WHERE "campaignId" = $1`, [id]);
    const was = new Map(before.map((b) => [b.id, b]));
    for (const a of after) {
      if (unknown.has(a.id)) {
        expect(["submitted", "delivered", "read"]).toContain(a.status);
        expect(a.attempts).toBe(was.get(a.id)!.attempts + 1);
      } else {
        // Reports may still move a row forward (submitted → delivered); it is never sent again.
        expect({ id: a.id, attempts: a.attempts, open: OPEN.includes(a.status) }).toEqual({ id: a.id, attempts: was.get(a.id)!.attempts, open: false });
      }
    }
    // The carrier: rows that were not unknown got nothing new; each unknown row got exactly one more submit.
    // The simulator's ledger is append-only: what follows the first pass is the resend.
    const secondPass = (await submitsOf(id)).slice(firstPass.length);
    const resent = new Map<string, number>();
    for (const s of secondPass) resent.set(s.messageId, (resent.get(s.messageId) ?? 0) + 1);
    expect([...resent.keys()].every((m) => unknown.has(m))).toBe(true);
    expect([...resent.values()].every((n) => n === 1)).toBe(true);
    expect(resent.size).toBe(unknown.size);
    expect(secondPass.length).toBe(unknown.size);
    // The duplicates this choice caused are exactly the unknowns the carrier had in fact accepted.
    const dup = [...unknown].filter((m) => (acceptedBefore.get(m) ?? 0) > 0).length;
    const total = await submitsOf(id);
    expect(total.length - new Set(total.map((s) => s.messageId)).size).toBe(dup);
  }, 60_000);
});
