import { cancelCampaign } from "@/lib/campaigns/control";
import { withMember } from "@/lib/http/route";

export const POST = withMember("campaigns.send", async ({ ctx, params }) => cancelCampaign(ctx, String(params.id)));
