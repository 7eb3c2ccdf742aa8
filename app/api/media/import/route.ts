import { z } from "zod";
import { parseJson, withMember } from "@/lib/http/route";
import { importMediaFromUrl } from "@/lib/media";

const body = z.object({ url: z.string().trim().min(1, "Paste the address of the file.").max(2048), tags: z.array(z.string().max(40)).max(20).optional() });

export const POST = withMember("media.write", async ({ req, ctx }) => {
  const { url, tags } = await parseJson(req, body);
  return importMediaFromUrl(ctx, url, tags);
});
