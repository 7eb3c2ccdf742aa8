// An agent's answer to a conversation: refused with the reason when the contact may not be messaged,
// otherwise recorded in the ledger and submitted at once through the connection the contact wrote
// through, with the MMSC's LinkedID so the carrier ties it to their message.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { MemberContext } from "@/lib/auth/context";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { badRequest } from "@/lib/http/errors";
import { childLogger } from "@/lib/log";
import { getConnector, type SubmitOutcome } from "@/lib/carrier/connector";
import { acquireBatchLock } from "@/lib/campaigns/pipeline/batch-lock";
import { pipelineRedis } from "@/lib/campaigns/pipeline/keys";
import { consentBlocker, replyConnection } from "./blocker";
import { contactName } from "./names";
import { ownedConversation } from "./thread";
import { recordReply, replyCampaignId } from "./reply-record";
import type { ReplyResult } from "./types";

const log = childLogger("inbox");

export const MAX_REPLY_CHARS = 1600;
export const replyInputSchema = z.object({
  text: z.string().trim().min(1, "Write a reply first.").max(MAX_REPLY_CHARS, `A reply can be at most ${MAX_REPLY_CHARS} characters.`),
  /** Chosen by the client once per composed reply: sending it twice sends once. */
  key: z.string().regex(/^[\w-]{8,64}$/, "The reply key is malformed.").optional(),
});
export type ReplyInput = z.input<typeof replyInputSchema>;

export async function sendReply(ctx: MemberContext, conversationId: string, raw: ReplyInput): Promise<ReplyResult> {
  const c = await ownedConversation(ctx, conversationId);
  const input = replyInputSchema.parse(raw);
  const blocked = await consentBlocker(ctx.workspaceId, c.contact);
  if (blocked) throw badRequest(blocked);
  const route = await replyConnection(ctx.workspaceId, c.id);
  if (!route.conn) throw badRequest(route.problem);
  const conn = route.conn;
  const latest = await db.inboundMessage.findFirst({ where: { workspaceId: ctx.workspaceId, conversationId: c.id }, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], select: { id: true } });

  const rec = await recordReply(ctx, {
    campaignId: replyCampaignId(ctx.workspaceId, input.key ?? randomUUID()),
    conversationId: c.id,
    contactId: c.contact.id,
    label: contactName(c.contact) ?? c.contact.phone,
    text: input.text,
    connectionId: conn.id,
    inboundId: latest ? String(latest.id) : null,
  });
  if (!rec) throw badRequest((await consentBlocker(ctx.workspaceId, c.contact)) ?? "This contact can no longer be messaged.");
  if (!rec.created) return current(rec.campaignId, rec.messageId);

  // Held while the request may be on the wire: the campaign sweep leaves a locked row alone, and turns
  // it into "unknown" only if this process dies before writing the outcome.
  const lock = await acquireBatchLock(pipelineRedis(), rec.campaignId, 0);
  let outcome: SubmitOutcome;
  try {
    outcome = await getConnector(conn).submit({
      recipient: c.contact.phone,
      messageClass: "Informational",
      deliveryReport: true,
      readReply: false,
      parts: [{ contentId: "text", contentType: "text/plain", bytes: Buffer.from(input.text, "utf8"), location: "reply.txt" }],
      ...(route.linkedId ? { linkedId: route.linkedId } : {}),
      transactionId: `m${rec.messageId}-a1`,
    });
  } catch (e) {
    outcome = { kind: "unknown", reason: (e as Error).message };
  } finally {
    await lock?.release();
  }
  const written = await writeOutcome(rec.campaignId, rec.messageId, outcome);
  log.info({ conversationId: c.id, messageId: String(rec.messageId), outcome: outcome.kind }, "inbox reply submitted");
  return { messageId: String(rec.messageId), campaignId: rec.campaignId, ...written };
}

/** A retryable refusal is not retried in the background: the agent is looking and decides to send again. */
function statusOf(o: SubmitOutcome): { status: "submitted" | "failed" | "unknown"; reason: string | null } {
  switch (o.kind) {
    case "accepted":
      return { status: "submitted", reason: null };
    case "permanent":
      return { status: "failed", reason: o.reason };
    case "retry":
      return { status: "failed", reason: `${o.reason}; the reply was not sent, send it again in a moment` };
    case "unknown":
      return { status: "unknown", reason: `${o.reason}; the carrier may or may not have it` };
  }
}

async function writeOutcome(campaignId: string, messageId: bigint, o: SubmitOutcome) {
  const s = statusOf(o);
  const pool = pgPool();
  // Compare-and-set, like the dispatcher: only a row still in flight is written, so a sweep that already
  // judged it (after a stall longer than the lock) is not contradicted.
  await pool.query(
    `UPDATE message SET status = $2::message_status, reason = $3, "mmscMessageId" = $4, "submittedAt" = CASE WHEN $2 = 'submitted' THEN now() ELSE "submittedAt" END,
            "finishedAt" = CASE WHEN $2 = 'failed' THEN now() ELSE "finishedAt" END, "updatedAt" = now()
      WHERE id = $1 AND status = 'submitting'`,
    [String(messageId), s.status, s.reason, o.kind === "accepted" ? o.messageId : null],
  );
  await pool.query(
    `INSERT INTO message_event ("messageId", type, status, detail) VALUES ($1, 'submit', $2::message_status, jsonb_strip_nulls(jsonb_build_object('attempt', 1, 'reason', $3::text, 'code', $4::int)))`,
    [String(messageId), s.status, s.reason, "statusCode" in o ? (o.statusCode ?? null) : null],
  );
  await pool.query(
    `UPDATE campaign SET state = 'completed', "completedAt" = now(), "updatedAt" = now() WHERE id = $1 AND state = 'sending'`,
    [campaignId],
  );
  const row = await pool.query<{ status: string; reason: string | null }>(`SELECT status, reason FROM message WHERE id = $1`, [String(messageId)]);
  return { status: row.rows[0]?.status ?? s.status, reason: row.rows[0]?.reason ?? s.reason };
}

async function current(campaignId: string, messageId: bigint): Promise<ReplyResult> {
  const m = await db.message.findUnique({ where: { id: messageId }, select: { status: true, reason: true } });
  return { messageId: String(messageId), campaignId, status: m?.status ?? "submitting", reason: m?.reason ?? null };
}
