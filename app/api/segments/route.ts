import { parseJson, withMember } from "@/lib/http/route";
import { createSegment, listSegments, segmentInputSchema } from "@/lib/segments";

export const GET = withMember("contacts.read", async ({ ctx }) => listSegments(ctx.workspaceId));

export const POST = withMember("segments.write", async ({ req, ctx }) => createSegment(ctx.workspaceId, await parseJson(req, segmentInputSchema), ctx.user.id));
