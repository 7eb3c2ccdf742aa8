// The conversation list: newest activity first, keyset-paginated on (lastMessageAt, id) so a page
// deep in a large inbox costs the same as the first one (index conversation(workspaceId, lastMessageAt)).
import { z } from "zod";
import type { MemberContext } from "@/lib/auth/context";
import { db, type Prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { contactName } from "./names";
import type { ConversationPage, ConversationRow, ConversationStatus } from "./types";

export const listFilterSchema = z.object({
  status: z.enum(["open", "closed", "all"]).default("open"),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ListFilter = z.input<typeof listFilterSchema>;

const SNIPPET_CHARS = 140;

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  const m = /^(\d{1,15})_([A-Za-z0-9]{1,40})$/.exec(cursor ?? "");
  return m ? { at: new Date(Number(m[1])), id: m[2] } : null;
}

/** Each word must match the name or the number; digits alone also match a number typed with spaces. */
function searchWhere(q: string | undefined): Prisma.ContactWhereInput | undefined {
  const words = (q ?? "").split(/\s+/).filter(Boolean).slice(0, 5);
  if (!words.length) return undefined;
  return {
    AND: words.map((w) => {
      const digits = w.replace(/[^\d]/g, "");
      return {
        OR: [
          { firstName: { contains: w, mode: "insensitive" as const } },
          { lastName: { contains: w, mode: "insensitive" as const } },
          ...(digits ? [{ phone: { contains: digits } }] : []),
        ],
      };
    }),
  };
}

export async function listConversations(ctx: MemberContext, filter: ListFilter = {}): Promise<ConversationPage> {
  const f = listFilterSchema.parse(filter);
  const after = decodeCursor(f.cursor);
  const contact = searchWhere(f.q);
  const rows = await db.conversation.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(f.status === "all" ? {} : { status: f.status }),
      ...(contact ? { contact } : {}),
      ...(after ? { OR: [{ lastMessageAt: { lt: after.at } }, { lastMessageAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
    select: { id: true, status: true, unreadCount: true, lastMessageAt: true, contact: { select: { id: true, phone: true, firstName: true, lastName: true } } },
  });
  const page = rows.slice(0, f.limit);
  const snippets = await latestInbound(ctx.workspaceId, page.map((r) => r.contact.id));
  const items: ConversationRow[] = page.map((r) => ({
    id: r.id,
    status: r.status as ConversationStatus,
    unreadCount: r.unreadCount,
    lastMessageAt: r.lastMessageAt.toISOString(),
    contact: { id: String(r.contact.id), phone: r.contact.phone, name: contactName(r.contact) },
    snippet: snippets.get(String(r.contact.id)) ?? null,
  }));
  const last = page.at(-1);
  return { items, next: rows.length > f.limit && last ? `${last.lastMessageAt.getTime()}_${last.id}` : null };
}

/** The newest inbound message of each contact, in one statement over inbound_message(contactId, receivedAt). */
async function latestInbound(workspaceId: string, contactIds: bigint[]) {
  const out = new Map<string, NonNullable<ConversationRow["snippet"]>>();
  if (!contactIds.length) return out;
  const { rows } = await pgPool().query<{ contactId: string; text: string | null; pictures: number; keyword: string | null }>(
    `SELECT c.id AS "contactId", m.text, m.pictures, m.keyword
       FROM unnest($2::bigint[]) AS c(id)
       CROSS JOIN LATERAL (
         SELECT left(im.text, ${SNIPPET_CHARS + 1}) AS text, jsonb_array_length(im.parts)::int AS pictures, im.keyword
           FROM inbound_message im
          WHERE im."contactId" = c.id AND im."workspaceId" = $1
          ORDER BY im."receivedAt" DESC, im.id DESC LIMIT 1) m`,
    [workspaceId, contactIds.map(String)],
  );
  for (const r of rows) {
    const text = r.text && r.text.length > SNIPPET_CHARS ? `${r.text.slice(0, SNIPPET_CHARS)}…` : r.text;
    out.set(r.contactId, { text, pictures: r.pictures, keyword: r.keyword });
  }
  return out;
}

/** Whether the workspace has any conversation at all (the page shows a first-steps empty state if not). */
export async function hasConversations(ctx: Pick<MemberContext, "workspaceId">): Promise<boolean> {
  return (await db.conversation.findFirst({ where: { workspaceId: ctx.workspaceId }, select: { id: true } })) !== null;
}
