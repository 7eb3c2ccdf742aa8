import { z } from "zod";
import { withMember, parseJson } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { connectionInput, createConnection, listConnections } from "@/lib/carrier/connections";

// Credentials never leave the server: the list omits passwords and inbound secrets.
export const GET = withMember("connections.manage", async ({ ctx }) => listConnections(ctx.workspaceId));

const createBody = connectionInput.extend({ useSimulator: z.boolean().optional() });

/** The answer carries the inbound secret: the only time it is ever shown. */
export const POST = withMember("connections.manage", async ({ req, ctx }) => {
  const { useSimulator, ...input } = await parseJson(req, createBody);
  const created = await createConnection(ctx.workspaceId, input, { useSimulator });
  await audit(ctx, "connection.create", { targetType: "carrier_connection", targetId: created.connection.id, detail: { simulator: !!useSimulator } });
  return created;
});
