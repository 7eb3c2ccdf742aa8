// The workspace-wide "never message" list. Adding a number also opts out the matching contact (with
// a ledger event), so the contact page tells the same story as the list.
import { pgPool } from "@/lib/db/pg";
import { db } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/http/errors";
import { normalizePhone } from "@/lib/phone";
import { refreshOptOutMirror } from "./opt-out-mirror";
import { likeEscape } from "@/lib/segments/params";

export type SuppressionRow = { id: string; phone: string; reason: string | null; createdAt: Date; createdById: string | null };

export async function listSuppressions(workspaceId: string, opts: { q?: string; after?: string; limit?: number } = {}) {
  const limit = Math.min(opts.limit ?? 50, 200);
  const params: unknown[] = [workspaceId];
  let where = `"workspaceId" = $1`;
  if (opts.q) {
    params.push(`%${likeEscape(opts.q.replace(/[\s()\-.]/g, ""))}%`);
    where += ` AND phone LIKE $${params.length}`;
  }
  if (opts.after) {
    params.push(opts.after);
    where += ` AND id < $${params.length}`;
  }
  const { rows } = await pgPool().query<SuppressionRow>(
    `SELECT id, phone, reason, "createdAt", "createdById" FROM suppression WHERE ${where} ORDER BY id DESC LIMIT ${limit + 1}`,
    params,
  );
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

/** Suppresses numbers already in E.164; returns how many were new. Opts out matching contacts. */
export async function suppressNumbers(workspaceId: string, phones: string[], opts: { reason?: string | null; actorUserId?: string | null; importJobId?: string | null } = {}) {
  if (phones.length === 0) return { added: 0 };
  const { rows } = await pgPool().query<{ added: string }>(
    `WITH input AS (SELECT DISTINCT unnest($2::text[]) AS phone),
     ins AS (
       INSERT INTO suppression (id, "workspaceId", phone, reason, "createdById")
       SELECT 'sup_' || md5(random()::text || clock_timestamp()::text || phone), $1, phone, $3, $4 FROM input
       ON CONFLICT ("workspaceId", phone) DO NOTHING RETURNING phone
     ),
     opted AS (
       UPDATE contact c SET consent = 'unsubscribed', "consentAt" = now(), "updatedAt" = now()
       FROM input i WHERE c."workspaceId" = $1 AND c.phone = i.phone AND c.consent <> 'unsubscribed'
       RETURNING c.id
     ),
     ev AS (
       INSERT INTO consent_event ("workspaceId", "contactId", state, source, detail, "actorUserId", "importJobId")
       SELECT $1, id, 'unsubscribed', 'suppression', $3, $4, $5 FROM opted
     )
     SELECT count(*)::text AS added FROM ins`,
    [workspaceId, phones, opts.reason ?? null, opts.actorUserId ?? null, opts.importJobId ?? null],
  );
  for (let i = 0; i < phones.length; i += 10_000) await refreshOptOutMirror(workspaceId, phones.slice(i, i + 10_000));
  return { added: Number(rows[0]?.added ?? 0) };
}

export async function addSuppression(workspaceId: string, input: { phone: string; reason?: string | null; defaultCountry?: string | null }, actorUserId?: string) {
  const n = normalizePhone(input.phone, input.defaultCountry);
  if (!n.ok) throw badRequest(n.reason);
  const { added } = await suppressNumbers(workspaceId, [n.e164], { reason: input.reason ?? "Added by hand", actorUserId });
  return { phone: n.e164, added: added === 1 };
}

/** Removing a number from the list does not re-subscribe its contact: that needs new consent. */
export async function removeSuppression(workspaceId: string, id: string) {
  const { count } = await db.suppression.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("This suppressed number");
}

