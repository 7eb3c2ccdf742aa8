import { campaignStats } from "@/lib/campaigns/stats";
import { withMember } from "@/lib/http/route";

export const GET = withMember("reports.read", async ({ ctx, params }) => campaignStats(ctx.workspaceId, String(params.id)));
