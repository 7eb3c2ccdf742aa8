// One conversation as the agent reads it: the contact's messages and the replies sent from the inbox,
// oldest first, plus whether (and why not) a reply can go out.
import type { MemberContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { readSlides } from "@/lib/campaigns/slides";
import { consentBlocker, replyConnection } from "./blocker";
import { contactName } from "./names";
import { readParts } from "./parts";
import { REPLY_MARK } from "./reply-record";
import type { ConversationStatus, Thread, ThreadItem } from "./types";

/** The newest messages shown; an agent answering a reply needs the recent exchange, not years of it. */
const THREAD_LIMIT = 200;

export async function ownedConversation(ctx: Pick<MemberContext, "workspaceId">, id: string) {
  const c = typeof id === "string" && id.length <= 40
    ? await db.conversation.findFirst({
        where: { id, workspaceId: ctx.workspaceId },
        include: { contact: { select: { id: true, phone: true, firstName: true, lastName: true, consent: true } } },
      })
    : null;
  if (!c) throw notFound("This conversation");
  return c;
}

/**
 * Opening a conversation reads it: its unread count drops to 0 for members who can answer it (a viewer
 * looking does not mean anyone handled it). The reset runs before the messages are read, so a message
 * counted as unread before it is always among the ones returned: none is marked read unseen.
 */
export async function openConversation(ctx: MemberContext, id: string): Promise<Thread> {
  const c = await ownedConversation(ctx, id);
  let unread = c.unreadCount;
  if (unread > 0 && can(ctx.role, "inbox.reply")) {
    await db.conversation.updateMany({ where: { id: c.id, workspaceId: ctx.workspaceId, unreadCount: { gt: 0 } }, data: { unreadCount: 0 } });
    unread = 0;
  }
  const [inbound, outbound] = await Promise.all([
    db.inboundMessage.findMany({
      where: { workspaceId: ctx.workspaceId, contactId: c.contactId, conversationId: c.id },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: THREAD_LIMIT + 1,
      select: { id: true, receivedAt: true, text: true, subject: true, keyword: true, parts: true },
    }),
    db.message.findMany({
      where: { workspaceId: ctx.workspaceId, contactId: c.contactId, campaign: { stats: { path: [REPLY_MARK], equals: c.id } } },
      orderBy: { id: "desc" },
      take: THREAD_LIMIT,
      select: { id: true, createdAt: true, status: true, reason: true, campaign: { select: { slides: true, createdById: true } } },
    }),
  ]);
  const authors = await authorNames([...new Set(outbound.map((m) => m.campaign.createdById).filter((x): x is string => !!x))]);
  const items: ThreadItem[] = [
    ...inbound.slice(0, THREAD_LIMIT).map((m): ThreadItem => ({
      kind: "in",
      id: String(m.id),
      at: m.receivedAt.toISOString(),
      text: m.text,
      subject: m.subject,
      keyword: m.keyword,
      parts: readParts(m.parts).map((p, index) => ({ index, contentType: p.contentType, size: p.size, url: `/api/inbox/${c.id}/parts?message=${m.id}&part=${index}` })),
    })),
    ...outbound.map((m): ThreadItem => ({
      kind: "out",
      id: String(m.id),
      at: m.createdAt.toISOString(),
      text: readSlides(m.campaign.slides).map((s) => s.text ?? "").join("\n").trim(),
      status: m.status,
      reason: m.reason,
      by: m.campaign.createdById ? (authors.get(m.campaign.createdById) ?? null) : null,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? Number(BigInt(a.id) - BigInt(b.id)) : a.kind === "in" ? -1 : 1));

  const blocked = (await consentBlocker(ctx.workspaceId, c.contact)) ?? (await replyConnection(ctx.workspaceId, c.id)).problem;
  return {
    id: c.id,
    status: c.status as ConversationStatus,
    unreadCount: unread,
    contact: { id: String(c.contact.id), phone: c.contact.phone, name: contactName(c.contact), consent: c.contact.consent },
    replyBlocked: blocked,
    items,
    truncated: inbound.length > THREAD_LIMIT,
  };
}

async function authorNames(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

export async function setConversationStatus(ctx: MemberContext, id: string, status: ConversationStatus) {
  const c = await ownedConversation(ctx, id);
  await db.conversation.updateMany({ where: { id: c.id, workspaceId: ctx.workspaceId }, data: { status } });
  return { id: c.id, status };
}
