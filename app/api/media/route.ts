import { z } from "zod";
import { json, parseQuery, withMember } from "@/lib/http/route";
import { badRequest } from "@/lib/http/errors";
import { createMedia, listMedia, MEDIA_LIMITS } from "@/lib/media";
import { formatBytes, tooLarge } from "@/lib/media/errors";

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
  const declared = Number(req.headers.get("content-length") ?? 0);
  // Refuse before buffering the body; the multipart envelope adds a little over the file itself.
  if (declared > MEDIA_LIMITS.maxUploadBytes + 64 * 1024) throw tooLarge(`This file is about ${formatBytes(declared)}; the limit is ${formatBytes(MEDIA_LIMITS.maxUploadBytes)}.`);
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw badRequest("The upload could not be read. Choose the file again.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw badRequest("Choose a file to upload.");
  if (file.size > MEDIA_LIMITS.maxUploadBytes) throw tooLarge(`This file is ${formatBytes(file.size)}; the limit is ${formatBytes(MEDIA_LIMITS.maxUploadBytes)}.`);
  const tags = String(form.get("tags") ?? "").split(",").filter(Boolean);
  const asset = await createMedia(ctx, { bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name, declaredType: file.type, tags });
  return json(asset, { status: 201 });
});
