import { withMember } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { rotateInboundSecret } from "@/lib/carrier/connections";

/** A new inbound secret for the carrier to call us with; shown once. */
export const POST = withMember("connections.manage", async ({ ctx, params }) => {
  const inbound = await rotateInboundSecret(ctx.workspaceId, String(params.id));
  await audit(ctx, "connection.rotate_secret", { targetType: "carrier_connection", targetId: String(params.id) });
  return inbound;
});
