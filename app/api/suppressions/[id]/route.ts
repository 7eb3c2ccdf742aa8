import { withMember } from "@/lib/http/route";
import { audit } from "@/lib/audit";
import { removeSuppression } from "@/lib/consent";

export const DELETE = withMember("contacts.write", async ({ ctx, params }) => {
  await removeSuppression(ctx.workspaceId, String(params.id));
  await audit(ctx, "suppression.remove", { targetType: "suppression", targetId: String(params.id) });
  return { ok: true };
});
