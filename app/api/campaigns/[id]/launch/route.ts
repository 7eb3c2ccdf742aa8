import { launchCampaign } from "@/lib/campaigns/control";
import { assertMayEdit, getCampaign } from "@/lib/campaigns/drafts";
import { readAudience } from "@/lib/campaigns/audience";
import { withMember } from "@/lib/http/route";

export const POST = withMember("campaigns.send", async ({ ctx, params }) => {
  const c = await getCampaign(ctx.workspaceId, String(params.id));
  // Agents may launch a quick send to one contact or number only; the audience saved is what is checked.
  assertMayEdit(ctx, readAudience(c.audience));
  return launchCampaign(ctx, c.id);
});
