import { Readable } from "node:stream";
import { withMember } from "@/lib/http/route";
import { openMediaFile } from "@/lib/media";

/** ?v=original | thumbnail | <variant profile> (e.g. image-300k); ?download=1 to save instead of show. */
export const GET = withMember("workspace.read", async ({ req, ctx, params }) => {
  const url = new URL(req.url);
  const which = url.searchParams.get("v") ?? "original";
  const f = await openMediaFile(ctx, String(params.id), which.slice(0, 40));
  const disposition = url.searchParams.get("download") ? "attachment" : "inline";
  return new Response(Readable.toWeb(f.stream) as ReadableStream, {
    headers: {
      "content-type": f.contentType,
      "content-length": String(f.size),
      "content-disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      // Stored objects never change under a key; the item id + version name it.
      "cache-control": "private, max-age=300",
      "x-content-type-options": "nosniff",
    },
  });
});
