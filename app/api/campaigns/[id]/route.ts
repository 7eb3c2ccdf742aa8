import { deleteDraft, getCampaign, updateDraft } from "@/lib/campaigns/drafts";
import { parseJson, withMember } from "@/lib/http/route";
import { DraftPatchSchema } from "@/lib/campaigns/drafts";

const id = (p: Record<string, string | string[]>) => String(p.id);

export const GET = withMember("workspace.read", async ({ ctx, params }) => getCampaign(ctx.workspaceId, id(params)));
// Autosave. Agents pass (campaigns.send) only for a single-recipient audience: enforced in updateDraft.
export const PATCH = withMember("campaigns.send", async ({ req, ctx, params }) => updateDraft(ctx, id(params), await parseJson(req, DraftPatchSchema)));
export const DELETE = withMember("campaigns.send", async ({ ctx, params }) => {
  await deleteDraft(ctx, id(params));
  return { ok: true };
});
