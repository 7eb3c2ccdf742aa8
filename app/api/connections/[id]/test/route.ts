import { withMember } from "@/lib/http/route";
import { testConnection } from "@/lib/carrier/connections";

/** Sends a harmless CancelReq and records the result on the connection. */
export const POST = withMember("connections.manage", async ({ ctx, params }) => testConnection(ctx.workspaceId, String(params.id)));
