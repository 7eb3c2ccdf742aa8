import { readAudience, sampleRecipients } from "@/lib/campaigns/audience";
import { getCampaign } from "@/lib/campaigns/drafts";
import { withMember } from "@/lib/http/route";

// A few recipients to preview the personalised message for.
export const GET = withMember("workspace.read", async ({ ctx, params }) => {
  const c = await getCampaign(ctx.workspaceId, String(params.id));
  return sampleRecipients(ctx.workspaceId, readAudience(c.audience), 25);
});
