// Saved segments: CRUD, live count + sample while the rules are edited, and freezing to a static
// snapshot (segment_member) for audiences that must not move.
import { z } from "zod";
import { db, Prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { notFound } from "@/lib/http/errors";
import { compileWhere } from "./compile";
import { SqlParams } from "./params";
import { rulesSchema, type Rules } from "./rules";

export const segmentInputSchema = z.object({
  name: z.string().trim().min(1, "Name the segment.").max(120),
  description: z.string().trim().max(1000).nullish(),
  rules: rulesSchema,
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

export async function listSegments(workspaceId: string) {
  return db.segment.findMany({ where: { workspaceId }, orderBy: { updatedAt: "desc" }, select: { id: true, name: true, description: true, frozenAt: true, frozenCount: true, updatedAt: true, rules: true } });
}

export async function getSegment(workspaceId: string, id: string) {
  const s = await db.segment.findFirst({ where: { id, workspaceId } });
  if (!s) throw notFound("This segment");
  return s;
}

export async function createSegment(workspaceId: string, input: SegmentInput, actorUserId?: string) {
  return db.segment.create({ data: { workspaceId, name: input.name, description: input.description ?? null, rules: input.rules as unknown as Prisma.InputJsonValue, createdById: actorUserId ?? null } });
}

export async function updateSegment(workspaceId: string, id: string, input: Partial<SegmentInput>) {
  await getSegment(workspaceId, id);
  return db.segment.update({
    where: { id },
    data: { name: input.name, description: input.description, rules: input.rules ? (input.rules as unknown as Prisma.InputJsonValue) : undefined },
  });
}

export async function deleteSegment(workspaceId: string, id: string) {
  const { count } = await db.segment.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("This segment");
}

/** Count of contacts matching `rules` now, plus a few of them to show who they are. */
export async function previewRules(workspaceId: string, rules: Rules, sampleSize = 10) {
  const p = new SqlParams();
  const where = compileWhere(workspaceId, rules, p);
  const client = await pgPool().connect();
  try {
    // A runaway rule (e.g. "contains" over millions of rows) must not hold a connection for long.
    await client.query("SET statement_timeout = 10000");
    const [count, sample] = await Promise.all([
      client.query<{ n: string }>(`SELECT count(*) AS n FROM contact c WHERE ${where}`, p.values),
      client.query(`SELECT c.id, c.phone, c."firstName", c."lastName", c.tags, c.consent, c.country FROM contact c WHERE ${where} ORDER BY c.id DESC LIMIT ${Math.min(sampleSize, 50)}`, p.values),
    ]);
    return { count: Number(count.rows[0]?.n ?? 0), sample: sample.rows };
  } finally {
    await client.query("RESET statement_timeout").catch(() => {});
    client.release();
  }
}

/** Snapshot of the current members; the segment then stops following its rules until unfrozen. */
export async function freezeSegment(workspaceId: string, id: string) {
  const seg = await getSegment(workspaceId, id);
  const p = new SqlParams(1);
  const where = compileWhere(workspaceId, rulesSchema.parse(seg.rules), p);
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM segment_member WHERE "segmentId" = $1`, [id]);
    const r = await client.query(`INSERT INTO segment_member ("segmentId", "contactId") SELECT $1, c.id FROM contact c WHERE ${where}`, [id, ...p.values]);
    await client.query(`UPDATE segment SET "frozenAt" = now(), "frozenCount" = $2, "updatedAt" = now() WHERE id = $1`, [id, r.rowCount ?? 0]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  return getSegment(workspaceId, id);
}

export async function unfreezeSegment(workspaceId: string, id: string) {
  await getSegment(workspaceId, id);
  await db.$transaction([
    db.segmentMember.deleteMany({ where: { segmentId: id } }),
    db.segment.update({ where: { id }, data: { frozenAt: null, frozenCount: null } }),
  ]);
  return getSegment(workspaceId, id);
}
