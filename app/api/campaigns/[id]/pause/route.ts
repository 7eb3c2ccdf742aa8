import { pauseCampaign } from "@/lib/campaigns/control";
import { withMember } from "@/lib/http/route";

export const POST = withMember("campaigns.send", async ({ ctx, params }) => pauseCampaign(ctx, String(params.id)));
