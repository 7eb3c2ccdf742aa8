// Campaign.audience: who a campaign is for. One definition of the shape, of the SQL that selects
// the contacts (the pipeline's fan-out pastes it into INSERT … SELECT), and of the count the composer
// shows (after consent, suppression and duplicates). Everything the user chose travels as parameters.
import { z } from "zod";
import { pgPool } from "@/lib/db/pg";
import { badRequest } from "@/lib/http/errors";
import { SqlParams } from "@/lib/segments/params";
import { segmentWhere } from "@/lib/segments/membership";

export const MAX_PASTED_NUMBERS = 10_000;

export const AudienceSchema = z.object({
  segmentIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  excludeSegmentIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  /** Contact ids (bigint as decimal strings). */
  contactIds: z.array(z.string().regex(/^\d{1,18}$/, "A contact id is a number.")).max(MAX_PASTED_NUMBERS).default([]),
  /** E.164, normalised at save; the fan-out upserts them as contacts. */
  numbers: z.array(z.string().regex(/^\+\d{6,17}$/, "Numbers are stored in international format (+…).")).max(MAX_PASTED_NUMBERS, `At most ${MAX_PASTED_NUMBERS} pasted numbers; import a list for more.`).default([]),
});

export type Audience = z.infer<typeof AudienceSchema>;
export const EMPTY_AUDIENCE: Audience = { segmentIds: [], excludeSegmentIds: [], contactIds: [], numbers: [] };

export type AudienceCount = {
  /** Distinct recipients the campaign is addressed to (after exclusion segments). */
  targeted: number;
  excludedOptedOut: number;
  excludedSuppressed: number;
  /** Recipients reached by more than one source (two segments, a segment and a pasted number…), sent once. */
  duplicates: number;
  /** What will actually be sent. */
  sendable: number;
};

/** Campaign.audience JSON → Audience; anything unparseable reads as empty (a draft never crashes a page). */
export function readAudience(json: unknown): Audience {
  const r = AudienceSchema.safeParse(json ?? {});
  return r.success ? r.data : { ...EMPTY_AUDIENCE };
}

export function isEmptyAudience(a: Audience): boolean {
  return !a.segmentIds.length && !a.contactIds.length && !a.numbers.length;
}

/** One contact or one number and nothing else: what a support agent may send on their own. */
export function isSingleRecipient(a: Audience): boolean {
  return !a.segmentIds.length && a.contactIds.length + a.numbers.length === 1;
}

/** Predicate over `c` for "in any of these segments" (FALSE for none). */
async function anySegment(workspaceId: string, ids: string[], p: SqlParams): Promise<string> {
  if (!ids.length) return "FALSE";
  const parts: string[] = [];
  for (const id of ids) parts.push(await segmentWhere(workspaceId, id, p));
  return parts.map((s) => `(${s})`).join(" OR ");
}

/**
 * `SELECT c.id FROM contact c WHERE …`: every existing contact the audience names (segments, contacts,
 * pasted numbers that are already contacts), minus the exclusion segments. Consent and suppression
 * are NOT applied here: the fan-out snapshots everyone and marks excluded rows skipped with a reason.
 * Segments of another workspace → 404 (from segmentWhere).
 */
export async function audienceSql(workspaceId: string, audienceJson: unknown, opts: { firstParam?: number } = {}): Promise<{ sql: string; params: unknown[] }> {
  const a = AudienceSchema.parse(audienceJson ?? {});
  const p = new SqlParams((opts.firstParam ?? 1) - 1);
  const ws = p.add(workspaceId);
  const include: string[] = [];
  if (a.segmentIds.length) include.push(await anySegment(workspaceId, a.segmentIds, p));
  if (a.contactIds.length) include.push(`c.id = ANY(${p.add(a.contactIds, "bigint[]")})`);
  if (a.numbers.length) include.push(`c.phone = ANY(${p.add(a.numbers, "text[]")})`);
  const exclude = a.excludeSegmentIds.length ? ` AND NOT (${await anySegment(workspaceId, a.excludeSegmentIds, p)})` : "";
  const where = include.length ? include.map((s) => `(${s})`).join(" OR ") : "FALSE";
  return { sql: `SELECT c.id FROM contact c WHERE c."workspaceId" = ${ws} AND (${where})${exclude}`, params: p.values };
}

/**
 * Sources as rows (id, phone), one row per (source, recipient), so the same person reached twice is
 * visible as a duplicate. Pasted numbers that are not contacts yet have id NULL.
 */
async function sourcesSql(workspaceId: string, a: Audience, p: SqlParams): Promise<string> {
  const ws = p.add(workspaceId);
  const excluded = a.excludeSegmentIds.length ? await anySegment(workspaceId, a.excludeSegmentIds, p) : null;
  const notExcluded = excluded ? ` AND NOT (${excluded})` : "";
  const parts: string[] = [];
  for (const id of a.segmentIds) parts.push(`SELECT c.id, c.phone FROM contact c WHERE c."workspaceId" = ${ws} AND ${await segmentWhere(workspaceId, id, p)}${notExcluded}`);
  if (a.contactIds.length) parts.push(`SELECT c.id, c.phone FROM contact c WHERE c."workspaceId" = ${ws} AND c.id = ANY(${p.add(a.contactIds, "bigint[]")})${notExcluded}`);
  if (a.numbers.length) {
    parts.push(`SELECT c.id, n.phone FROM unnest(${p.add(a.numbers, "text[]")}) AS n(phone)
      LEFT JOIN contact c ON c."workspaceId" = ${ws} AND c.phone = n.phone${excluded ? `\n      WHERE c.id IS NULL OR NOT (${excluded})` : ""}`);
  }
  return parts.length ? parts.join("\nUNION ALL\n") : `SELECT NULL::bigint AS id, NULL::text AS phone WHERE FALSE`;
}

