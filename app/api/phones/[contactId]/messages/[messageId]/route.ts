import { bigId, withMember } from "@/lib/http/route";
import { notFound } from "@/lib/http/errors";
import { openPhoneMessage } from "@/lib/phones";

// POST: opening a message on a handset retrieves it (a state change on the simulator), hence not GET.
export const POST = withMember("phones.use", async ({ ctx, params }) => {
  const id = bigId(params.contactId);
  if (id === null) throw notFound("This test phone");
  return openPhoneMessage(ctx.workspaceId, id, String(params.messageId));
});
