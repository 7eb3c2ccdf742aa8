import { bigId, parseJson, withMember } from "@/lib/http/route";
import { notFound } from "@/lib/http/errors";
import { contactPatchSchema, deleteContact, getContact, updateContact } from "@/lib/contacts";

const idOf = (p: Record<string, string | string[]>) => bigId(p.id) ?? (() => { throw notFound("This contact"); })();

export const GET = withMember("contacts.read", async ({ ctx, params }) => getContact(ctx.workspaceId, idOf(params)));

export const PATCH = withMember("contacts.write", async ({ req, ctx, params }) => {
  const patch = await parseJson(req, contactPatchSchema);
  return updateContact(ctx.workspaceId, idOf(params), patch, ctx.user.id);
});

export const DELETE = withMember("contacts.write", async ({ ctx, params }) => {
  await deleteContact(ctx.workspaceId, idOf(params));
  return { ok: true };
});
