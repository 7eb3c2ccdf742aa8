import { preflight } from "@/lib/campaigns/warnings";
import { withMember } from "@/lib/http/route";

export const GET = withMember("workspace.read", async ({ ctx, params }) => preflight(ctx.workspaceId, String(params.id)));
