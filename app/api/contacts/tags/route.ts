import { withMember } from "@/lib/http/route";
import { listAttributeKeys, listTags } from "@/lib/contacts";

export const GET = withMember("contacts.read", async ({ ctx }) => ({ tags: await listTags(ctx.workspaceId), attributes: await listAttributeKeys(ctx.workspaceId) }));
