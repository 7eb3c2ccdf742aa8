// Which contacts a saved segment means right now: its frozen snapshot when frozen, else its live rules.
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { compileWhere } from "./compile";
import { SqlParams } from "./params";
import { rulesSchema } from "./rules";

/** Predicate over alias `c` restricting to a segment of this workspace (404 for anyone else's). */
export async function segmentWhere(workspaceId: string, segmentId: string, p: SqlParams): Promise<string> {
  const seg = await db.segment.findFirst({ where: { id: segmentId, workspaceId }, select: { rules: true, frozenAt: true } });
  if (!seg) throw notFound("This segment");
  if (seg.frozenAt) return `EXISTS (SELECT 1 FROM segment_member sm WHERE sm."segmentId" = ${p.add(segmentId)} AND sm."contactId" = c.id)`;
  return `(${compileWhere(workspaceId, rulesSchema.parse(seg.rules), p)})`;
}

/**
 * `SELECT c.id FROM contact c WHERE …` for a saved segment, for the campaign fan-out
 * (INSERT INTO message … SELECT … FROM (<sql>) …). Parameters start at `firstParam`.
 */
export async function segmentAudienceSql(workspaceId: string, segmentId: string, opts: { firstParam?: number } = {}) {
  const p = new SqlParams((opts.firstParam ?? 1) - 1);
  const where = await segmentWhere(workspaceId, segmentId, p);
  return { sql: `SELECT c.id FROM contact c WHERE c."workspaceId" = ${p.add(workspaceId)} AND ${where}`, params: p.values };
}
