import { bigId, parseJson, withMember } from "@/lib/http/route";
import { notFound } from "@/lib/http/errors";
import { replyFromPhone, replySchema } from "@/lib/phones";

// The virtual phone answers: the simulator sends a DeliverReq (MO) to the workspace's gateway.
export const POST = withMember("phones.use", async ({ req, ctx, params }) => {
  const id = bigId(params.contactId);
  if (id === null) throw notFound("This test phone");
  return replyFromPhone(ctx.workspaceId, id, await parseJson(req, replySchema));
});
