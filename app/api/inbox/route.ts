import { parseQuery, withMember } from "@/lib/http/route";
import { listConversations, listFilterSchema } from "@/lib/inbox";

/** ?status=open|closed|all&q=<name or number>&cursor=<next of the previous page> */
export const GET = withMember("contacts.read", async ({ req, ctx }) => listConversations(ctx, parseQuery(req, listFilterSchema)));