/** The numbers the composer shows before sending: exact, one statement. */
export async function countAudience(workspaceId: string, audienceJson: unknown): Promise<AudienceCount> {
  const a = AudienceSchema.parse(audienceJson ?? {});
  if (isEmptyAudience(a)) return { targeted: 0, excludedOptedOut: 0, excludedSuppressed: 0, duplicates: 0, sendable: 0 };
  const p = new SqlParams();
  const src = await sourcesSql(workspaceId, a, p);
  const ws = p.add(workspaceId);
  const { rows } = await pgPool().query(
    `WITH u AS (${src}),
          d AS (SELECT id, phone, count(*) AS n FROM u GROUP BY id, phone),
          x AS (SELECT d.n, c.consent = 'unsubscribed' AS opted,
                       EXISTS (SELECT 1 FROM suppression s WHERE s."workspaceId" = ${ws} AND s.phone = d.phone) AS suppressed
                FROM d LEFT JOIN contact c ON c.id = d.id)
     SELECT COALESCE(sum(n), 0)::int AS raw, count(*)::int AS targeted,
            count(*) FILTER (WHERE opted IS TRUE)::int AS opted,
            count(*) FILTER (WHERE opted IS NOT TRUE AND suppressed)::int AS suppressed
     FROM x`,
    p.values,
  );
  const r = rows[0] as { raw: number; targeted: number; opted: number; suppressed: number };
  return {
    targeted: r.targeted,
    excludedOptedOut: r.opted,
    excludedSuppressed: r.suppressed,
    duplicates: r.raw - r.targeted,
    sendable: r.targeted - r.opted - r.suppressed,
  };
}

const BUILTIN_COLUMN: Record<string, string> = { first_name: `c."firstName"`, last_name: `c."lastName"`, phone: `c.phone` };

/**
 * For each merge field, how many sendable recipients have no value for it (they will see the fallback,
 * or nothing). Pasted numbers that are not contacts yet have no fields at all.
 */
export async function missingFieldCounts(workspaceId: string, audienceJson: unknown, fields: string[]): Promise<Array<{ field: string; missing: number }>> {
  const a = AudienceSchema.parse(audienceJson ?? {});
  const wanted = [...new Set(fields)].slice(0, 20);
  if (!wanted.length || isEmptyAudience(a)) return [];
  const p = new SqlParams();
  const src = await sourcesSql(workspaceId, a, p);
  const ws = p.add(workspaceId);
  const cols = wanted.map((f, i) => {
    const col = BUILTIN_COLUMN[f] ?? `(c.attributes ->> ${p.add(f)})`;
    return `count(*) FILTER (WHERE COALESCE(btrim(${col}), '') = '')::int AS f${i}`;
  });
  const { rows } = await pgPool().query(
    `WITH d AS (SELECT DISTINCT id, phone FROM (${src}) u)
     SELECT ${cols.join(", ")} FROM d LEFT JOIN contact c ON c.id = d.id
     WHERE (c.id IS NULL OR c.consent <> 'unsubscribed')
       AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s."workspaceId" = ${ws} AND s.phone = d.phone)`,
    p.values,
  );
  const r = rows[0] as Record<string, number>;
  return wanted.map((field, i) => ({ field, missing: r[`f${i}`] ?? 0 })).filter((x) => x.missing > 0);
}

/** A few recipients to preview the message for (contacts only), sendable first. */
export async function sampleRecipients(workspaceId: string, audienceJson: unknown, limit = 20): Promise<Array<{ id: string; phone: string; firstName: string | null; lastName: string | null; attributes: unknown; handsetClass: string }>> {
  const a = AudienceSchema.parse(audienceJson ?? {});
  if (isEmptyAudience(a)) return [];
  const { sql, params } = await audienceSql(workspaceId, a);
  const { rows } = await pgPool().query(
    `SELECT c.id::text AS id, c.phone, c."firstName", c."lastName", c.attributes, c."handsetClass"::text AS "handsetClass"
     FROM contact c WHERE c.id IN (${sql}) ORDER BY (c.consent = 'unsubscribed'), c.id LIMIT ${Math.max(1, Math.min(limit, 100))}`,
    params,
  );
  return rows;
}

/** Server-side check for a save: segments must exist in this workspace (404 otherwise, via segmentWhere). */
export async function validateAudience(workspaceId: string, a: Audience): Promise<void> {
  const p = new SqlParams();
  for (const id of [...a.segmentIds, ...a.excludeSegmentIds]) await segmentWhere(workspaceId, id, p);
  if (a.excludeSegmentIds.some((id) => a.segmentIds.includes(id))) throw badRequest("A segment cannot be both included and excluded.");
}
