import { bigId, withMember } from "@/lib/http/route";
import { notFound } from "@/lib/http/errors";
import { readPhoneMessage } from "@/lib/phones";

export const POST = withMember("phones.use", async ({ ctx, params }) => {
  const id = bigId(params.contactId);
  if (id === null) throw notFound("This test phone");
  return readPhoneMessage(ctx.workspaceId, id, String(params.messageId));
});
