import { z } from "zod";
import { json, parseQuery, withMember } from "@/lib/http/route";
import { createMedia, listMedia, MEDIA_LIMITS } from "@/lib/media";
import { tooLarge } from "@/lib/media/errors";
import { readUpload } from "@/lib/http/upload";

const listQuery = z.object({
  q: z.string().max(100).optional(),
  tag: z.string().max(40).optional(),
  kind: z.enum(["image", "audio", "video"]).optional(),
  cursor: z.string().max(64).optional(),
});

export const GET = withMember("workspace.read", async ({ req, ctx }) => {
  const q = parseQuery(req, listQuery);
  return listMedia(ctx, { search: q.q, tag: q.tag, kind: q.kind, cursor: q.cursor });
});

/** Multipart upload: `file` plus optional `tags` (comma-separated). */
export const POST = withMember("media.write", async ({ req, ctx }) => {
  const upload = await readUpload(req, { maxBytes: MEDIA_LIMITS.maxUploadBytes, onTooLarge: tooLarge });
  const tags = String(upload.form?.get("tags") ?? "").split(",").filter(Boolean);
  const asset = await createMedia(ctx, { bytes: upload.bytes, fileName: upload.fileName, declaredType: upload.type, tags });
  return json(asset, { status: 201 });
});
