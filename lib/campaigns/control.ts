// What a user does to a campaign: launch, pause, resume, cancel, resend the unknowns, send a test.
// Campaign.state in PostgreSQL is the truth; a Redis key per campaign mirrors pause/cancel so every
// worker sees it before its next submit (within a second), whichever machine it runs on.
import type { MemberContext } from "@/lib/auth/context";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { enqueue, jobId } from "@/lib/queues";
import { normalizePhone } from "@/lib/phone";
import { readSlides, isEmptySlide } from "./slides";
import { compileTemplate } from "./merge";
import { readAudience, isEmptyAudience } from "./audience";
import { now, realDelayUntil } from "./clock";
import { enqueueBatches } from "./pipeline/enqueue";
import { controlKey, pipelineRedis } from "./pipeline/keys";
import { ensureSweepScheduler } from "./pipeline/sweep";
import { forgetKit } from "./pipeline/kit";
import { dispatchBatch } from "./dispatch";

async function owned(ctx: MemberContext, campaignId: string) {
  const c = await db.campaign.findFirst({ where: { id: campaignId, workspaceId: ctx.workspaceId } });
  if (!c) throw notFound("This campaign");
  return c;
}

/** Why a draft cannot be sent, in words; null when it can. */
async function sendProblem(workspaceId: string, c: Awaited<ReturnType<typeof owned>>): Promise<string | null> {
  const slides = readSlides(c.slides).filter((s) => !isEmptySlide(s));
  if (!slides.length) return "Add at least one slide with a picture or some text before sending.";
  for (const s of slides) {
    try {
      if (s.text) compileTemplate(s.text);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (isEmptyAudience(readAudience(c.audience))) return "Choose who receives this campaign before sending.";
  if (!c.connectionId) return "Choose the carrier connection to send through.";
  const conn = await db.carrierConnection.findFirst({ where: { id: c.connectionId, workspaceId }, select: { id: true } });
  if (!conn) return "The chosen carrier connection no longer exists; choose another.";
  const ids = [...new Set(slides.flatMap((s) => [s.mediaId, s.audioId].filter((x): x is string => !!x)))];
  if (ids.length) {
    const ready = await db.mediaAsset.count({ where: { id: { in: ids }, workspaceId, status: "ready" } });
    if (ready !== ids.length) return "Some media in the slides is still processing or failed; wait for it or replace it.";
  }
  if (c.scheduleKind === "at" && !c.scheduledAt) return "Pick the date and time to send at.";
  if (c.scheduleKind === "local" && !/^([01]\d|2[0-3]):[0-5]\d$/.test(c.localTime ?? "")) return "Pick the local time (HH:MM) to send at in each recipient's zone.";
  return null;
}

export async function launchCampaign(ctx: MemberContext, campaignId: string) {
  const c = await owned(ctx, campaignId);
  if (c.state !== "draft") throw conflict(`This campaign is already ${c.state}.`);
  const problem = await sendProblem(ctx.workspaceId, c);
  if (problem) throw badRequest(problem);
  const later = c.scheduleKind === "at" && c.scheduledAt && c.scheduledAt.getTime() > now().getTime();
  const moved = await db.campaign.updateMany({ where: { id: c.id, workspaceId: ctx.workspaceId, state: "draft" }, data: { state: later ? "scheduled" : "sending", ...(later ? {} : { startedAt: now() }), stats: {} } });
  if (!moved.count) throw conflict("This campaign was launched by someone else a moment ago.");
  await pipelineRedis().del(controlKey(c.id));
  await ensureSweepScheduler();
  await enqueue("campaignFanout", { campaignId: c.id }, { jobId: jobId("fanout", c.id), ...(later ? { delay: realDelayUntil(c.scheduledAt!, 365 * 86_400_000) } : {}) });
  return { id: c.id, state: later ? "scheduled" : "sending" };
}

export async function pauseCampaign(ctx: MemberContext, campaignId: string) {
  const c = await owned(ctx, campaignId);
  // Key first: workers stop at their next submit even before the row changes.
  await pipelineRedis().set(controlKey(c.id), "paused", "EX", 30 * 86_400);
  const moved = await db.campaign.updateMany({ where: { id: c.id, workspaceId: ctx.workspaceId, state: { in: ["sending", "scheduled"] } }, data: { state: "paused" } });
  if (!moved.count) {
    const fresh = await owned(ctx, campaignId);
    if (fresh.state !== "paused") await pipelineRedis().del(controlKey(c.id));
    if (fresh.state !== "paused") throw conflict(`A ${fresh.state} campaign cannot be paused.`);
  }
  return { id: c.id, state: "paused" as const };
}

export async function resumeCampaign(ctx: MemberContext, campaignId: string) {
  const c = await owned(ctx, campaignId);
  const moved = await db.campaign.updateMany({ where: { id: c.id, workspaceId: ctx.workspaceId, state: "paused" }, data: { state: "sending", startedAt: c.startedAt ?? now() } });
  if (!moved.count) throw conflict(`A ${c.state} campaign cannot be resumed.`);
  await pipelineRedis().del(controlKey(c.id));
  forgetKit(c.id);
  await ensureSweepScheduler();
  const { rows } = await pgPool().query<{ b: number }>(`SELECT DISTINCT "batchNo" AS b FROM message WHERE "campaignId" = $1 AND status = ANY($2::message_status[])`, [c.id, ["queued", "retry"]]);
  await enqueueBatches(c.id, rows.map((r) => r.b), "resume");
  const stats = (c.stats ?? {}) as Record<string, unknown>;
  if (!stats.fanoutDone) await enqueue("campaignFanout", { campaignId: c.id }, { jobId: jobId("fanout", c.id, "resume", Date.now()) });
  return { id: c.id, state: "sending" as const, batches: rows.length };
}

export async function cancelCampaign(ctx: MemberContext, campaignId: string) {
  const c = await owned(ctx, campaignId);
  await pipelineRedis().set(controlKey(c.id), "cancelled", "EX", 30 * 86_400);
  const moved = await db.campaign.updateMany({ where: { id: c.id, workspaceId: ctx.workspaceId, state: { in: ["draft", "scheduled", "sending", "paused"] } }, data: { state: "cancelled", completedAt: now() } });
  if (!moved.count) throw conflict(`A ${c.state} campaign cannot be cancelled.`);
  // Rows a worker holds right now are released to `retry` by it and caught by this statement's
  // second pass below; rows already on the wire keep their outcome.
  const cancelRows = () =>
    pgPool().query(
      `UPDATE message SET status = 'skipped', reason = 'cancelled', "finishedAt" = now(), "updatedAt" = now()
        WHERE "campaignId" = $1 AND status = ANY($2::message_status[])`,
      [c.id, ["queued", "retry"]],
    );
  const first = await cancelRows();
  setTimeout(() => void cancelRows().catch(() => {}), 3_000).unref();
  return { id: c.id, state: "cancelled" as const, skipped: first.rowCount ?? 0 };
}

/**
 * The user's explicit decision to resend messages whose outcome is unknown (a timeout after the
 * request left): they may arrive twice. Never done automatically. The ledger's state machine keeps
 * unknown → queued out of the automatic transitions on purpose; this is the one place that makes it.
 */
export async function resendUnknown(ctx: MemberContext, campaignId: string) {
  const c = await owned(ctx, campaignId);
  if (c.state === "cancelled" || c.state === "draft") throw conflict(`A ${c.state} campaign cannot resend.`);
  const { rows } = await pgPool().query<{ id: string; batchNo: number }>(
    `UPDATE message SET status = 'queued', reason = NULL, "notBefore" = NULL, "updatedAt" = now()
      WHERE "campaignId" = $1 AND "workspaceId" = $2 AND status = 'unknown'
      RETURNING id, "batchNo"`,
    [c.id, ctx.workspaceId],
  );
  if (!rows.length) return { requeued: 0 };
  await pgPool().query(
    `INSERT INTO message_event ("messageId", type, status, detail) SELECT id, 'resend_requested', 'queued', jsonb_build_object('by', $2::text) FROM unnest($1::bigint[]) AS id`,
    [rows.map((r) => r.id), ctx.user.id],
  );
  if (c.state === "completed") await db.campaign.updateMany({ where: { id: c.id, state: "completed" }, data: { state: "sending", completedAt: null } });
  await ensureSweepScheduler();
  await enqueueBatches(c.id, [...new Set(rows.map((r) => r.batchNo))], "resend");
  return { requeued: rows.length };
}

/**
 * One rendered copy to one phone, now, through the same composer, throttle and ledger as a real
 * send: recorded as its own single-recipient campaign ("Test: …"), so it shows up with its outcome.
 */
export async function testSend(ctx: MemberContext, campaignId: string, phone: string) {
  const c = await owned(ctx, campaignId);
  const ws = await db.workspace.findUnique({ where: { id: ctx.workspaceId }, select: { timeZone: true } });
  const n = normalizePhone(phone, null);
  if (!n.ok) throw badRequest(`That phone number cannot be used: ${n.reason}`);
  if (!c.connectionId) throw badRequest("Choose the carrier connection to send through.");
  const contact = await db.contact.upsert({
    where: { workspaceId_phone: { workspaceId: ctx.workspaceId, phone: n.e164 } },
    create: { workspaceId: ctx.workspaceId, phone: n.e164 },
    update: {},
  });
  const test = await db.campaign.create({
    data: {
      workspaceId: ctx.workspaceId, name: `Test: ${c.name}`.slice(0, 200), state: "sending",
      // A test is what the user asked for right now: informational, so quiet hours do not hold it.
      messageClass: "informational", subject: c.subject, slides: c.slides ?? [], audience: { contactIds: [String(contact.id)] },
      connectionId: c.connectionId, expiryHours: 1, startedAt: now(), createdById: ctx.user.id,
      stats: { fanoutDone: true, total: 1, testOf: c.id, zone: ws?.timeZone ?? null },
    },
  });
  await pgPool().query(
    `INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, "batchNo", "connectionId", "updatedAt")
     VALUES ($1, $2, $3, $4, 0, $5, now())`,
    [ctx.workspaceId, test.id, String(contact.id), n.e164, c.connectionId],
  );
  await dispatchBatch(test.id, 0);
  const row = await db.message.findFirst({ where: { campaignId: test.id }, select: { status: true, reason: true, mmscMessageId: true } });
  return { campaignId: test.id, status: row?.status ?? "queued", reason: row?.reason ?? null, mmscMessageId: row?.mmscMessageId ?? null };
}
