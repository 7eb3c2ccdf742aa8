// Contacts: keyset-paginated list, one contact with its history, create/edit/delete, bulk actions on
// a selection or on everything a filter matches. Every query is scoped by the caller's workspace.
import { z } from "zod";
import { db, Prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { normalizePhone, canonicalZone, zoneForCountry } from "@/lib/phone";
import { recordConsent, consentHistory } from "@/lib/consent/service";
import { SqlParams } from "@/lib/segments/params";
import { CONSENT_STATES, HANDSET_CLASSES } from "@/lib/segments/rules";
import { filterWhere, type ContactFilter } from "./filter";

export type ContactRow = {
  id: string;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  timeZone: string | null;
  tags: string[];
  consent: string;
  handsetClass: string;
  createdAt: Date;
};

const LIST_COLUMNS = `c.id, c.phone, c."firstName", c."lastName", c.country, c."timeZone", c.tags, c.consent, c."handsetClass", c."createdAt"`;

/** Newest first; `after` is the last id of the previous page (keyset: constant time on any page). */
export async function listContacts(workspaceId: string, filter: ContactFilter, opts: { after?: string | null; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const p = new SqlParams();
  let where = await filterWhere(workspaceId, filter, p);
  if (opts.after && /^\d{1,18}$/.test(opts.after)) where += ` AND c.id < ${p.add(opts.after, "bigint")}`;
  const { rows } = await pgPool().query<ContactRow>(`SELECT ${LIST_COLUMNS} FROM contact c WHERE ${where} ORDER BY c.id DESC LIMIT ${limit + 1}`, p.values);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

export async function countContacts(workspaceId: string, filter: ContactFilter): Promise<number> {
  const p = new SqlParams();
  const where = await filterWhere(workspaceId, filter, p);
  const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM contact c WHERE ${where}`, p.values);
  return Number(rows[0]?.n ?? 0);
}

const tagList = z.array(z.string().trim().min(1).max(100)).max(100).transform((t) => [...new Set(t)]);
const attributes = z
  .record(z.string().trim().min(1).max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(100)]))
  .refine((a) => Object.keys(a).length <= 200, "At most 200 attributes.");

export const contactInputSchema = z.object({
  phone: z.string().trim().min(1, "Enter a phone number.").max(40),
  /** Applies when the number is written without +country code. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional(),
  firstName: z.string().trim().max(200).nullish(),
  lastName: z.string().trim().max(200).nullish(),
  locale: z.string().trim().max(35).nullish(),
  timeZone: z.string().trim().max(64).nullish(),
  tags: tagList.optional(),
  attributes: attributes.optional(),
  handsetClass: z.enum(HANDSET_CLASSES).optional(),
  consent: z.enum(CONSENT_STATES).optional(),
  consentDetail: z.string().trim().max(500).optional(),
});
export const contactPatchSchema = contactInputSchema.partial();
export type ContactInput = z.infer<typeof contactInputSchema>;

function cleanZone(tz: string | null | undefined): string | null | undefined {
  if (tz === undefined || tz === null || tz === "") return tz === "" ? null : tz;
  const z = canonicalZone(tz);
  if (!z) throw badRequest(`"${tz}" is not a time zone we know. Use a name like Europe/Rome.`);
  return z;
}

function cleanLocale(l: string | null | undefined): string | null | undefined {
  if (l === undefined || l === null || l === "") return l === "" ? null : l;
  try {
    return Intl.getCanonicalLocales(l.replace("_", "-"))[0];
  } catch {
    throw badRequest(`"${l}" is not a language code. Use one like it or en-US.`);
  }
}

export async function createContact(workspaceId: string, input: ContactInput, actorUserId?: string) {
  const n = normalizePhone(input.phone, input.defaultCountry);
  if (!n.ok) throw badRequest(n.reason);
  const timeZone = cleanZone(input.timeZone) ?? zoneForCountry(n.country);
  try {
    const contact = await db.contact.create({
      data: {
        workspaceId, phone: n.e164, country: n.country, timeZone,
        firstName: input.firstName || null, lastName: input.lastName || null, locale: cleanLocale(input.locale) ?? null,
        tags: input.tags ?? [], attributes: (input.attributes ?? {}) as Prisma.InputJsonValue, handsetClass: input.handsetClass,
      },
    });
    if (input.consent && input.consent !== "never_asked") {
      await recordConsent(workspaceId, contact.id, input.consent, { source: "manual", detail: input.consentDetail ?? "Added by hand", actorUserId });
    }
    return getContactRow(workspaceId, contact.id);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict(`A contact with the number ${n.e164} already exists.`);
    throw err;
  }
}

async function getContactRow(workspaceId: string, id: bigint) {
  const c = await db.contact.findFirst({ where: { id, workspaceId } });
  if (!c) throw notFound("This contact");
  return c;
}

/** One contact with what the contact page shows: consent ledger, messages it received, its replies. */
export async function getContact(workspaceId: string, id: bigint) {
  const contact = await getContactRow(workspaceId, id);
  const [consent, messages, replies, suppressed] = await Promise.all([
    consentHistory(workspaceId, id, 50),
    db.message.findMany({
      where: { contactId: id, workspaceId },
      orderBy: { id: "desc" },
      take: 50,
      select: { id: true, status: true, reason: true, createdAt: true, submittedAt: true, deliveredAt: true, readAt: true, campaign: { select: { id: true, name: true } } },
    }),
    db.inboundMessage.findMany({
      where: { contactId: id, workspaceId },
      orderBy: { receivedAt: "desc" },
      take: 50,
      select: { id: true, subject: true, text: true, keyword: true, receivedAt: true, parts: true },
    }),
    db.suppression.findUnique({ where: { workspaceId_phone: { workspaceId, phone: contact.phone } }, select: { reason: true, createdAt: true } }),
  ]);
  return { contact, consent, messages, replies, suppressed };
}

export async function updateContact(workspaceId: string, id: bigint, patch: z.infer<typeof contactPatchSchema>, actorUserId?: string) {
  const before = await getContactRow(workspaceId, id);
  const data: Prisma.ContactUpdateInput = { updatedAt: new Date() };
  if (patch.phone !== undefined) {
    const n = normalizePhone(patch.phone, patch.defaultCountry ?? before.country);
    if (!n.ok) throw badRequest(n.reason);
    data.phone = n.e164;
    data.country = n.country;
  }
  if (patch.firstName !== undefined) data.firstName = patch.firstName || null;
  if (patch.lastName !== undefined) data.lastName = patch.lastName || null;
  if (patch.locale !== undefined) data.locale = cleanLocale(patch.locale) ?? null;
  if (patch.timeZone !== undefined) data.timeZone = cleanZone(patch.timeZone) ?? null;
  if (patch.tags !== undefined) data.tags = patch.tags;
  if (patch.attributes !== undefined) data.attributes = patch.attributes as Prisma.InputJsonValue;
  if (patch.handsetClass !== undefined) data.handsetClass = patch.handsetClass;
  try {
    await db.contact.update({ where: { id: before.id }, data });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict("Another contact already has this number.");
    throw err;
  }
  if (patch.consent !== undefined && patch.consent !== before.consent) {
    await recordConsent(workspaceId, id, patch.consent, { source: "manual", detail: patch.consentDetail ?? "Changed by hand", actorUserId });
  }
  return getContactRow(workspaceId, id);
}

export async function deleteContact(workspaceId: string, id: bigint) {
  const { count } = await db.contact.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("This contact");
}

export const bulkSchema = z
  .object({
    action: z.enum(["tag", "untag", "delete"]),
    tag: z.string().trim().min(1).max(100).optional(),
    /** Either explicit ids (a selection) … */
    ids: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(10_000).optional(),
    /** … or everything the table's filter matches. */
    filter: z.object({ q: z.string().optional(), tag: z.string().optional(), consent: z.enum(CONSENT_STATES).optional(), segmentId: z.string().optional() }).optional(),
  })
  .refine((b) => b.action === "delete" || !!b.tag, { message: "Choose a tag.", path: ["tag"] })
  .refine((b) => !!b.ids !== !!b.filter, { message: "Send either ids or a filter." });

export async function bulkAction(workspaceId: string, input: z.infer<typeof bulkSchema>): Promise<{ affected: number }> {
  const p = new SqlParams();
  let where = await filterWhere(workspaceId, input.filter ?? {}, p);
  if (input.ids) where += ` AND c.id = ANY(${p.add(input.ids, "bigint[]")})`;
  let sql: string;
  if (input.action === "delete") sql = `DELETE FROM contact c WHERE ${where}`;
  else if (input.action === "tag") {
    const t = p.add(input.tag, "text");
    sql = `UPDATE contact c SET tags = array_append(c.tags, ${t}), "updatedAt" = now() WHERE ${where} AND NOT (c.tags @> ARRAY[${t}])`;
  } else {
    const t = p.add(input.tag, "text");
    sql = `UPDATE contact c SET tags = array_remove(c.tags, ${t}), "updatedAt" = now() WHERE ${where} AND c.tags @> ARRAY[${t}]`;
  }
  const r = await pgPool().query(sql, p.values);
  return { affected: r.rowCount ?? 0 };
}

/** Distinct tags in use, for filter pickers. */
export async function listTags(workspaceId: string): Promise<Array<{ tag: string; count: number }>> {
  const { rows } = await pgPool().query<{ tag: string; n: string }>(
    `SELECT t AS tag, count(*) AS n FROM contact c, unnest(c.tags) t WHERE c."workspaceId" = $1 GROUP BY t ORDER BY count(*) DESC, t LIMIT 500`,
    [workspaceId],
  );
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

/** Attribute keys in use (sampled), for the segment builder's pickers. */
export async function listAttributeKeys(workspaceId: string): Promise<string[]> {
  const { rows } = await pgPool().query<{ k: string }>(
    `SELECT DISTINCT k FROM (SELECT c.attributes FROM contact c WHERE c."workspaceId" = $1 ORDER BY c.id DESC LIMIT 5000) s, jsonb_object_keys(s.attributes) k ORDER BY k LIMIT 500`,
    [workspaceId],
  );
  return rows.map((r) => r.k);
}
