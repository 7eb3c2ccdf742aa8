import { Readable } from "node:stream";
import { bigId, withMember } from "@/lib/http/route";
import { openInboundPart } from "@/lib/inbox";

/** ?message=<inbound message id>&part=<index in its parts>: a picture the contact sent. */
export const GET = withMember("contacts.read", async ({ req, ctx, params }) => {
  const url = new URL(req.url);
  const f = await openInboundPart(ctx, String(params.id), bigId(url.searchParams.get("message") ?? undefined), Number(url.searchParams.get("part") ?? "x"));
  return new Response(Readable.toWeb(f.stream) as ReadableStream, {
    headers: {
      "content-type": f.contentType,
      "content-length": String(f.size),
      "content-disposition": `${f.inline ? "inline" : "attachment"}; filename="${f.fileName}"`,
      // Inbound parts never change under their key (named by their SHA-256).
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    },
  });
});
