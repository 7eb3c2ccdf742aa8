// A Redis mirror of "this number must not be messaged", read by the dispatcher right before each
// submit (lib/campaigns/pipeline/keys.ts optOutKey), so a STOP that lands mid-batch stops the very next
// submit to that number. PostgreSQL stays the truth: the mirror is recomputed from it, never guessed,
// and a failed update only means the dispatcher's per-chunk consent re-read catches the change instead.
import { pgPool } from "@/lib/db/pg";
import { createProducerConnection } from "@/lib/queues/connection";
import { optOutKey } from "@/lib/campaigns/pipeline/keys";
import { childLogger } from "@/lib/log";
import { sendableWhere } from "./service";

const log = childLogger("consent");
const g = globalThis as typeof globalThis & { __postinoOptOutRedis?: ReturnType<typeof createProducerConnection> };

export async function refreshOptOutMirror(workspaceId: string, phones: string[]): Promise<void> {
  if (phones.length === 0 || !process.env.REDIS_URL) return;
  try {
    const { rows } = await pgPool().query<{ phone: string; ok: boolean }>(
      `SELECT p.phone, NOT EXISTS (SELECT 1 FROM suppression s WHERE s."workspaceId" = $1 AND s.phone = p.phone)
              AND NOT EXISTS (SELECT 1 FROM contact c WHERE c."workspaceId" = $1 AND c.phone = p.phone AND NOT ${sendableWhere("c")}) AS ok
         FROM unnest($2::text[]) AS p(phone)`,
      [workspaceId, phones],
    );
    const blocked = rows.filter((r) => !r.ok).map((r) => r.phone);
    const allowed = rows.filter((r) => r.ok).map((r) => r.phone);
    g.__postinoOptOutRedis ??= createProducerConnection();
    const m = g.__postinoOptOutRedis.multi();
    if (blocked.length) m.sadd(optOutKey(workspaceId), ...blocked);
    if (allowed.length) m.srem(optOutKey(workspaceId), ...allowed);
    await m.exec();
  } catch (err) {
    log.warn({ workspaceId, err: err instanceof Error ? err.message : String(err) }, "opt-out mirror not updated; dispatch re-reads consent per chunk");
  }
}
