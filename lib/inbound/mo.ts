// Mobile-originated messages (MM7 DeliverReq): stored on the contact's conversation, keywords acted
// on. Idempotent per MO message (unique connectionId + mmscMessageId), and the claim happens after
// the consent change: a crash in between repeats the (harmless) consent event, never loses the
// opt-out, and the confirmation reply goes out only for the insert that won: never twice.
import { db } from "@/lib/db/client";
import { recordConsent } from "@/lib/consent";
import { normalizePhone } from "@/lib/phone";
import { childLogger } from "@/lib/log";
import { getConnector } from "@/lib/carrier/connector";
import { loadConnectionConfig } from "@/lib/carrier/connections";
import { matchKeyword, type KeywordMatch } from "./keywords";
import { keywordSettingsFor } from "./settings";
import { moText, type DeliverPayload } from "./payload";

const log = childLogger("inbound");

export type MoEvent = { id: string; connectionId: string; payload: DeliverPayload };
/** Work to do after the batch is committed (the reply goes over HTTP, outside any transaction). */
export type AfterCommit = () => Promise<void>;

/** The sender as E.164; a number the metadata does not know is kept as sent so the reply is not lost. */
export function senderPhone(raw: string): string {
  const s = raw.trim().replace(/\/TYPE=.*$/i, "");
  const intl = s.startsWith("+") ? s : s.startsWith("00") ? `+${s.slice(2)}` : `+${s}`;
  const n = normalizePhone(intl);
  return n.ok ? n.e164 : intl.replace(/[^\d+]/g, "");
}

async function contactFor(workspaceId: string, phone: string): Promise<bigint> {
  const n = normalizePhone(phone);
  const row = await db.contact.upsert({
    where: { workspaceId_phone: { workspaceId, phone } },
    create: { workspaceId, phone, country: n.ok ? n.country : null },
    update: {},
    select: { id: true },
  });
  return row.id;
}

export async function processDeliver(ev: MoEvent): Promise<AfterCommit | null> {
  const conn = await loadConnectionConfig(ev.connectionId);
  if (!conn) return null; // connection deleted since: nothing to attach the message to
  const p = ev.payload;
  const seen = await db.inboundMessage.findUnique({ where: { connectionId_mmscMessageId: { connectionId: conn.id, mmscMessageId: p.dedupeKey } }, select: { id: true } });
  if (seen) return null;

  const workspaceId = conn.workspaceId;
  const phone = senderPhone(p.sender);
  const contactId = await contactFor(workspaceId, phone);
  const text = moText(p);
  const settings = await keywordSettingsFor(workspaceId);
  const kw: KeywordMatch | null = matchKeyword(text, settings);

  if (kw?.action === "optOut" || kw?.action === "optIn") {
    await recordConsent(workspaceId, contactId, kw.action === "optOut" ? "unsubscribed" : "subscribed", { source: "keyword", keyword: kw.keyword, detail: "reply to the carrier number" });
  }

  const inserted = await db.$transaction(async (tx) => {
    const at = p.timeStamp && !Number.isNaN(Date.parse(p.timeStamp)) ? new Date(p.timeStamp) : new Date();
    const conversation = await tx.conversation.upsert({
      where: { contactId },
      create: { workspaceId, contactId, lastMessageAt: at, unreadCount: kw ? 0 : 1 },
      update: { lastMessageAt: at, ...(kw ? {} : { unreadCount: { increment: 1 }, status: "open" }) },
      select: { id: true },
    });
    const rows = await tx.inboundMessage.createManyAndReturn({
      data: [{
        workspaceId, connectionId: conn.id, contactId, conversationId: conversation.id, fromPhone: phone, toAddress: p.to ?? null,
        subject: p.subject ?? null, text: text || null, linkedId: p.linkedId ?? null, mmscMessageId: p.dedupeKey, keyword: kw?.keyword ?? null, receivedAt: at,
        parts: p.parts.filter((x) => x.storageKey).map((x) => ({ storageKey: x.storageKey, contentType: x.contentType, size: x.size })),
      }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!rows.length) throw new Duplicate();
    return rows[0].id;
  }).catch((e) => {
    if (e instanceof Duplicate) return null;
    throw e;
  });
  if (inserted === null || !kw) return null;

  const reply = kw.action === "optOut" ? settings.optOutReply : kw.action === "optIn" ? settings.optInReply : settings.helpText;
  return async () => {
    const outcome = await getConnector(conn).submit({
      recipient: phone,
      messageClass: "Informational",
      deliveryReport: false,
      readReply: false,
      parts: [{ contentId: "text", contentType: "text/plain", bytes: Buffer.from(reply, "utf8"), location: "reply.txt" }],
      ...(p.linkedId ? { linkedId: p.linkedId } : {}),
      transactionId: `r${inserted}`,
    });
    log.info({ inboundId: String(inserted), keyword: kw.keyword, outcome: outcome.kind }, "keyword reply sent");
  };
}

class Duplicate extends Error {}
