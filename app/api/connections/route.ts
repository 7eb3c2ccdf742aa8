import { withMember } from "@/lib/http/route";
import { db } from "@/lib/db/client";

// Credentials never leave the server: the list omits passwords and inbound secrets.
export const GET = withMember("connections.manage", async ({ ctx }) =>
  db.carrierConnection.findMany({
    where: { workspaceId: ctx.workspaceId },
    select: { id: true, name: true, url: true, vaspId: true, vasId: true, namespace: true, mm7Version: true, senderAddress: true, maxPerSecond: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  }),
);
