import { parseQuery, withMember } from "@/lib/http/route";
import { contactFilterSchema, countContacts } from "@/lib/contacts";

export const GET = withMember("contacts.read", async ({ req, ctx }) => ({ count: await countContacts(ctx.workspaceId, parseQuery(req, contactFilterSchema)) }));
