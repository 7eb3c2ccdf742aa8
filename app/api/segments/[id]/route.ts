import { parseJson, withMember } from "@/lib/http/route";
import { deleteSegment, getSegment, segmentInputSchema, updateSegment } from "@/lib/segments";

export const GET = withMember("contacts.read", async ({ ctx, params }) => getSegment(ctx.workspaceId, String(params.id)));

export const PATCH = withMember("segments.write", async ({ req, ctx, params }) => updateSegment(ctx.workspaceId, String(params.id), await parseJson(req, segmentInputSchema.partial())));

export const DELETE = withMember("segments.write", async ({ ctx, params }) => {
  await deleteSegment(ctx.workspaceId, String(params.id));
  return { ok: true };
});
