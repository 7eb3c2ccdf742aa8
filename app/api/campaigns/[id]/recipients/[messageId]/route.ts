import { recipientTimeline } from "@/lib/campaigns/reports";
import { withMember } from "@/lib/http/route";

export const GET = withMember("reports.read", async ({ ctx, params }) => recipientTimeline(ctx.workspaceId, String(params.id), String(params.messageId)));
