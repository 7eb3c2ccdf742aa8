import { withMember, parseJson } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { connectionInput, deleteConnection, getConnection, updateConnection } from "@/lib/carrier/connections";

export const GET = withMember("connections.manage", async ({ ctx, params }) => getConnection(ctx.workspaceId, String(params.id)));

export const PUT = withMember("connections.manage", async ({ req, ctx, params }) => {
  const input = await parseJson(req, connectionInput);
  const updated = await updateConnection(ctx.workspaceId, String(params.id), input);
  await audit(ctx, "connection.update", { targetType: "carrier_connection", targetId: updated.id });
  return updated;
});

export const DELETE = withMember("connections.manage", async ({ ctx, params }) => {
  await deleteConnection(ctx.workspaceId, String(params.id));
  await audit(ctx, "connection.delete", { targetType: "carrier_connection", targetId: String(params.id) });
  return { ok: true };
});
