import { withMember, parseJson } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { keywordSettingsFor, keywordSettingsSchema, saveKeywordSettings } from "@/lib/inbound";

export const GET = withMember("workspace.read", async ({ ctx }) => keywordSettingsFor(ctx.workspaceId));

export const PUT = withMember("workspace.manage", async ({ req, ctx }) => {
  const input = await parseJson(req, keywordSettingsSchema);
  const saved = await saveKeywordSettings(ctx.workspaceId, input);
  await audit(ctx, "keywords.update", { detail: { optOut: saved.optOut.length, optIn: saved.optIn.length, help: saved.help.length } });
  return saved;
});
