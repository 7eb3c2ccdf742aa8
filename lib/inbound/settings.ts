// Keyword lists and reply texts live in Workspace.settings.keywords; this is the one reader/writer.
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg";
import { notFound } from "@/lib/http/errors";
import { keywordSettingsSchema, resolveKeywordSettings, type KeywordSettings } from "./keywords";

export async function keywordSettingsFor(workspaceId: string): Promise<KeywordSettings> {
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, settings: true } });
  if (!ws) throw notFound("This workspace");
  const s = ws.settings as Record<string, unknown> | null;
  return resolveKeywordSettings(s?.keywords, ws.name);
}

/** Replaces only the "keywords" key, so other settings (quiet hours, import mapping) are untouched. */
export async function saveKeywordSettings(workspaceId: string, input: unknown): Promise<KeywordSettings> {
  const data = keywordSettingsSchema.parse(input);
  const { rowCount } = await pgPool().query(`UPDATE workspace SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{keywords}', $2::jsonb) WHERE id = $1`, [workspaceId, JSON.stringify(data)]);
  if (!rowCount) throw notFound("This workspace");
  return data;
}
