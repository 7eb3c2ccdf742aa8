import { withMember } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { useSimulator } from "@/lib/carrier/connections";

/** Points the connection at the built-in MMSC simulator; answers the new inbound secret once. */
export const POST = withMember("connections.manage", async ({ ctx, params }) => {
  const r = await useSimulator(ctx.workspaceId, String(params.id));
  await audit(ctx, "connection.simulator", { targetType: "carrier_connection", targetId: r.connection.id });
  return r;
});
