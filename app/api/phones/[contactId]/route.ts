import { bigId, withMember } from "@/lib/http/route";
import { notFound } from "@/lib/http/errors";
import { phoneView } from "@/lib/phones";

export const GET = withMember("phones.use", async ({ ctx, params }) => {
  const id = bigId(params.contactId);
  if (id === null) throw notFound("This test phone");
  return phoneView(ctx.workspaceId, id);
});
