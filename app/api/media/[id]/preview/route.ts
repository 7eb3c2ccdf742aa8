import { z } from "zod";
import { parseJson, withMember } from "@/lib/http/route";
import { renderMediaPreview } from "@/lib/media";

const body = z.object({
  edits: z.array(z.unknown()).max(30).optional(),
  /** Sample contact values for merge fields, e.g. {"first_name": "Anna"}. */
  values: z.record(z.string(), z.string().max(200).nullable()).optional(),
  atMs: z.number().int().min(0).optional(),
  maxSide: z.number().int().min(64).max(1024).optional(),
});

export const POST = withMember("workspace.read", async ({ req, ctx, params }) => {
  const input = await parseJson(req, body);
  const out = await renderMediaPreview(ctx, String(params.id), input);
  return new Response(new Uint8Array(out.bytes), { headers: { "content-type": out.contentType, "cache-control": "no-store" } });
});
