// Pictures (and other media) of inbound messages: bytes live in lib/storage under keys written by the
// gateway; they are reached only through a conversation of the caller's workspace.
import type { Readable } from "node:stream";
import { z } from "zod";
import type { MemberContext } from "@/lib/auth/context";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { storage } from "@/lib/storage";

const PartSchema = z.object({ storageKey: z.string().min(1), contentType: z.string().default("application/octet-stream"), size: z.number().nonnegative().default(0) });
export type StoredPart = z.infer<typeof PartSchema>;

/** InboundMessage.parts (JSON), leniently: a malformed entry is left out rather than breaking the thread. */
export function readParts(json: unknown): StoredPart[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((p) => {
    const r = PartSchema.safeParse(p);
    return r.success ? [r.data] : [];
  });
}

// A sender chooses the content type; only these are shown inline on our origin. Anything else (HTML,
// SVG, unknown) is served as a download, so a crafted reply cannot run script in the app.
const INLINE = /^(image\/(jpeg|png|gif|webp|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain)$/i;

export function safeDisposition(contentType: string): { contentType: string; inline: boolean } {
  const ct = contentType.split(";")[0].trim().toLowerCase();
  return INLINE.test(ct) ? { contentType: ct, inline: true } : { contentType: "application/octet-stream", inline: false };
}

export async function openInboundPart(
  ctx: Pick<MemberContext, "workspaceId">,
  conversationId: string,
  messageId: bigint | null,
  index: number,
): Promise<{ stream: Readable; contentType: string; size: number; inline: boolean; fileName: string }> {
  const what = "This picture";
  if (messageId === null || !Number.isInteger(index) || index < 0 || conversationId.length > 40) throw notFound(what);
  const m = await db.inboundMessage.findFirst({ where: { id: messageId, conversationId, workspaceId: ctx.workspaceId }, select: { parts: true } });
  const part = m ? readParts(m.parts)[index] : undefined;
  if (!part) throw notFound(what);
  const obj = await storage().getStream(part.storageKey);
  if (!obj) throw notFound(what);
  const d = safeDisposition(part.contentType);
  const ext = d.contentType.split("/")[1]?.replace("jpeg", "jpg").replace(/[^\w]/g, "") || "bin";
  return { stream: obj.stream, contentType: d.contentType, size: obj.size, inline: d.inline, fileName: `reply-${messageId}-${index}.${ext}` };
}
