import { duplicateCampaign } from "@/lib/campaigns/drafts";
import { withMember } from "@/lib/http/route";

export const POST = withMember("campaigns.write", async ({ ctx, params }) => duplicateCampaign(ctx, String(params.id)));
