// Virtual phones of a workspace: its contacts' numbers, seen through the MMSC simulator. Every call resolves the
// contact inside the caller's workspace first, so a number or id of another workspace is simply "not found".
import { z } from "zod";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { fetchPart, fetchPhone, markRead, openMessage, sendReply, type ReplyInput } from "./simulator";

export type TestPhone = { id: string; phone: string; name: string; handsetClass: string };

export async function listTestPhones(workspaceId: string, search?: string, limit = 200): Promise<TestPhone[]> {
  const q = search?.trim();
  const rows = await db.contact.findMany({
    where: {
      workspaceId,
      ...(q
        ? { OR: [{ phone: { contains: q } }, { firstName: { contains: q, mode: "insensitive" } }, { lastName: { contains: q, mode: "insensitive" } }] }
        : {}),
    },
    select: { id: true, phone: true, firstName: true, lastName: true, handsetClass: true },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map((c) => ({ id: c.id.toString(), phone: c.phone, name: [c.firstName, c.lastName].filter(Boolean).join(" "), handsetClass: c.handsetClass }));
}

async function contactPhone(workspaceId: string, contactId: bigint): Promise<string> {
  const c = await db.contact.findFirst({ where: { workspaceId, id: contactId }, select: { phone: true } });
  if (!c) throw notFound("This test phone");
  return c.phone;
}

const messageIdSchema = z.string().regex(/^[\w-]{1,64}$/);

export async function phoneView(workspaceId: string, contactId: bigint) {
  return fetchPhone(await contactPhone(workspaceId, contactId));
}

export async function openPhoneMessage(workspaceId: string, contactId: bigint, messageId: string) {
  if (!messageIdSchema.safeParse(messageId).success) throw notFound("This message");
  return openMessage(await contactPhone(workspaceId, contactId), messageId);
}

export async function readPhoneMessage(workspaceId: string, contactId: bigint, messageId: string) {
  if (!messageIdSchema.safeParse(messageId).success) throw notFound("This message");
  return markRead(await contactPhone(workspaceId, contactId), messageId);
}

export async function phoneMessagePart(workspaceId: string, contactId: bigint, messageId: string, n: number) {
  if (!messageIdSchema.safeParse(messageId).success || !Number.isInteger(n) || n < 0) throw notFound("This part");
  return fetchPart(await contactPhone(workspaceId, contactId), messageId, n);
}

export const replySchema = z
  .object({
    to: z.string().trim().min(1).max(32).optional(),
    text: z.string().trim().max(1600, "A reply can be at most 1,600 characters.").optional(),
    imageBase64: z.string().max(2_000_000, "The picture is too large (at most about 1.4 MB).").optional(),
    imageType: z.enum(["image/jpeg", "image/png", "image/gif", "image/webp"], { message: "The picture must be a JPEG, PNG, GIF or WebP." }).optional(),
  })
  .refine((r) => !!r.text || !!r.imageBase64, { message: "Write a text or choose a picture to reply." });

export async function replyFromPhone(workspaceId: string, contactId: bigint, input: ReplyInput) {
  return sendReply(await contactPhone(workspaceId, contactId), input);
}
