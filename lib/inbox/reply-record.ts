// How an inbox reply is kept: there is no outbound table outside campaigns, so each reply is a
// one-recipient campaign ("Reply to …", informational) with its ledger row, like a test send
// (lib/campaigns/control.ts). Delivery reports then update it like any other message, it shows in
// campaign reports with its outcome, and the sweep recovers a reply whose sender died mid-submit.
import { createHash } from "node:crypto";
import type { MemberContext } from "@/lib/auth/context";
import { db, Prisma } from "@/lib/db/client";
import { sendableWhere } from "@/lib/consent";

/** Campaign.stats key holding the conversation id: what makes a campaign an inbox reply. */
export const REPLY_MARK = "inboxConversationId";

/** Same (workspace, key) → same campaign id: a double-clicked or retried send records and submits once. */
export function replyCampaignId(workspaceId: string, key: string): string {
  return `reply${createHash("sha256").update(`${workspaceId}\n${key}`).digest("hex").slice(0, 24)}`;
}

export type RecordedReply = { campaignId: string; messageId: bigint; created: boolean };

/**
 * Creates the campaign and its ledger row, the row already `submitting` (attempt 1) because the caller
 * submits right away. The row is inserted only if the contact is still sendable, in the same statement,
 * so an opt-out committed after the caller's check still stops it. Returns null in that case.
 */
export async function recordReply(
  ctx: MemberContext,
  input: { campaignId: string; conversationId: string; contactId: bigint; label: string; text: string; connectionId: string; inboundId: string | null },
): Promise<RecordedReply | null> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.campaign.create({
        data: {
          id: input.campaignId, workspaceId: ctx.workspaceId, name: `Reply to ${input.label}`.slice(0, 200), state: "sending",
          // A reply is what the contact asked for: informational, so quiet hours do not hold it.
          messageClass: "informational", slides: [{ id: "s1", text: input.text }], audience: { contactIds: [String(input.contactId)] },
          connectionId: input.connectionId, expiryHours: 72, startedAt: new Date(), createdById: ctx.user.id,
          stats: { fanoutDone: true, total: 1, [REPLY_MARK]: input.conversationId, replyToInboundId: input.inboundId },
        },
      });
      const rows = await tx.$queryRawUnsafe<Array<{ id: bigint }>>(
        `INSERT INTO message ("workspaceId", "campaignId", "contactId", phone, status, attempts, "batchNo", "connectionId", "updatedAt")
         SELECT c."workspaceId", $1, c.id, c.phone, 'submitting', 1, 0, $2, now()
           FROM contact c WHERE c.id = $3::bigint AND c."workspaceId" = $4 AND ${sendableWhere("c")}
         RETURNING id`,
        input.campaignId, input.connectionId, String(input.contactId), ctx.workspaceId,
      );
      if (!rows[0]) throw new NotSendable();
      return { campaignId: input.campaignId, messageId: BigInt(rows[0].id), created: true };
    });
  } catch (e) {
    if (e instanceof NotSendable) return null;
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      const m = await db.message.findFirst({ where: { campaignId: input.campaignId, workspaceId: ctx.workspaceId }, select: { id: true } });
      if (m) return { campaignId: input.campaignId, messageId: m.id, created: false };
    }
    throw e;
  }
}

class NotSendable extends Error {}
