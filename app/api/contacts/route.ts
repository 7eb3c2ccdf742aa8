import { z } from "zod";
import { parseJson, parseQuery, withMember } from "@/lib/http/route";
import { contactFilterSchema, contactInputSchema, createContact, listContacts } from "@/lib/contacts";

const listQuery = contactFilterSchema.extend({ cursor: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });

export const GET = withMember("contacts.read", async ({ req, ctx }) => {
  const { cursor, limit, ...filter } = parseQuery(req, listQuery);
  return listContacts(ctx.workspaceId, filter, { after: cursor, limit });
});

export const POST = withMember("contacts.write", async ({ req, ctx }) => {
  const input = await parseJson(req, contactInputSchema);
  return createContact(ctx.workspaceId, input, ctx.user.id);
});
