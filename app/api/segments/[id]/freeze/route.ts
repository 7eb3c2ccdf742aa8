import { withMember } from "@/lib/http/route";
import { freezeSegment, unfreezeSegment } from "@/lib/segments";

/** Freeze to a static snapshot of today's members. */
export const POST = withMember("segments.write", async ({ ctx, params }) => freezeSegment(ctx.workspaceId, String(params.id)));

/** Back to live rules. */
export const DELETE = withMember("segments.write", async ({ ctx, params }) => unfreezeSegment(ctx.workspaceId, String(params.id)));
