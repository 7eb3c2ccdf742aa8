// Why a reply cannot go out right now, as the sentence the agent reads next to the disabled box.
// The rule itself is lib/consent's (isSendable); this only explains which part of it applies.
import { db } from "@/lib/db/client";
import { isSendable } from "@/lib/consent";
import { loadConnectionConfig } from "@/lib/carrier/connections";

type ContactRef = { id: bigint; phone: string; consent: string; firstName: string | null; lastName: string | null };

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function consentBlocker(workspaceId: string, contact: ContactRef): Promise<string | null> {
  if (await isSendable(workspaceId, { contactId: contact.id })) return null;
  const who = contact.firstName?.trim() || "This contact";
  if (contact.consent === "unsubscribed") {
    const ev = await db.consentEvent.findFirst({
      where: { workspaceId, contactId: contact.id, state: "unsubscribed" },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      select: { source: true, detail: true, occurredAt: true },
    });
    const how = ev?.source === "keyword" && ev.detail ? ` by replying ${ev.detail.split(":")[0]}` : ev ? ` (${ev.source})` : "";
    return `${who} opted out${how}${ev ? ` on ${day(ev.occurredAt)}` : ""}, so no message can be sent to them. They can opt back in by replying START.`;
  }
  const s = await db.suppression.findFirst({ where: { workspaceId, phone: contact.phone }, select: { createdAt: true } });
  return `${contact.phone} is on this workspace's suppression list${s ? ` since ${day(s.createdAt)}` : ""}, so no message can be sent to it. Remove it from Settings → Suppressions to reply.`;
}

/**
 * The carrier connection the contact last wrote through (replies go back the same way) and the LinkedID
 * to answer with: the one the MMSC put in that DeliverReq. InboundMessage.mmscMessageId is our own
 * dedupe key (a hash of the request), which no MMSC would recognise; the keyword replies in
 * lib/inbound/mo.ts use the DeliverReq's LinkedID too.
 */
export async function replyConnection(workspaceId: string, conversationId: string) {
  const last = await db.inboundMessage.findFirst({
    where: { workspaceId, conversationId, connectionId: { not: null } },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    select: { connectionId: true, linkedId: true },
  });
  const conn = last?.connectionId ? await loadConnectionConfig(last.connectionId) : null;
  if (!last || !conn || conn.workspaceId !== workspaceId) return { conn: null, linkedId: null, problem: "The carrier connection this contact wrote through no longer exists, so a reply has no way to reach them." } as const;
  return { conn, linkedId: last.linkedId, problem: null } as const;
}
