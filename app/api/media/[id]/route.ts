import { z } from "zod";
import { parseJson, withMember } from "@/lib/http/route";
import { deleteMedia, getMedia, updateMedia } from "@/lib/media";

const patch = z.object({
  name: z.string().max(120).optional(),
  tags: z.array(z.string().max(40)).max(20).optional(),
  /** Validated against the item's kind by the service (lib/media/edits.ts). */
  edits: z.array(z.unknown()).max(30).optional(),
});

export const GET = withMember("workspace.read", async ({ ctx, params }) => getMedia(ctx, String(params.id)));

export const PATCH = withMember("media.write", async ({ req, ctx, params }) => updateMedia(ctx, String(params.id), await parseJson(req, patch)));

export const DELETE = withMember("media.write", async ({ ctx, params }) => {
  await deleteMedia(ctx, String(params.id));
  return { ok: true };
});
