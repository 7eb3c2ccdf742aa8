// The shape of GatewayEvent.payload: what the gateway stores and the inbound worker reads. Only the
// fields the worker uses, in plain JSON (dates as ISO strings), media bytes already in storage.
import { createHash } from "node:crypto";
import type { MimeEntity, Mm7DeliverReq, Mm7DeliveryReportReq, Mm7ReadReplyReq, Mm7Time } from "@/lib/mms";

export type ReportPayload = {
  transactionId: string;
  messageId: string;
  recipient: string;
  mmStatus: string;
  mmStatusRaw?: string;
  statusText?: string;
  date?: string;
  uaProf?: string;
};

export type MoPart = { contentType: string; contentId?: string; size: number; storageKey?: string; text?: string };
export type DeliverPayload = {
  transactionId: string;
  /** Stable per MO message (replays of the same DeliverReq give the same key): InboundMessage.mmscMessageId. */
  dedupeKey: string;
  sender: string;
  to?: string;
  linkedId?: string;
  subject?: string;
  timeStamp?: string;
  parts: MoPart[];
};

function time(t: Mm7Time | undefined): string | undefined {
  if (!t) return undefined;
  return t instanceof Date ? t.toISOString() : t.relative;
}

export function reportPayload(m: Mm7DeliveryReportReq | Mm7ReadReplyReq): ReportPayload {
  return {
    transactionId: m.transactionId,
    messageId: m.messageId,
    recipient: m.recipient.value,
    mmStatus: m.mmStatus,
    ...(m.mmStatusRaw && m.mmStatusRaw !== m.mmStatus ? { mmStatusRaw: m.mmStatusRaw } : {}),
    ...(m.statusText ? { statusText: m.statusText } : {}),
    ...(m.type === "DeliveryReportReq" ? { date: time(m.date), ...(m.uaCapabilities?.uaProf ? { uaProf: m.uaCapabilities.uaProf } : {}) } : { date: time(m.timeStamp) }),
  };
}

function leaves(e: MimeEntity | undefined, out: MimeEntity[] = []): MimeEntity[] {
  if (!e) return out;
  if (e.parts) for (const p of e.parts) leaves(p, out);
  else if (e.body) out.push(e);
  return out;
}

const TEXT_INLINE_MAX = 4_000;

/** MO message → payload; media bytes go through `store` (lib/storage), text and SMIL stay inline. */
export async function deliverPayload(m: Mm7DeliverReq, store: (key: string, bytes: Buffer, contentType: string) => Promise<void>): Promise<DeliverPayload> {
  const parts: MoPart[] = [];
  const digest = createHash("sha256").update(`${m.transactionId}\n${m.sender?.value ?? ""}\n${time(m.timeStamp) ?? ""}\n${m.subject ?? ""}`);
  for (const p of leaves(m.content)) {
    const bytes = p.body!;
    const sha = createHash("sha256").update(bytes).digest("hex");
    digest.update(sha);
    const base = { contentType: p.contentType, ...(p.contentId ? { contentId: p.contentId } : {}), size: bytes.length };
    if ((p.contentType.startsWith("text/") || p.contentType === "application/smil") && bytes.length <= TEXT_INLINE_MAX) {
      parts.push({ ...base, text: bytes.toString("utf8") });
    } else {
      const storageKey = `inbound/${sha}`;
      await store(storageKey, bytes, p.contentType);
      parts.push({ ...base, storageKey });
    }
  }
  return {
    transactionId: m.transactionId,
    dedupeKey: digest.digest("hex").slice(0, 40),
    sender: m.sender?.value ?? "",
    ...(m.recipients?.to?.[0] ? { to: m.recipients.to[0].value } : {}),
    ...(m.linkedId ? { linkedId: m.linkedId } : {}),
    ...(m.subject ? { subject: m.subject } : {}),
    ...(m.timeStamp ? { timeStamp: time(m.timeStamp) } : {}),
    parts,
  };
}

/** The visible text of an MO message: its text/plain parts joined. */
export function moText(p: DeliverPayload): string {
  return p.parts
    .filter((x) => x.text !== undefined && x.contentType === "text/plain")
    .map((x) => x.text!)
    .join("\n")
    .trim();
}
